using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Xunit;

namespace Marketplace.Tests.Infrastructure;

public static class ProblemAssert
{
    /// <summary>The response is an RFC 9457 problem with this status; returns the document.</summary>
    public static async Task<JsonObject> IsProblem(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(body)!.AsObject();
        Assert.Equal((int)status, problem["status"]!.GetValue<int>());
        Assert.False(string.IsNullOrEmpty(problem["title"]?.GetValue<string>()));
        Assert.DoesNotContain("   at ", body); // never a stack trace
        return problem;
    }

    /// <summary>The JSON paths named in a validation problem's <c>errors</c>.</summary>
    public static IReadOnlyList<string> ErrorPaths(JsonObject problem) =>
        problem["errors"]!.AsArray().Select(e => e!["path"]!.GetValue<string>()).ToList();

    public static async Task<JsonObject> ReadObject(HttpResponseMessage response, HttpStatusCode? status = null)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status is null ? response.IsSuccessStatusCode : response.StatusCode == status, $"Expected {status?.ToString() ?? "success"}, got {(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body)!.AsObject();
    }
}
