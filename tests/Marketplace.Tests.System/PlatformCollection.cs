using Marketplace.Tests.Infrastructure;
using Xunit;

namespace Marketplace.Tests;

/// <summary>The tests of this lane that share one standalone host (xUnit finds collections in the test assembly only).</summary>
[CollectionDefinition("platform")]
public sealed class SystemPlatformCollection : ICollectionFixture<PlatformFixture>;
