namespace Infra.Tests;

/// <summary>SCM (Kudu) and FTP publishing with a user name and password are switched off; azd deploys with a token.</summary>
public class PublishingNeedsEntraIdNotAPassword
{
    [Theory]
    [InlineData("scm")]
    [InlineData("ftp")]
    public void Basic_authentication_is_refused(string endpoint)
    {
        var policy = Assert.Single(CompiledTemplates.Main.ResourcesOfType("Microsoft.Web/sites/basicPublishingCredentialsPolicies"),
            resource => ArmTemplate.Text(resource["name"])?.EndsWith($"'{endpoint}')]", StringComparison.Ordinal) == true);
        Assert.False(policy["properties"]!["allow"]!.GetValue<bool>());
    }
}
