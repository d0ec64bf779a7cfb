using Marketplace.A2A.Tasks;
using Microsoft.Extensions.Options;

namespace Marketplace.A2A.Gateway;

/// <summary>The task record's plumbing every part of the gateway uses: the store, the writer, the event hub, options and clock.</summary>
public sealed record GatewayServices(ITaskStore Tasks, TaskWriter Writer, TaskEventHub Hub, IOptions<GatewayOptions> Options, TimeProvider Clock);
