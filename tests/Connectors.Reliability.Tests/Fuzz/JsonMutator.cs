using System.Text;
using System.Text.Json.Nodes;

namespace Connectors.Reliability.Tests.Fuzz;

/// <summary>
/// Mutations that keep JSON well formed, so the dialects' mapping (grounding tags, references, citations,
/// choices, usage) is reached, unlike byte noise which the JSON reader mostly stops first.
/// </summary>
internal static class JsonMutator
{
    // Grounding and citation fragments: half-open tags, bad coordinates, stray markers.
    private static readonly string[] TextFragments =
    [
        "<point", "<point_box", "<polygon", "<collection", "</point>", "</point_box>", "</polygon>", "</collection>", "<think>", "</think>",
        " mention=\"", "\"", ">", "<", "(", ")", ",", " (1,2) ", " (-5,99999999999) ", " (1e9,NaN) ", " (0,0) (0,0) ", "[@0]", "[@99]", "[@-1]", "[@",
        "\u0000", "\ud83d\ude00", "\u2028", "&lt;", "t=1.5", "<point t=\"x\">",
    ];

    private static readonly Func<Random, JsonNode?>[] Values =
    [
        _ => null,
        _ => JsonValue.Create(0),
        _ => JsonValue.Create(-1),
        _ => JsonValue.Create(1e308),
        _ => JsonValue.Create(long.MaxValue),
        _ => JsonValue.Create(2.5),
        _ => JsonValue.Create(""),
        _ => JsonValue.Create("x"),
        _ => JsonValue.Create(true),
        _ => new JsonArray(),
        _ => new JsonObject(),
        _ => new JsonArray(JsonValue.Create(1), JsonValue.Create("a"), null),
        _ => new JsonObject { ["a"] = 1, ["index"] = -3 },
        r => JsonValue.Create(new string('x', r.Next(1, 5000))),
        r => JsonValue.Create(TextFragments[r.Next(TextFragments.Length)]),
    ];

    public static string Mutate(string json, Random random)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json);
        }
        catch (System.Text.Json.JsonException)
        {
            return json;
        }

        if (root is null)
        {
            return json;
        }

        for (var n = random.Next(1, 4); n > 0; n--)
        {
            var slots = new List<(JsonNode Parent, object Key, JsonNode? Value)>();
            Collect(root, slots);
            if (slots.Count == 0)
            {
                break;
            }

            var (parent, key, value) = slots[random.Next(slots.Count)];
            JsonNode? replacement = value is JsonValue v && v.TryGetValue<string>(out var text) && random.Next(2) == 0
                ? JsonValue.Create(Splice(text, random))
                : random.Next(6) == 0
                    ? null
                    : Values[random.Next(Values.Length)](random);
            switch (parent, key)
            {
                case (JsonObject o, string name) when random.Next(8) == 0:
                    o.Remove(name);
                    break;
                case (JsonObject o, string name):
                    o[name] = replacement;
                    break;
                case (JsonArray a, int index) when random.Next(8) == 0:
                    a.RemoveAt(index);
                    break;
                case (JsonArray a, int index):
                    a[index] = replacement;
                    break;
            }
        }

        return root.ToJsonString();
    }

    private static string Splice(string text, Random random)
    {
        var builder = new StringBuilder(text);
        for (var n = random.Next(1, 5); n > 0; n--)
        {
            var at = random.Next(builder.Length + 1);
            if (random.Next(3) == 0 && builder.Length > 0)
            {
                builder.Remove(Math.Min(at, builder.Length - 1), Math.Min(random.Next(1, 12), builder.Length - Math.Min(at, builder.Length - 1)));
            }
            else
            {
                builder.Insert(at, TextFragments[random.Next(TextFragments.Length)]);
            }
        }

        return builder.ToString();
    }

    private static void Collect(JsonNode node, List<(JsonNode, object, JsonNode?)> slots)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (name, value) in o.ToList())
                {
                    slots.Add((o, name, value));
                    if (value is not null)
                    {
                        Collect(value, slots);
                    }
                }

                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    slots.Add((a, i, a[i]));
                    if (a[i] is { } item)
                    {
                        Collect(item, slots);
                    }
                }

                break;
        }
    }
}
