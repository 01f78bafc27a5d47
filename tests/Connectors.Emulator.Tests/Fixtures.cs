namespace Connectors.Emulator.Tests;

/// <summary>Finds the shared Perceptron fixtures beside the repository (../shared/fixtures).</summary>
internal static class Fixtures
{
    public static string Path(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = System.IO.Path.Combine(dir.FullName, "shared", "fixtures", "perceptron", relative);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"Fixture {relative} not found above {AppContext.BaseDirectory}.");
    }
}
