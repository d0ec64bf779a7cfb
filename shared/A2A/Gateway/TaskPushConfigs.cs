using Marketplace.A2A.Protocol;
using Marketplace.A2A.Tasks;
using Marketplace.Security;
using Marketplace.Tenancy;

namespace Marketplace.A2A.Gateway;

/// <summary>
/// A task's push-notification configs: created (on their own or with a message), read, listed and deleted by the
/// task's tenant. Credentials are never shown again once saved.
/// </summary>
public sealed class TaskPushConfigs(IPushConfigStore store, TaskWriter writer, SsrfGuard guard, GatewayTasks tasks)
{
    public async Task<TaskPushNotificationConfig> CreateAsync(GatewayCall call, TaskPushNotificationConfig request, CancellationToken ct)
    {
        call.RequireSender();
        Validate(request, "");
        var task = await tasks.FindAsync(call, request.TaskId ?? throw A2AError.InvalidParams("taskId", "required"), ct);
        return await AddAsync(call, task, request, ct);
    }

    /// <summary>Webhook URLs pass the SSRF guard before anything is done with the request, and again at every delivery.</summary>
    public void Validate(TaskPushNotificationConfig request, string field)
    {
        if (string.IsNullOrWhiteSpace(request.Url)) throw A2AError.InvalidParams(field + "url", "required");
        if (!guard.TryValidateUrl(request.Url, out _, out var error)) throw A2AError.InvalidParams(field + "url", error);
        if (request.Authentication is { } auth && string.IsNullOrWhiteSpace(auth.Scheme)) throw A2AError.InvalidParams(field + "authentication.scheme", "required");
    }

    /// <summary>Saves a config already checked by <see cref="Validate"/>, and starts the task's notifier.</summary>
    public async Task<TaskPushNotificationConfig> AddAsync(GatewayCall call, GatewayTask task, TaskPushNotificationConfig request, CancellationToken ct)
    {
        var config = request with { TaskId = task.TaskId, Id = string.IsNullOrWhiteSpace(request.Id) ? "pnc-" + Ids.Random(12) : request.Id, Tenant = null };
        await store.SaveAsync(call.TenantId, config, ct);
        await writer.EnablePushAsync(call.TenantId, task.TaskId, call.Issuer, call.Durable, ct);
        return Redact(config);
    }

    public async Task<TaskPushNotificationConfig> GetAsync(GatewayCall call, GetTaskPushNotificationConfigRequest request, CancellationToken ct)
    {
        var task = await tasks.FindAsync(call, request.TaskId, ct);
        var config = await store.GetAsync(call.TenantId, task.TaskId, request.Id, ct) ?? throw A2AError.TaskNotFound(request.TaskId);
        return Redact(config);
    }

    public async Task<ListTaskPushNotificationConfigsResponse> ListAsync(GatewayCall call, ListTaskPushNotificationConfigsRequest request, CancellationToken ct)
    {
        var task = await tasks.FindAsync(call, request.TaskId, ct);
        var configs = await store.ListAsync(call.TenantId, task.TaskId, ct);
        return new ListTaskPushNotificationConfigsResponse(configs.Select(Redact).ToList());
    }

    public async Task DeleteAsync(GatewayCall call, DeleteTaskPushNotificationConfigRequest request, CancellationToken ct)
    {
        call.RequireSender();
        var task = await tasks.FindAsync(call, request.TaskId, ct);
        // Deleting is idempotent: a config already gone is as deleted as one removed now.
        await store.DeleteAsync(call.TenantId, task.TaskId, request.Id, ct);
    }

    static TaskPushNotificationConfig Redact(TaskPushNotificationConfig config) =>
        config.Authentication is { Credentials: not null } auth ? config with { Authentication = auth with { Credentials = null } } : config;
}
