using System.Text;
using Marketplace.Http;

namespace Marketplace.Tests.Infra;

/// <summary>
/// The Functions app's HTTP wrappers as text, from the route table: one class per feature (<see cref="ApiRoute.Feature"/>), one method per route, each binding the Durable client and handing it to the dispatcher. The
/// Worker SDK's metadata generator reads attributes from source, so the wrappers must exist as files; they are
/// generated here, not written by hand, and <see cref="FunctionWrapperSnapshotTests"/> keeps them in step.
/// </summary>
public static class FunctionWrappers
{
    public const string Folder = "functions/Http";

    public static IReadOnlyDictionary<string, string> Generate(ApiRouteTable table) =>
        table.Routes.GroupBy(r => r.Feature).OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToDictionary(g => $"{g.Key}Functions.cs", g => Class(g.Key, g));

    static string Class(string feature, IEnumerable<ApiRoute> routes)
    {
        var text = new StringBuilder();
        text.Append($$"""
            // Generated from shared/Http/ApiRouteTable.cs by scripts/generate-functions.sh: change the route table, then regenerate.
            using Marketplace.Http;
            using Microsoft.AspNetCore.Http;
            using Microsoft.Azure.Functions.Worker;
            using Microsoft.DurableTask.Client;

            namespace Marketplace.Functions.Http;

            public sealed class {{feature}}Functions(ApiDispatcher api)
            {
            """).Append('\n');
        var first = true;
        foreach (var route in routes)
        {
            if (!first) text.Append('\n');
            first = false;
            text.Append($$"""
                    [Function("{{route.Name}}")]
                    public Task<IResult> {{MethodName(route.Name)}}([HttpTrigger(AuthorizationLevel.Anonymous, "{{route.Method.ToLowerInvariant()}}", Route = "{{route.Pattern.TrimStart('/')}}")] HttpRequest req, [DurableClient] DurableTaskClient durable) =>
                        api.InvokeAsync("{{route.Name}}", req.HttpContext, durable);
                """).Append('\n');
        }
        return text.Append("}\n").ToString();
    }

    static string MethodName(string routeName) =>
        string.Concat(routeName.Split('-', '.').Where(p => p.Length > 0).Select(p => char.ToUpperInvariant(p[0]) + p[1..]));
}
