using System.Text.Json;
using System.Text.Json.Nodes;
using Connectors.Conformance.Tests.Schema;
using Connectors.Emulator;
using Connectors.Emulator.Knowledge;
using Connectors.Emulator.Rules;
using Connectors.JamAI;
using Microsoft.Extensions.AI;
using NJsonSchema.Validation;
using OpenTelemetry.Trace;

namespace Connectors.Conformance.Tests.Conformance;

/// <summary>The conformance checklist for <see cref="JamAIChatClient"/>.</summary>
public sealed class JamAIConformanceTests : ChatClientConformanceTests
{
    private const string Token = "jamai_pat_conformance_secret";
    private const string Model = "openai/gpt-4o-mini";

    protected override EmulatorDialect Dialect => EmulatorDialect.JamAI;

    protected override string ProviderName => "jamai";

    protected override string DefaultModelId => Model;

    protected override Uri Endpoint => Server.JamAIEndpoint;

    protected override Type OptionsType => typeof(JamAIClientOptions);

    protected override string Secret => Token;

    protected override JsonSerializerOptions ProviderJsonOptions => JamAIJsonUtilities.DefaultOptions;

    /// <summary>The current server's stream breaks on tool-call fragments, so the client sends such requests whole.</summary>
    protected override bool StreamsRequestsWithTools => false;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        var table = Server.Knowledge.GetOrCreate("policies");
        table.AddRow(new KnowledgeRow("Refunds", "Refunds are paid within 14 days of a return.", fileName: "refunds.md"));
        table.AddRow(new KnowledgeRow("Shipping", "Orders ship from Lyon within two working days.", fileName: "shipping.md"));
    }

    protected override IChatClient CreateClient(HttpClient httpClient) => new JamAIChatClient(
        new JamAIClientOptions
        {
            Endpoint = Server.JamAIEndpoint,
            Token = Token,
            ProjectId = "proj_conformance",
            DefaultModelId = Model,
            Resilience = new() { RetriesEnabled = false },
        },
        httpClient);

    protected override (List<ChatMessage> Messages, ChatOptions Options) ProviderContentRequest() =>
        (Ask("How many days until refunds are paid?"), new ChatOptions().WithRag(new RagParams("policies") { K = 2, InlineCitations = true }));

    protected override void AssertProviderContent(ChatResponse response)
    {
        var references = response.GetReferences();
        Assert.NotNull(references);
        Assert.Contains(references.Chunks, c => c.Title == "Refunds" && c.Text.Contains("14 days", StringComparison.Ordinal));
        var citations = response.GetCitations();
        Assert.NotEmpty(citations);
        Assert.Contains(citations, c => c.Title == "Refunds");
        Assert.Contains("14 days", response.Text, StringComparison.Ordinal);
    }

    /// <summary>
    /// The one rule a JamAI body may break: with no default model the client omits <c>model</c>, which OpenAI requires,
    /// because the gateway then picks a model with the capabilities the request needs (see <see cref="JamAIClientOptions.DefaultModelId"/>).
    /// Flattened tool schemas, folded tool turns and <c>rag_params</c> are all valid OpenAI requests and need no exception.
    /// </summary>
    protected override bool IsDocumentedDeviation(SchemaError error) =>
        error.Kind == ValidationErrorKind.PropertyRequired && error.Path == "#/model";

    [Fact]
    public async Task Without_a_default_model_the_body_omits_model_and_only_that_rule_is_excused()
    {
        using var client = new JamAIChatClient(new JamAIClientOptions { Endpoint = Server.JamAIEndpoint, Token = Token, Resilience = new() { RetriesEnabled = false } }, Http);

        await client.GetResponseAsync(Ask("Which model answers?"), new ChatOptions { Temperature = 0.2f }, Ct);

        var body = Recorder.ChatBodies.Single();
        Assert.False(JsonNode.Parse(body)!.AsObject().ContainsKey("model"));
        var error = Assert.Single(await OpenApiRequestValidator.ValidateAsync(body));
        Assert.True(IsDocumentedDeviation(error), error.Description);
    }

    [Fact]
    public async Task Without_a_default_model_telemetry_names_the_model_the_gateway_picked()
    {
        var source = $"Conformance.{nameof(JamAIConformanceTests)}.{Guid.NewGuid():N}";
        var spans = new List<System.Diagnostics.Activity>();
        ChatResponse response;
        using (var tracing = OpenTelemetry.Sdk.CreateTracerProviderBuilder().AddSource(source).AddInMemoryExporter(spans).Build())
        {
            using var client = new JamAIChatClient(new JamAIClientOptions { Endpoint = Server.JamAIEndpoint, Token = Token, Resilience = new() { RetriesEnabled = false } }, Http)
                .AsBuilder().UseOpenTelemetry(sourceName: source).Build();
            response = await client.GetResponseAsync(Ask("Which model answers?"), cancellationToken: Ct);
        }

        var span = Assert.Single(spans);
        Assert.False(string.IsNullOrEmpty(response.ModelId));
        Assert.Equal(response.ModelId, span.GetTagItem("gen_ai.response.model"));
        // No model was requested (the gateway chose one for the request's needs): the tag is absent, never "".
        Assert.Null(span.GetTagItem("gen_ai.request.model"));
    }

    // The gateway has no tool role: results come back folded into a user message (see JamAIChatClient).
    protected override RuleMatch AfterToolResults() => new() { Dialect = EmulatorDialect.JamAI, Text = "<tool_result " };

    protected override void AssertCarriesToolResult(JsonObject body, string callId, string functionName, string result)
    {
        var messages = body["messages"]!.AsArray();
        Assert.DoesNotContain(messages, m => m!["role"]!.GetValue<string>() == "tool");
        Assert.Contains(messages, m => m!["role"]!.GetValue<string>() == "assistant" && Text(m).Contains($"<tool_call id=\"{callId}\" name=\"{functionName}\">", StringComparison.Ordinal));
        Assert.Contains(messages, m => m!["role"]!.GetValue<string>() == "user" && Text(m).Contains($"<tool_result id=\"{callId}\" name=\"{functionName}\">{result}</tool_result>", StringComparison.Ordinal));

        static string Text(JsonNode? message) => message!["content"] switch
        {
            JsonValue value => value.GetValue<string>(),
            JsonArray parts => string.Concat(parts.Select(p => p!["text"]?.GetValue<string>())),
            _ => "",
        };
    }

    /// <summary>
    /// The gateway drops <c>response_format</c> silently, so the client refuses a JSON format of either kind (the native
    /// schema, or MEAI's prompt-only fallback, which still asks for JSON mode) instead of letting it vanish.
    /// </summary>
    [Theory]
    [InlineData(null)]
    [InlineData(false)]
    public async Task Structured_output_is_refused_before_sending(bool? useJsonSchemaResponseFormat)
    {
        using var client = CreateClient(Http);

        var error = await Assert.ThrowsAsync<NotSupportedException>(() => client.GetResponseAsync<ShapeCount>("Count", useJsonSchemaResponseFormat: useJsonSchemaResponseFormat, cancellationToken: Ct));

        Assert.Contains("response_format", error.Message, StringComparison.Ordinal);
        Assert.Empty(Recorder.ChatBodies);
    }
}
