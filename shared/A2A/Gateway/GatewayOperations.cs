namespace Marketplace.A2A.Gateway;

/// <summary>The gateway's three singleton services, which a per-call <see cref="GatewayHandler"/> puts behind the A2A operations.</summary>
public sealed record GatewayOperations(GatewayMessages Messages, GatewayTasks Tasks, TaskPushConfigs PushConfigs);
