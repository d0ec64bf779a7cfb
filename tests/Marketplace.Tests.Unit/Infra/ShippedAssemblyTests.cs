using Marketplace.Hosting;
using Xunit;

namespace Marketplace.Tests.Infra;

/// <summary>
/// The composition both hosts share carries nothing of the standalone host: the Durable Task sidecar and its
/// backends live in Marketplace.Standalone, which the Azure worker never starts.
/// </summary>
public sealed class ShippedAssemblyTests
{
    [Fact]
    public void Marketplace_shared_references_neither_the_sidecar_nor_its_backends()
    {
        var referenced = typeof(MarketplaceServices).Assembly.GetReferencedAssemblies().Select(a => a.Name).ToList();
        Assert.DoesNotContain("Microsoft.DurableTask.InProcessTestHost", referenced);
        Assert.DoesNotContain("DurableTask.AzureStorage", referenced);
        Assert.DoesNotContain("Marketplace.Standalone", referenced);
        Assert.Equal("Marketplace.Standalone", typeof(StandaloneApp).Assembly.GetName().Name);
    }
}
