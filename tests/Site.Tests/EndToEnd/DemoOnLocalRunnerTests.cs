namespace Site.Tests.EndToEnd;

/// <summary>The live demo's real predictions, direct and through the blob pipeline, on the local runner.</summary>
public class DemoOnLocalRunnerTests(LocalRunnerFixture site) : DemoAgainstApiTests<LocalRunnerFixture>(site), IClassFixture<LocalRunnerFixture>;
