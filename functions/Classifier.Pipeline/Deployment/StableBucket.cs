using System.Text;

namespace Classifier.Pipeline.Deployment;

/// <summary>
/// A stable 0-99 bucket for a key (a blob name, a client address): FNV-1a over its UTF-8 bytes, the same in
/// every process and on every run, so a canary is sticky across instances and restarts.
/// </summary>
public static class StableBucket
{
    public static int Of(string key, string salt = "")
    {
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(salt + "\n" + key))
            hash = (hash ^ b) * 16777619u;
        return (int)(hash % 100);
    }
}
