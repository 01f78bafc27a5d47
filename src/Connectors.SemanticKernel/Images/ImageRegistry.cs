namespace Connectors.SemanticKernel;

/// <summary>Images the application registered with the plugin, by name; thread-safe.</summary>
internal sealed class ImageRegistry
{
    private readonly Lock _gate = new();
    private readonly List<(string Name, ResolvedImage Image)> _images = [];
    private int _unnamed;

    public IReadOnlyList<string> Names
    {
        get
        {
            lock (_gate)
            {
                return [.. _images.Select(static i => i.Name)];
            }
        }
    }

    public string Add(string? name, Func<string, ResolvedImage> create)
    {
        lock (_gate)
        {
            var id = string.IsNullOrWhiteSpace(name) ? $"image-{++_unnamed}" : name.Trim();
            var image = create(id);
            _images.RemoveAll(i => string.Equals(i.Name, id, StringComparison.OrdinalIgnoreCase));
            _images.Add((id, image));
            return id;
        }
    }

    public bool Remove(string name)
    {
        lock (_gate)
        {
            return _images.RemoveAll(i => string.Equals(i.Name, name, StringComparison.OrdinalIgnoreCase)) > 0;
        }
    }

    public ResolvedImage? Find(string name)
    {
        lock (_gate)
        {
            var index = _images.FindLastIndex(i => string.Equals(i.Name, name, StringComparison.OrdinalIgnoreCase));
            return index >= 0 ? _images[index].Image : null;
        }
    }

    public ResolvedImage? Latest()
    {
        lock (_gate)
        {
            return _images.Count > 0 ? _images[^1].Image : null;
        }
    }
}
