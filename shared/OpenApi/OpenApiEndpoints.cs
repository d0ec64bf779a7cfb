using System.Text.Json.Nodes;
using Marketplace.Http;
using Microsoft.AspNetCore.Http;

namespace Marketplace.OpenApi;

public static class OpenApiEndpoints
{
    public static Task<IResult> Get(ApiRequest request) =>
        Task.FromResult(Results.Text(request.Service<OpenApiJson>().Value, "application/json"));
}

/// <summary>The document, built once per process.</summary>
public sealed class OpenApiJson(ApiRouteTable routes)
{
    readonly Lazy<string> json = new(() => OpenApiDocument.Build(routes.Routes).ToJsonString());

    public string Value => json.Value;
}
