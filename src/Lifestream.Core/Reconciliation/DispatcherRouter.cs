using System.Text.Json;
using Lifestream.Core.Dispatching;
using Lifestream.Core.Dispatching.Messages;
using Microsoft.Extensions.Logging;

namespace Lifestream.Core.Reconciliation;

/// <summary>What a queue message body is, before any work.</summary>
public enum DispatcherMessageKind
{
    /// <summary>An S3 event or upload-confirm message (or anything else): the upload dispatcher's.</summary>
    Upload,

    /// <summary>An EventBridge <c>ECS Task State Change</c>: the reconciler's.</summary>
    TaskStateChange,

    /// <summary>An EventBridge scheduled event (<c>source = aws.events</c>, <c>detail-type = Scheduled Event</c>): run the sweeper.</summary>
    Sweep,
}

/// <summary>
/// The dispatcher Lambda's (and local queue workers') single entry point: one handler serves the uploads queue and
/// the task-events queue. Task stop events go to <see cref="TaskStopReconciler"/>, scheduled events to
/// <see cref="StaleWorkSweeper"/>, everything else to the upload dispatcher. Acknowledgement follows the same
/// contract: a control message whose handling threw (store error, deadline) stays on its queue for redelivery.
/// </summary>
public sealed class DispatcherRouter
{
    public const string ScheduledEventSource = "aws.events";
    public const string ScheduledEventDetailType = "Scheduled Event";

    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 32 };

    private readonly Func<IReadOnlyList<QueueMessage>, CancellationToken, Task<BatchDispatchResult>> uploads;
    private readonly TaskStopReconciler reconciler;
    private readonly StaleWorkSweeper sweeper;
    private readonly ILogger<DispatcherRouter> logger;

    public DispatcherRouter(
        Func<IReadOnlyList<QueueMessage>, CancellationToken, Task<BatchDispatchResult>> uploads,
        TaskStopReconciler reconciler,
        StaleWorkSweeper sweeper,
        ILogger<DispatcherRouter> logger)
    {
        this.uploads = uploads ?? throw new ArgumentNullException(nameof(uploads));
        this.reconciler = reconciler ?? throw new ArgumentNullException(nameof(reconciler));
        this.sweeper = sweeper ?? throw new ArgumentNullException(nameof(sweeper));
        this.logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    public static DispatcherMessageKind Classify(string? body, out TaskStateChange? change, out string? problem)
    {
        change = null;
        problem = null;
        if (string.IsNullOrWhiteSpace(body) || body.TrimStart()[0] != '{')
        {
            return DispatcherMessageKind.Upload;
        }

        try
        {
            using var document = JsonDocument.Parse(body, DocumentOptions);
            var root = document.RootElement;
            if (TaskStateChangeEvent.IsTaskStateChange(root))
            {
                change = TaskStateChangeEvent.TryParse(root, out problem);
                return DispatcherMessageKind.TaskStateChange;
            }

            if (root.TryGetProperty("source", out var source) && source.ValueKind == JsonValueKind.String && source.GetString() == ScheduledEventSource
                && root.TryGetProperty("detail-type", out var type) && type.ValueKind == JsonValueKind.String && type.GetString() == ScheduledEventDetailType)
            {
                return DispatcherMessageKind.Sweep;
            }
        }
        catch (JsonException)
        {
            // The upload parser reports malformed bodies with its own reason.
        }

        return DispatcherMessageKind.Upload;
    }

    public async Task<BatchDispatchResult> DispatchBatchAsync(IReadOnlyList<QueueMessage> messages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var results = new MessageDispatchResult?[messages.Count];
        var uploadIndexes = new List<int>();
        var controls = new List<Task>();
        for (var i = 0; i < messages.Count; i++)
        {
            var kind = Classify(messages[i].Body, out var change, out var problem);
            if (kind == DispatcherMessageKind.Upload)
            {
                uploadIndexes.Add(i);
                continue;
            }

            var index = i;
            controls.Add(Task.Run(
                async () => results[index] = new MessageDispatchResult(messages[index].MessageId, [await HandleControlAsync(kind, change, problem, cancellationToken).ConfigureAwait(false)]),
                CancellationToken.None));
        }

        if (uploadIndexes.Count > 0)
        {
            var dispatched = await uploads([.. uploadIndexes.Select(i => messages[i])], cancellationToken).ConfigureAwait(false);
            for (var j = 0; j < uploadIndexes.Count; j++)
            {
                results[uploadIndexes[j]] = dispatched.Messages[j];
            }
        }

        await Task.WhenAll(controls).ConfigureAwait(false);
        return new BatchDispatchResult([.. results.Select(r => r!)]);
    }

    private async Task<DispatchOutcome> HandleControlAsync(DispatcherMessageKind kind, TaskStateChange? change, string? problem, CancellationToken cancellationToken)
    {
        try
        {
            if (kind == DispatcherMessageKind.Sweep)
            {
                var report = await sweeper.SweepAsync(cancellationToken).ConfigureAwait(false);
                return new DispatchOutcome(DispatchOutcomeKind.Ignored, $"sweep: {report}");
            }

            if (change is null)
            {
                logger.LogWarning("Malformed task state change event: {Problem}", problem);
                return new DispatchOutcome(DispatchOutcomeKind.Malformed, $"task state change: {problem}");
            }

            var result = await reconciler.ReconcileAsync(change, cancellationToken).ConfigureAwait(false);
            return new DispatchOutcome(
                result.Kind switch
                {
                    RecoveryResultKind.Relaunched => DispatchOutcomeKind.Launched,
                    RecoveryResultKind.GaveUp => DispatchOutcomeKind.AttemptsExhausted,
                    RecoveryResultKind.Rejected or RecoveryResultKind.SourceChanged or RecoveryResultKind.Superseded => DispatchOutcomeKind.Rejected,
                    RecoveryResultKind.OwnerAlive => DispatchOutcomeKind.InProgress,
                    RecoveryResultKind.Completed => DispatchOutcomeKind.AlreadyProcessed,
                    _ => DispatchOutcomeKind.Ignored,
                },
                $"{result.Kind}: {result.Detail}")
            { TaskArn = result.TaskArn ?? change.TaskArn, Attempt = result.Attempt };
        }
        catch (Exception ex)
        {
            // Store errors, contention, the invocation deadline: the event stays on its queue and is redelivered.
            logger.LogWarning(ex, "Handling a {Kind} message failed; it will be redelivered", kind);
            return new DispatchOutcome(DispatchOutcomeKind.RetryLater, $"{kind}: {ex.GetType().Name}: {ex.Message}");
        }
    }
}
