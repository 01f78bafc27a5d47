using System.Reflection;

namespace Connectors.Notebooks.Tests.Runner;

/// <summary>Where the notebooks are: copied next to the tests to run, and in the source tree to write outputs back.</summary>
public static class NotebookFiles
{
    /// <summary>The environment variable that makes a run write its outputs into the source notebooks.</summary>
    public const string WriteOutputsVariable = "NOTEBOOKS_WRITE_OUTPUTS";

    /// <summary>Whether this run writes outputs back (<c>NOTEBOOKS_WRITE_OUTPUTS=1</c>).</summary>
    public static bool WriteOutputs => Environment.GetEnvironmentVariable(WriteOutputsVariable) is "1" or "true";

    /// <summary>The copy of a notebook in the test output folder.</summary>
    public static string CopyOf(string fileName) => Path.Combine(AppContext.BaseDirectory, "Notebooks", fileName);

    /// <summary>The notebook in the source tree.</summary>
    public static string SourceOf(string fileName)
    {
        var folder = typeof(NotebookFiles).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "NotebooksSourceDirectory")?.Value
            ?? throw new InvalidOperationException("The test assembly does not record the notebooks folder (AssemblyMetadata NotebooksSourceDirectory).");
        return Path.Combine(folder, fileName);
    }
}
