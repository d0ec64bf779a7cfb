using Marketplace.A2A.Protocol;
using Marketplace.A2A.Tasks;
using Marketplace.Tests.Infrastructure;
using Xunit;
using TaskStatus = Marketplace.A2A.Protocol.TaskStatus;

namespace Marketplace.Tests.Contract;

/// <summary>What every <see cref="ITaskStore"/> and <see cref="IPushConfigStore"/> must do.</summary>
public abstract class TaskStoreContract : IAsyncLifetime
{
    protected ITaskStore Tasks { get; private set; } = null!;
    protected IPushConfigStore PushConfigs { get; private set; } = null!;

    protected abstract Task<(ITaskStore, IPushConfigStore)> CreateStoresAsync();

    public async Task InitializeAsync() => (Tasks, PushConfigs) = await CreateStoresAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    static string Id() => "t" + Guid.NewGuid().ToString("N")[..10];

    static GatewayTask NewTask(string tenant, string agent, string context, TaskState state, DateTimeOffset at)
    {
        var id = TaskIds.New(at);
        return new GatewayTask(tenant, id, agent, context, new AgentTask(id, new TaskStatus(state) { Timestamp = at }) { ContextId = context }, at, at)
        {
            UpstreamContextId = ContextIds.Upstream(tenant, agent, context),
        };
    }

    [Fact]
    public async Task Tasks_replace_only_under_their_current_token()
    {
        var tenant = Id();
        var task = NewTask(tenant, "agt-a", "ctx", TaskState.Working, DateTimeOffset.UtcNow);
        await Tasks.CreateAsync(task, default);
        var stored = (await Tasks.GetAsync(tenant, task.TaskId, default))!;
        var done = stored.Task with { Task = stored.Task.Task with { Status = new TaskStatus(TaskState.Completed) } };
        var token = await Tasks.ReplaceAsync(done, stored.StoreETag, default);
        Assert.NotNull(token);
        Assert.Null(await Tasks.ReplaceAsync(stored.Task, stored.StoreETag, default));
        Assert.Equal(TaskState.Completed, (await Tasks.GetAsync(tenant, task.TaskId, default))!.Task.State);
        Assert.Null(await Tasks.GetAsync(Id(), task.TaskId, default));
    }

    [Fact]
    public async Task Hand_off_records_are_written_with_their_task_listed_when_due_and_never_seen_as_tasks()
    {
        var (tenant, now) = (Id(), DateTimeOffset.UtcNow);
        var task = NewTask(tenant, "agt-a", "ctx", TaskState.Working, now);
        var follow = new TaskHandOff(tenant, task.TaskId, "h1", HandOffKind.Follow, now);
        await Tasks.CreateAsync(task, follow, default);
        Assert.DoesNotContain(await Tasks.ListDueHandOffsAsync(now.AddMinutes(-1), 100, default), h => h.TenantId == tenant);
        Assert.Equal([(task.TaskId, HandOffKind.Follow)], (await Tasks.ListDueHandOffsAsync(now.AddSeconds(1), 100, default)).Where(h => h.TenantId == tenant).Select(h => (h.TaskId, h.Kind)));
        Assert.Equal([task.TaskId], (await Tasks.ListAsync(new TaskQuery(tenant, "agt-a", null, null, null, 10, null), default)).Tasks.Select(t => t.TaskId));

        // A replace that loses its race writes neither the task nor the record.
        var stored = (await Tasks.GetAsync(tenant, task.TaskId, default))!;
        Assert.NotNull(await Tasks.ReplaceAsync(stored.Task, stored.StoreETag, default));
        await Tasks.RemoveHandOffAsync(follow, default);
        var signal = new TaskHandOff(tenant, task.TaskId, "h2", HandOffKind.Signal, now);
        Assert.Null(await Tasks.ReplaceAsync(stored.Task, stored.StoreETag, signal, default));
        Assert.DoesNotContain(await Tasks.ListDueHandOffsAsync(now.AddSeconds(1), 100, default), h => h.TenantId == tenant);
        var current = (await Tasks.GetAsync(tenant, task.TaskId, default))!;
        Assert.NotNull(await Tasks.ReplaceAsync(current.Task, current.StoreETag, signal, default));
        // Records of one task are distinct: removing an earlier one leaves a later one.
        var latest = (await Tasks.GetAsync(tenant, task.TaskId, default))!;
        Assert.NotNull(await Tasks.ReplaceAsync(latest.Task, latest.StoreETag, signal with { Id = "h3" }, default));
        await Tasks.RemoveHandOffAsync(signal, default);
        await Tasks.RemoveHandOffAsync(signal, default);
        Assert.Equal(["h3"], (await Tasks.ListDueHandOffsAsync(now.AddSeconds(1), 100, default)).Where(h => h.TenantId == tenant).Select(h => h.Id));
        await Tasks.RemoveHandOffAsync(signal with { Id = "h3" }, default);
        Assert.DoesNotContain(await Tasks.ListDueHandOffsAsync(now.AddSeconds(1), 100, default), h => h.TenantId == tenant);
    }

    [Fact]
    public async Task A_task_with_large_artifacts_round_trips_and_updates()
    {
        var tenant = Id();
        var big = new string('x', 600_000);
        var task = NewTask(tenant, "agt-a", "ctx", TaskState.Working, DateTimeOffset.UtcNow);
        task = task with { Task = task.Task with { Artifacts = [new Artifact("a1", [Part.FromText(big)])] } };
        await Tasks.CreateAsync(task, default);
        var stored = (await Tasks.GetAsync(tenant, task.TaskId, default))!;
        Assert.Equal(big, stored.Task.Task.Artifacts![0].Parts[0].Text);

        var bigger = stored.Task with { Task = stored.Task.Task with { Artifacts = [new Artifact("a1", [Part.FromText(big + "y")])] } };
        Assert.NotNull(await Tasks.ReplaceAsync(bigger, stored.StoreETag, default));
        Assert.Null(await Tasks.ReplaceAsync(stored.Task, stored.StoreETag, default));
        Assert.Equal(big + "y", (await Tasks.GetAsync(tenant, task.TaskId, default))!.Task.Task.Artifacts![0].Parts[0].Text);

        // A listing reads blob-backed tasks whole, beside small ones.
        await Tasks.CreateAsync(NewTask(tenant, "agt-a", "ctx", TaskState.Completed, DateTimeOffset.UtcNow), default);
        var listed = await Tasks.ListAsync(new TaskQuery(tenant, "agt-a", null, null, null, 10, null), default);
        Assert.Equal(2, listed.Tasks.Count);
        Assert.Equal(big + "y", listed.Tasks.Single(t => t.TaskId == task.TaskId).Task.Artifacts![0].Parts[0].Text);
    }

    [Fact]
    public async Task Listing_is_newest_first_filtered_paged_and_tenant_scoped()
    {
        var (tenant, other) = (Id(), Id());
        var start = DateTimeOffset.UtcNow;
        var created = new List<GatewayTask>();
        for (var i = 0; i < 5; i++)
        {
            var t = NewTask(tenant, "agt-a", i % 2 == 0 ? "even" : "odd", i < 3 ? TaskState.Completed : TaskState.Working, start.AddSeconds(i));
            await Tasks.CreateAsync(t, default);
            created.Add(t);
        }
        await Tasks.CreateAsync(NewTask(tenant, "agt-b", "even", TaskState.Completed, start), default);
        await Tasks.CreateAsync(NewTask(other, "agt-a", "even", TaskState.Completed, start), default);

        var all = new List<string>();
        string? token = null;
        var total = 0;
        do
        {
            var page = await Tasks.ListAsync(new TaskQuery(tenant, "agt-a", null, null, null, 2, token), default);
            all.AddRange(page.Tasks.Select(t => t.TaskId));
            (token, total) = (page.NextPageToken, page.TotalSize);
        } while (token is not null);
        Assert.Equal(created.AsEnumerable().Reverse().Select(t => t.TaskId), all);
        Assert.Equal(5, total);

        var evenCompleted = await Tasks.ListAsync(new TaskQuery(tenant, "agt-a", "even", TaskState.Completed, null, 10, null), default);
        Assert.Equal(2, evenCompleted.Tasks.Count);
        var recent = await Tasks.ListAsync(new TaskQuery(tenant, "agt-a", null, null, start.AddSeconds(2.5), 10, null), default);
        Assert.Equal(2, recent.Tasks.Count);
    }

    [Fact]
    public async Task Push_configs_belong_to_one_task_of_one_tenant()
    {
        var tenant = Id();
        await PushConfigs.SaveAsync(tenant, new TaskPushNotificationConfig("https://hooks.example/1") { TaskId = "tsk-1", Id = "c1", Token = "t" }, default);
        await PushConfigs.SaveAsync(tenant, new TaskPushNotificationConfig("https://hooks.example/2") { TaskId = "tsk-1", Id = "c2" }, default);
        await PushConfigs.SaveAsync(tenant, new TaskPushNotificationConfig("https://hooks.example/3") { TaskId = "tsk-10", Id = "c3" }, default);

        Assert.Equal(["c1", "c2"], (await PushConfigs.ListAsync(tenant, "tsk-1", default)).Select(c => c.Id).Order());
        Assert.Equal("t", (await PushConfigs.GetAsync(tenant, "tsk-1", "c1", default))!.Token);
        Assert.Null(await PushConfigs.GetAsync(Id(), "tsk-1", "c1", default));
        Assert.True(await PushConfigs.DeleteAsync(tenant, "tsk-1", "c1", default));
        Assert.False(await PushConfigs.DeleteAsync(tenant, "tsk-1", "c1", default));
        Assert.Equal(["c2"], (await PushConfigs.ListAsync(tenant, "tsk-1", default)).Select(c => c.Id));
    }
}

[Collection("azurite-contract")]
public sealed class TableTaskStoreContract(AzuriteFixture azurite) : TaskStoreContract
{
    protected override async Task<(ITaskStore, IPushConfigStore)> CreateStoresAsync()
    {
        var (tables, blobs, options) = await ContractStores.StorageAsync(azurite);
        return (new TableTaskStore(tables, blobs, options), new TablePushConfigStore(tables));
    }
}
