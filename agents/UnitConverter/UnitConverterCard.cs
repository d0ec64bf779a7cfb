using Marketplace.Agents;
using Marketplace.Registry;

namespace Marketplace.Agents.UnitConverter;

public static class UnitConverterCard
{
    public static AgentCard For(string baseUrl) => new(
        "Unit Converter",
        "Converts lengths, masses and temperatures. Asks for the target unit when the request does not name one.",
        AgentHost.Interfaces(baseUrl),
        "1.0.0",
        new AgentCapabilities { Streaming = true, PushNotifications = false },
        ["text/plain"],
        ["application/json"],
        [
            new("convert", "Convert units", "Converts a quantity, e.g. \"12 km to mi\", \"100 f to c\", \"5 kg in lb\".", ["units", "conversion", "math"])
            {
                Examples = ["12 km to mi", "100 f to c"],
            },
        ])
    {
        Provider = new AgentProvider("https://example.com/marketplace-samples", "Marketplace Samples"),
    };
}
