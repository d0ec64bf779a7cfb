using Marketplace.Tests.Infrastructure;
using Xunit;

namespace Marketplace.Tests;

// The lane's tests on the shared host, in collections that run in parallel (xUnit finds collections in the test
// assembly only). Tests in one collection run one after another.

/// <summary>Tenancy, listings, search, reviews, the graph, the CLI and the console's hosting.</summary>
[CollectionDefinition("platform")]
public sealed class FunctionalPlatformCollection : ICollectionFixture<PlatformFixture>;

/// <summary>The A2A gateway, billing and webhooks.</summary>
[CollectionDefinition("platform-gateway")]
public sealed class GatewayPlatformCollection : ICollectionFixture<PlatformFixture>;

/// <summary>The MCP hub, workflows and the concierge.</summary>
[CollectionDefinition("platform-tools")]
public sealed class ToolsPlatformCollection : ICollectionFixture<PlatformFixture>;
