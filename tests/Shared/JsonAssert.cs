using System.Text.Json.Nodes;

namespace Connectors.Tests;

/// <summary>Structural JSON comparison: property order and whitespace do not matter.</summary>
internal static class JsonAssert
{
    public static void Equal(string expected, string? actual)
    {
        var expectedNode = JsonNode.Parse(expected);
        var actualNode = actual is null ? null : JsonNode.Parse(actual);
        if (!JsonNode.DeepEquals(expectedNode, actualNode))
        {
            Assert.Fail($"JSON differs.\nExpected: {expectedNode?.ToJsonString()}\nActual:   {actualNode?.ToJsonString()}");
        }
    }

    /// <summary>Fails when any value in the document is null or any array is empty.</summary>
    public static void NoNullsOrEmptyArrays(string json)
    {
        Walk(JsonNode.Parse(json), "$");

        static void Walk(JsonNode? node, string path)
        {
            switch (node)
            {
                case null:
                    Assert.Fail($"null at {path}");
                    break;
                case JsonObject obj:
                    foreach (var (name, value) in obj)
                    {
                        Walk(value, $"{path}.{name}");
                    }

                    break;
                case JsonArray array:
                    Assert.True(array.Count > 0, $"empty array at {path}");
                    for (var i = 0; i < array.Count; i++)
                    {
                        Walk(array[i], $"{path}[{i}]");
                    }

                    break;
            }
        }
    }
}
