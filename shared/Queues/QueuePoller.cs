using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Marketplace.Queues;

public sealed class QueuePollerOptions
{
    public const string Section = "Queues";

    /// <summary>How long a message being handled stays invisible; a crashed host's messages reappear after it.</summary>
    [System.ComponentModel.DataAnnotations.Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan VisibilityTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest wait between polls of an idle queue: host.json's <c>maxPollingInterval</c> for the trigger.</summary>
    [System.ComponentModel.DataAnnotations.Range(typeof(TimeSpan), "00:00:00.050", "00:01:00")]
    public TimeSpan MaxIdleDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Receivers per queue, each taking up to 32 messages (the service's most) at a time and handling them
    /// concurrently: the standalone counterpart of host.json's <c>batchSize</c> and <c>newBatchThreshold</c>. Only
    /// the first polls an idle queue; the others join when it receives messages.
    /// </summary>
    [System.ComponentModel.DataAnnotations.Range(1, 16)]
    public int Receivers { get; set; } = 4;

    /// <summary>
    /// False: this instance serves requests and leaves its queues to other instances on the same storage (a
    /// request-only instance). One that stops while holding messages leaves them invisible for the visibility timeout.
    /// </summary>
    public bool Enabled { get; set; } = true;
}

/// <summary>
/// Standalone stand-in for the Functions queue trigger: same queue, same handler, same retry and poison rules
/// (five dequeues, then <c>{queue}-poison</c>).
/// </summary>
public sealed class QueuePoller(StorageQueues queues, IServiceScopeFactory scopes, IOptions<QueuePollerOptions> options, ILogger<QueuePoller> logger) : BackgroundService
{
    const int MaxDequeueCount = 5;
    const int MaxMessagesPerReceive = 32;

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled) return Task.CompletedTask;
        using var scope = scopes.CreateScope();
        var queuesHandled = scope.ServiceProvider.GetServices<IQueueHandler>().Select(h => h.Queue).ToList();
        return Task.WhenAll(queuesHandled.Select(q => ReceiveAsync(q, stoppingToken)));
    }

    /// <summary>
    /// One receiver polls the queue, backing off while it is idle; the others wait until it receives messages and then
    /// receive alongside it until they find the queue empty. An idle queue thus costs one poll per back-off interval,
    /// not one per receiver, while a queue with work gets every receiver.
    /// </summary>
    Task ReceiveAsync(string queueName, CancellationToken ct)
    {
        var helpers = new Helpers();
        return Task.WhenAll(Enumerable.Range(0, options.Value.Receivers).Select(i => i == 0 ? PollAsync(queueName, helpers, ct) : HelpAsync(queueName, helpers, ct)));
    }

    sealed class Helpers
    {
        readonly SemaphoreSlim wake = new(0);
        int waiting;

        public void WakeAll()
        {
            if (Interlocked.Exchange(ref waiting, 0) is > 0 and var count) wake.Release(count);
        }

        public Task WaitAsync(CancellationToken ct)
        {
            Interlocked.Increment(ref waiting);
            return wake.WaitAsync(ct);
        }
    }

    /// <summary>Receives one batch and handles it; the number of messages it held.</summary>
    async Task<int> ReceiveOnceAsync(Azure.Storage.Queues.QueueClient queue, string queueName, Helpers helpers, CancellationToken ct)
    {
        var messages = (await queue.ReceiveMessagesAsync(MaxMessagesPerReceive, options.Value.VisibilityTimeout, ct)).Value;
        // Any message wakes the others: a receiver waits for its whole batch before it receives again, so one slow
        // message would otherwise hold back everything queued behind it until the batch came back full.
        if (messages.Length > 0) helpers.WakeAll();
        // A batch runs concurrently, as the Functions queue trigger runs its batch (batchSize 32); handlers that
        // group work (the billing worker's group commit) see the whole batch at once.
        await Task.WhenAll(messages.Select(m => ProcessAsync(queue, queueName, m, ct)));
        return messages.Length;
    }

    async Task HelpAsync(string queueName, Helpers helpers, CancellationToken ct)
    {
        var queue = queues.Get(queueName);
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await helpers.WaitAsync(ct);
                while (await ReceiveOnceAsync(queue, queueName, helpers, ct) > 0)
                {
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Polling {Queue} failed; retrying", queueName);
                await Task.Delay(options.Value.MaxIdleDelay, ct).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    async Task ProcessAsync(Azure.Storage.Queues.QueueClient queue, string queueName, Azure.Storage.Queues.Models.QueueMessage message, CancellationToken ct)
    {
        if (message.DequeueCount > MaxDequeueCount)
        {
            await queues.Get(QueueNames.Poison(queueName)).SendMessageAsync(message.Body, cancellationToken: ct);
            await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, ct);
            logger.LogWarning("Message {MessageId} moved to {Queue}-poison after {Count} tries", message.MessageId, queueName, message.DequeueCount);
            return;
        }
        await using var scope = scopes.CreateAsyncScope();
        var handler = scope.ServiceProvider.GetServices<IQueueHandler>().Single(h => h.Queue == queueName);
        try
        {
            await handler.HandleAsync(message.Body.ToString(), ct);
            await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, ct);
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Message {MessageId} on {Queue} failed (try {Count}); it will be retried", message.MessageId, queueName, message.DequeueCount);
            // Like the Functions queue trigger (visibilityTimeout 0 by default): visible again at once.
            await queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: TimeSpan.Zero, cancellationToken: ct);
        }
    }

    async Task PollAsync(string queueName, Helpers helpers, CancellationToken ct)
    {
        var queue = queues.Get(queueName);
        var delay = TimeSpan.FromMilliseconds(50);
        while (!ct.IsCancellationRequested)
        {
            try
            {
                var received = await ReceiveOnceAsync(queue, queueName, helpers, ct);
                delay = received > 0 ? TimeSpan.FromMilliseconds(50) : TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, options.Value.MaxIdleDelay.Ticks));
                if (received == 0) await Task.Delay(delay, ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Polling {Queue} failed; retrying", queueName);
                await Task.Delay(options.Value.MaxIdleDelay, ct).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }
}
