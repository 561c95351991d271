using Lifestream.Pipeline.Chunking;
using Lifestream.Pipeline.Summarization;
using Lifestream.Tests.Unit.Pipeline.Documents;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Time.Testing;

namespace Lifestream.Tests.Unit.Pipeline.Summarization;

public class ChatClientSummarizerTests
{
    private static readonly LlmSummarizerOptions Options = new() { Endpoint = new Uri("http://127.0.0.1:1/v1"), Model = "test-model", ApiKey = "secret-key", RetryBaseDelay = TimeSpan.Zero };

    private static SummaryInput Input(int maxTokens = 40)
    {
        var segments = SampleOutcome.Segments();
        var sentences = SentenceSplitter.Split(segments);
        var chunks = new TranscriptChunker(new Cl100kTokenCounter(), new ChunkingOptions { MaxTokens = maxTokens, OverlapTokens = 0 }).Chunk(sentences, []);
        return new SummaryInput { Sentences = sentences, Chunks = chunks, Scenes = [], Segments = segments, DurationSeconds = 34 };
    }

    [Fact]
    public async Task Maps_every_chunk_then_reduces_to_the_overview()
    {
        var input = Input();
        var client = new FakeChatClient((instructions, content, call) => instructions == ChatClientSummarizer.MapInstructions ? $"partial {call}" : "FINAL OVERVIEW");

        var result = await new ChatClientSummarizer(client, Options, new Cl100kTokenCounter()).SummarizeAsync(input, CancellationToken.None);

        Assert.True(input.Chunks.Count > 1);
        Assert.Equal(input.Chunks.Count, client.Calls.Count(c => c.Instructions == ChatClientSummarizer.MapInstructions));
        Assert.Equal(input.Chunks.Select(c => c.Text), client.Calls.Where(c => c.Instructions == ChatClientSummarizer.MapInstructions).Select(c => c.Content));
        Assert.Equal("FINAL OVERVIEW", result.Overview);
        Assert.Equal("llm-map-reduce", result.Method);
        Assert.Equal("test-model", result.Engine.Settings["model"]);
        Assert.DoesNotContain(result.Engine.Settings.Values, v => v.Contains("secret", StringComparison.Ordinal));
        Assert.NotEmpty(result.ActionItems);
        Assert.All(client.Calls, c => Assert.Equal("test-model", c.Options!.ModelId));
    }

    [Fact]
    public async Task Transient_failures_are_retried_with_backoff()
    {
        var time = new FakeTimeProvider();
        var failures = 2;
        var client = new FakeChatClient((_, _, _) => failures-- > 0 ? throw new HttpRequestException("503") : "ok summary");
        var options = Options with { RetryBaseDelay = TimeSpan.FromSeconds(1), MaxAttempts = 3 };
        var summarizer = new ChatClientSummarizer(client, options, new Cl100kTokenCounter(), time: time);

        var task = summarizer.SummarizeAsync(Input(maxTokens: 4000), CancellationToken.None);
        while (!task.IsCompleted)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(5);
        }

        var result = await task;
        Assert.Equal("ok summary", result.Overview);
        Assert.Equal(3, client.Calls.Count);
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public async Task A_model_that_keeps_failing_leaves_the_extractive_overview_with_a_warning()
    {
        var client = new FakeChatClient((_, _, _) => throw new HttpRequestException("connection refused"));
        var input = Input();

        var result = await new ChatClientSummarizer(client, Options with { MaxAttempts = 2 }, new Cl100kTokenCounter()).SummarizeAsync(input, CancellationToken.None);

        Assert.Equal(new ExtractiveSummarizer().Summarize(input).Overview, result.Overview);
        Assert.Equal("extractive-textrank", result.Method);
        Assert.Contains(result.Warnings, w => w.Contains("failed after 2 attempts", StringComparison.Ordinal));
        Assert.Equal(2, client.Calls.Count);
    }

    [Fact]
    public async Task The_total_token_budget_stops_further_calls()
    {
        var client = new FakeChatClient((_, _, _) => "partial");
        var options = Options with { MaxInputTokensPerRequest = 256, MaxTotalInputTokens = 256 };

        var result = await new ChatClientSummarizer(client, options, new Cl100kTokenCounter()).SummarizeAsync(Input(), CancellationToken.None);

        Assert.Contains(result.Warnings, w => w.Contains("over the budget of 256", StringComparison.Ordinal));
        Assert.True(client.Calls.Count < Input().Chunks.Count + 1);
    }

    [Fact]
    public async Task Many_partials_are_reduced_in_batches_under_the_request_budget()
    {
        var longPartial = string.Join(' ', Enumerable.Repeat("detail", 150));
        var client = new FakeChatClient((instructions, _, call) => instructions == ChatClientSummarizer.MapInstructions ? longPartial : $"reduced {call}");
        var options = Options with { MaxInputTokensPerRequest = 400 };

        var result = await new ChatClientSummarizer(client, options, new Cl100kTokenCounter()).SummarizeAsync(Input(maxTokens: 20), CancellationToken.None);

        var tokens = new Cl100kTokenCounter();
        Assert.True(client.Calls.Count(c => c.Instructions == ChatClientSummarizer.ReduceInstructions) > 1);
        Assert.All(client.Calls, c => Assert.True(tokens.CountTokens(c.Instructions) + tokens.CountTokens(c.Content) <= 400));
        Assert.StartsWith("reduced", result.Overview, StringComparison.Ordinal);
    }

    [Fact]
    public void Environment_without_endpoint_and_model_means_offline()
    {
        Assert.Null(LlmSummarizerOptions.FromEnvironment(_ => null));
        Assert.IsType<ExtractiveSummarizer>(SummarizerFactory.Create(_ => null, new Cl100kTokenCounter()));
    }

    [Fact]
    public void Environment_with_endpoint_and_model_selects_the_model_summarizer_without_calling_it()
    {
        var env = new Dictionary<string, string?>
        {
            [LlmSummarizerOptions.EndpointVariable] = "http://127.0.0.1:11434/v1",
            [LlmSummarizerOptions.ModelVariable] = "llama3",
        };

        Assert.IsType<ChatClientSummarizer>(SummarizerFactory.Create(k => env.GetValueOrDefault(k), new Cl100kTokenCounter()));
    }

    [Fact]
    public void A_bad_endpoint_is_a_clear_error_naming_the_variable()
    {
        var ex = Assert.Throws<ArgumentException>(() => LlmSummarizerOptions.FromEnvironment(k => k == LlmSummarizerOptions.EndpointVariable ? "not a url" : "m"));

        Assert.Contains(LlmSummarizerOptions.EndpointVariable, ex.Message, StringComparison.Ordinal);
    }

    private sealed class FakeChatClient(Func<string, string, int, string> answer) : IChatClient
    {
        public List<(string Instructions, string Content, ChatOptions? Options)> Calls { get; } = [];

        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            var list = messages.ToList();
            var instructions = list.Single(m => m.Role == ChatRole.System).Text;
            var content = list.Single(m => m.Role == ChatRole.User).Text;
            Calls.Add((instructions, content, options));
            return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, answer(instructions, content, Calls.Count))));
        }

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
