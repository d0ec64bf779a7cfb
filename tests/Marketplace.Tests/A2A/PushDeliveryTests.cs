using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Marketplace.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Marketplace.Tests.A2A;

/// <summary>Push notifications reach a real webhook, in order, retried when the webhook fails.</summary>
[Collection("platform-gateway")]
public sealed class PushDeliveryTests(PlatformFixture platform, SampleAgentsFixture agents) : IClassFixture<SampleAgentsFixture>
{
    [Fact]
    public async Task Every_event_reaches_the_webhook_even_when_it_fails_at_first()
    {
        var received = new ConcurrentQueue<(JsonNode Body, Dictionary<string, string> Headers)>();
        var failures = 2;
        await using var webhook = await StartWebhookAsync(async http =>
        {
            var body = JsonNode.Parse(await new StreamReader(http.Request.Body).ReadToEndAsync())!;
            if (Interlocked.Decrement(ref failures) >= 0) return Results.StatusCode(503);
            // Copied now: the request's header collection is recycled once the response is sent.
            received.Enqueue((body, http.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase)));
            return Results.Ok();
        });

        var (_, publisherKey) = await platform.NewTenantAsync("publisher");
        var (textAgent, _) = await agents.PublishAsync(platform.BaseAddress, publisherKey);
        var (tenantId, key) = await platform.NewTenantAsync("developer");
        using var client = platform.Client(key);
        client.DefaultRequestHeaders.Add("A2A-Version", "1.0");
        var sent = await A2ARpc.ResultAsync(client, textAgent, "SendMessage", new JsonObject
        {
            ["message"] = new JsonObject
            {
                ["messageId"] = Guid.NewGuid().ToString(), ["role"] = "ROLE_USER",
                ["parts"] = new JsonArray(new JsonObject { ["text"] = "First sentence. Second sentence here. Third one." }),
                ["metadata"] = new JsonObject { ["skill"] = "summarize", ["delayMs"] = 300 },
            },
            ["configuration"] = new JsonObject
            {
                ["returnImmediately"] = true,
                ["taskPushNotificationConfig"] = new JsonObject { ["url"] = webhook.Url, ["token"] = "t0k" },
            },
        });
        var taskId = sent["task"]!["id"]!.GetValue<string>();

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!received.Any(r => State(r.Body) == "TASK_STATE_COMPLETED"))
        {
            if (DateTime.UtcNow > deadline)
            {
                var status = await platform.App.Services.GetRequiredService<DurableTaskClient>().GetInstanceAsync($"push-{tenantId}-{taskId}", getInputsAndOutputs: true);
                Assert.Fail($"No completed notification; notifier {status?.RuntimeStatus} {status?.FailureDetails?.ErrorMessage}; received {received.Count}");
            }
            await Task.Delay(100);
        }
        Assert.All(received, r => Assert.Equal("t0k", r.Headers["X-A2A-Notification-Token"]));
        Assert.All(received, r => Assert.StartsWith("Bearer ey", r.Headers["Authorization"]));
        // In order: the notification ids (time-ordered per task) never go backwards.
        var ids = received.Select(r => long.Parse(r.Headers["X-A2A-Notification-Id"].Split(':')[1])).ToList();
        Assert.Equal(ids.Order(), ids);
        Assert.Equal("TASK_STATE_COMPLETED", State(received.Last().Body));
    }

    static string? State(JsonNode body) => (body["statusUpdate"]?["status"] ?? body["task"]?["status"])?["state"]?.GetValue<string>();

    static async Task<Webhook> StartWebhookAsync(Func<HttpContext, Task<IResult>> handle)
    {
        var port = NodeTools.GetFreeTcpPort();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        app.MapPost("/hook", handle);
        await app.StartAsync();
        return new Webhook(app, $"http://127.0.0.1:{port}/hook");
    }

    sealed record Webhook(WebApplication App, string Url) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await App.DisposeAsync();
    }
}
