namespace Connectors.Notebooks.Tests;

/// <summary>Notebook runs redirect the console, so they run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class NotebookCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "Notebooks";
}
