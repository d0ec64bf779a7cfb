using System.Text.Json.Nodes;
using Marketplace.Http;
using Microsoft.AspNetCore.Http;

namespace Marketplace.OpenApi;

/// <summary>The document as built once: text already serialized, which no result type describes, so its Doc lists the response.</summary>
public sealed class OpenApiEndpoints(OpenApiJson document)
{
    public Task<IResult> Get(ApiRequest request) => Task.FromResult(Results.Text(document.Value, "application/json"));
}

/// <summary>The document, built once per process.</summary>
public sealed class OpenApiJson(ApiRouteTable routes)
{
    readonly Lazy<string> json = new(() => OpenApiDocument.Build(routes.Routes).ToJsonString());

    public string Value => json.Value;
}
