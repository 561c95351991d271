using System.ClientModel;
using Lifestream.Pipeline.Chunking;
using Microsoft.Extensions.AI;

namespace Lifestream.Pipeline.Summarization;

/// <summary>Chooses the summarizer: the model-backed one only when the environment configures it.</summary>
public static class SummarizerFactory
{
    public static ISummarizer Create(Func<string, string?> getVariable, ITokenCounter tokens, ExtractiveSummarizerOptions? extractive = null)
    {
        var options = LlmSummarizerOptions.FromEnvironment(getVariable);
        var structure = new ExtractiveSummarizer(extractive);
        if (options is null)
        {
            return structure;
        }

        var client = new OpenAI.Chat.ChatClient(
            options.Model,
            new ApiKeyCredential(string.IsNullOrEmpty(options.ApiKey) ? "not-needed" : options.ApiKey),
            new OpenAI.OpenAIClientOptions { Endpoint = options.Endpoint });
        return new ChatClientSummarizer(client.AsIChatClient(), options, tokens, structure);
    }
}
