using System.Globalization;

namespace Marketplace.Console;

/// <summary>The API counts money in micro-credits; people read credits.</summary>
public static class Credits
{
    public static string Format(long microCredits) =>
        (microCredits / 1_000_000m).ToString("#,0.######", CultureInfo.InvariantCulture) + " credits";
}
