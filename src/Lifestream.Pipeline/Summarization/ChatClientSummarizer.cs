using System.Globalization;
using Lifestream.Core.Configuration;
using Lifestream.Pipeline.Chunking;
using Lifestream.Pipeline.Model;
using Microsoft.Extensions.AI;

namespace Lifestream.Pipeline.Summarization;

/// <summary>
/// Map-reduce over transcript chunks with an <see cref="IChatClient"/>: each chunk is summarized (map),
/// then the partial summaries are combined — in batches under the request budget, repeatedly — into one
/// overview (reduce). Structure (chapters, speakers, action items, highlights) stays extractive, so it is
/// grounded in the transcript. Transient failures are retried with exponential back-off; if the model
/// keeps failing or the token budget runs out, the extractive overview is kept and a warning says why.
/// </summary>
public sealed class ChatClientSummarizer : ISummarizer
{
    public const string MethodName = "llm-map-reduce";

    internal const string MapInstructions =
        "You summarize part of a meeting or video transcript. Lines are 'Speaker: text'. Write 2-4 plain sentences " +
        "covering decisions, facts and commitments, naming speakers. Do not invent anything.";

    internal const string ReduceInstructions =
        "You combine partial summaries of one video transcript, in order, into a single overview of at most 6 " +
        "plain sentences. Keep decisions, commitments and who made them. Do not invent anything.";

    private readonly IChatClient client;
    private readonly LlmSummarizerOptions options;
    private readonly ITokenCounter tokens;
    private readonly ExtractiveSummarizer structure;
    private readonly TimeProvider time;

    public ChatClientSummarizer(IChatClient client, LlmSummarizerOptions options, ITokenCounter tokens, ExtractiveSummarizer? structure = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(tokens);
        options.ThrowIfInvalidArgument();
        this.client = client;
        this.options = options;
        this.tokens = tokens;
        this.structure = structure ?? new ExtractiveSummarizer();
        this.time = time ?? TimeProvider.System;
    }

    public async Task<SummaryResult> SummarizeAsync(SummaryInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var extractive = this.structure.Summarize(input);
        var engine = new EngineInfo("summary", MethodName, "1", new Dictionary<string, string>
        {
            ["model"] = this.options.Model,
            ["endpointHost"] = this.options.Endpoint.Host,
            ["maxInputTokensPerRequest"] = this.options.MaxInputTokensPerRequest.ToString(CultureInfo.InvariantCulture),
            ["maxTotalInputTokens"] = this.options.MaxTotalInputTokens.ToString(CultureInfo.InvariantCulture),
        });
        if (input.Chunks.Count == 0)
        {
            return extractive with { Engine = engine, Method = MethodName };
        }

        var budget = new Budget(this.options.MaxTotalInputTokens);
        try
        {
            var partials = new List<string>();
            foreach (var chunk in input.Chunks)
            {
                partials.Add(await AskAsync(MapInstructions, chunk.Text, budget, cancellationToken));
            }

            var overview = await ReduceAsync(partials, budget, cancellationToken);
            var used = new Dictionary<string, string>(engine.Settings) { ["inputTokensUsed"] = budget.Used.ToString(CultureInfo.InvariantCulture) };
            return extractive with { Method = MethodName, Overview = overview.Trim(), Engine = engine with { Settings = used } };
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var reason = ex is TokenBudgetExceededException ? ex.Message : $"the model failed after {this.options.MaxAttempts} attempts ({ex.GetType().Name}: {ex.Message})";
            return extractive with
            {
                Engine = extractive.Engine,
                Warnings = [.. extractive.Warnings, $"LLM summary not used, extractive overview kept: {reason}"],
            };
        }
    }

    private async Task<string> ReduceAsync(List<string> partials, Budget budget, CancellationToken cancellationToken)
    {
        var level = partials;
        while (true)
        {
            var batches = Batch(level);
            if (batches.Count == 1 && level.Count == 1 && partials.Count == 1)
            {
                return level[0]; // a single chunk needs no reduce call
            }

            var reduced = new List<string>();
            foreach (var batch in batches)
            {
                reduced.Add(await AskAsync(ReduceInstructions, string.Join("\n\n", batch.Select((p, i) => $"Part {i + 1}:\n{p}")), budget, cancellationToken));
            }

            if (reduced.Count == 1)
            {
                return reduced[0];
            }

            level = reduced;
        }
    }

    /// <summary>Groups partial summaries so each reduce prompt stays under the per-request budget.</summary>
    private List<List<string>> Batch(List<string> items)
    {
        var room = this.options.MaxInputTokensPerRequest - this.tokens.CountTokens(ReduceInstructions) - 16;
        var batches = new List<List<string>> { new() };
        var used = 0;
        foreach (var item in items)
        {
            var cost = this.tokens.CountTokens(item) + 8;
            if (batches[^1].Count > 0 && used + cost > room)
            {
                batches.Add([]);
                used = 0;
            }

            batches[^1].Add(item);
            used += cost;
        }

        // Two items that cannot share a batch still need to shrink: pairing guarantees progress.
        if (batches.Count == items.Count && items.Count > 1)
        {
            batches = items.Chunk(2).Select(c => c.ToList()).ToList();
        }

        return batches;
    }

    private async Task<string> AskAsync(string instructions, string content, Budget budget, CancellationToken cancellationToken)
    {
        budget.Spend(this.tokens.CountTokens(instructions) + this.tokens.CountTokens(content));
        List<ChatMessage> messages = [new(ChatRole.System, instructions), new(ChatRole.User, content)];
        var chatOptions = new ChatOptions { ModelId = this.options.Model, MaxOutputTokens = this.options.MaxOutputTokens, Temperature = 0 };
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var response = await this.client.GetResponseAsync(messages, chatOptions, cancellationToken);
                var text = response.Text;
                if (string.IsNullOrWhiteSpace(text))
                {
                    throw new InvalidOperationException("The model returned an empty answer.");
                }

                return text.Trim();
            }
            catch (Exception) when (attempt < this.options.MaxAttempts && !cancellationToken.IsCancellationRequested)
            {
                var delay = TimeSpan.FromTicks(this.options.RetryBaseDelay.Ticks * (1L << (attempt - 1)));
                await Task.Delay(delay, this.time, cancellationToken);
            }
        }
    }

    private sealed class Budget(int limit)
    {
        public int Used { get; private set; }

        public void Spend(int tokens)
        {
            if (Used + tokens > limit)
            {
                throw new TokenBudgetExceededException($"the run would send {Used + tokens} prompt tokens, over the budget of {limit}");
            }

            Used += tokens;
        }
    }
}
