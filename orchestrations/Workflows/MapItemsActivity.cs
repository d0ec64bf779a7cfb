using Marketplace.Workflows;
using Marketplace.Workflows.Engine;
using Microsoft.DurableTask;

namespace Marketplace.Orchestrations.Workflows;

/// <summary>Reads a window of a map step's items.</summary>
public sealed class MapItemsActivity(ControlSteps control, Microsoft.Extensions.Options.IOptions<WorkflowOptions> options) : TaskActivity<ItemsRequest, ItemsWindow>
{
    public override Task<ItemsWindow> RunAsync(TaskActivityContext context, ItemsRequest input) => RunAsync(input);

    public Task<ItemsWindow> RunAsync(ItemsRequest input) => control.ItemsAsync(input, options.Value.MaxMapItems, CancellationToken.None);
}
