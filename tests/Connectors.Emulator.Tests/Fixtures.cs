namespace Connectors.Emulator.Tests;

/// <summary>The Perceptron fixtures copied into this project's TestData (from the vendor facts the project started with).</summary>
internal static class Fixtures
{
    public static string Path(string relative)
    {
        var path = System.IO.Path.Combine(AppContext.BaseDirectory, "TestData", relative);
        return File.Exists(path) ? path : throw new FileNotFoundException($"Fixture {relative} is not in {System.IO.Path.GetDirectoryName(path)}.", path);
    }
}
