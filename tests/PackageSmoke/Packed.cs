using System.Reflection;

namespace PackageSmoke.Tests;

/// <summary>Where .ci/run packed the packages and under which version (MSBuild passes both as assembly metadata).</summary>
internal static class Packed
{
    public static string Folder { get; } = Metadata("ConnectorsPackagesFolder");

    public static string Version { get; } = Metadata("ConnectorsPackageVersion");

    /// <summary>How long a restore, build, publish or tool install of a consumer may take.</summary>
    public static TimeSpan Deadline { get; } = TimeSpan.FromMinutes(5);

    private static string Metadata(string key) =>
        typeof(Packed).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;
}
