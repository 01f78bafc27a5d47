using System.Reflection.PortableExecutable;
using Microsoft.CodeAnalysis;

namespace Connectors.Notebooks.Tests.Runner;

/// <summary>
/// The assemblies cells compile against: every assembly the host resolved for this test process (the trusted
/// platform assemblies: the whole shared framework plus the test project's dependencies, version conflicts already
/// settled) and anything loaded since. A <c>#r "nuget: X"</c> line is satisfied when assembly X is among them.
/// </summary>
internal static class ScriptReferences
{
    private static readonly Lazy<IReadOnlyDictionary<string, string>> Paths = new(Discover);

    public static IEnumerable<MetadataReference> All => Paths.Value.Values.Select(p => (MetadataReference)MetadataReference.CreateFromFile(p));

    public static bool Contains(string assemblyName) => Paths.Value.ContainsKey(assemblyName);

    private static Dictionary<string, string> Discover()
    {
        var found = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var assembly in AppDomain.CurrentDomain.GetAssemblies())
        {
            if (!assembly.IsDynamic && assembly.Location.Length > 0 && assembly.GetName().Name is { } name)
            {
                found.TryAdd(name, assembly.Location);
            }
        }

        var trusted = (AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        foreach (var path in trusted.Concat(Directory.EnumerateFiles(AppContext.BaseDirectory, "*.dll")))
        {
            var name = Path.GetFileNameWithoutExtension(path);
            if (!found.ContainsKey(name) && HasMetadata(path))
            {
                found[name] = path;
            }
        }

        return found;
    }

    private static bool HasMetadata(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            using var reader = new PEReader(stream);
            return reader.HasMetadata;
        }
        catch (BadImageFormatException)
        {
            return false;
        }
    }
}
