using Blazor.Diagrams.Core.Geometry;
using Bunit;

namespace Marketplace.Console.Tests;

/// <summary>The one browser answer the diagram canvas needs to draw under bUnit: its own size on the page.</summary>
public static class DiagramCanvas
{
    public static void Measure(BunitJSInterop js) =>
        js.Setup<Rectangle>("ZBlazorDiagrams.getBoundingClientRect", _ => true).SetResult(new Rectangle(0, 0, 800, 600));
}
