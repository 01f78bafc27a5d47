using System.Net;
using System.Text.Json.Nodes;
using Connectors.Emulator.Scenes;

namespace Connectors.Emulator.Tests;

public sealed class ConcurrencyTests : EmulatorTestBase
{
    [Fact]
    public async Task Parallel_requests_of_both_dialects_each_get_their_own_answer()
    {
        Server.Knowledge.GetOrCreate("kt").AddDocument("a.md", "Alpha is the first letter.\n\nOmega is the last letter.");
        var tasks = Enumerable.Range(0, 24).Select(async i =>
        {
            if (i % 3 == 0)
            {
                var options = new SceneOptions { Seed = i, RandomObjects = 0 };
                for (var n = 0; n < 1 + (i % 4); n++)
                {
                    options.Required.Add(("red", SceneShape.Circle));
                }

                var scene = SceneGenerator.Generate(options);
                var body = new JsonObject { ["model"] = "perceptron-mk1.5", ["messages"] = new JsonArray(ImageMessage(scene.ToDataUrl(), "How many red circles are there?")) };
                using var response = await PostAsync("/v1/chat/completions", body);
                var content = (string)(await JsonAsync(response))["choices"]![0]!["message"]!["content"]!;
                Assert.Equal(scene.Objects.Count, GridMath.Points(content).Count);
            }
            else if (i % 3 == 1)
            {
                using var response = await PostAsync("/v1/chat/completions", PerceptronBody($"message {i}", stream: true));
                var text = string.Concat((await EventsAsync(response)).Where(e => e != "[DONE]").Select(e => (string?)Parse(e)["choices"]!.AsArray().FirstOrDefault()?["delta"]?["content"]));
                Assert.Contains($"message {i}", text, StringComparison.Ordinal);
            }
            else
            {
                var body = JamAIBody("Which letter is last?");
                body["rag_params"] = new JsonObject { ["table_id"] = "kt", ["k"] = 1 };
                using var response = await PostAsync("/api/v1/chat/completions", body);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.Equal("Omega is the last letter [@0].", (string?)(await JsonAsync(response))["choices"]![0]!["message"]!["content"]);
            }
        });
        await Task.WhenAll(tasks);
        Assert.Equal(24, Server.RequestLog.Entries.Count(e => e.Path.EndsWith("/chat/completions", StringComparison.Ordinal)));
    }
}
