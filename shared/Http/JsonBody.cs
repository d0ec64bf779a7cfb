using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Marketplace.Hosting;

namespace Marketplace.Http;

/// <summary>Reads request bodies with a size cap, turning every kind of bad input into a precise problem.</summary>
public static class JsonBody
{
    public static async Task<T> ReadAsync<T>(HttpContext http)
    {
        var limit = http.RequestServices.GetRequiredService<IOptions<MarketplaceOptions>>().Value.MaxRequestBodyBytes;
        if (http.Request.ContentType is { } contentType && !contentType.Contains("json", StringComparison.OrdinalIgnoreCase))
            throw new ApiProblemException(Problems.UnsupportedMediaType(), "unsupported media type");
        var bytes = await ReadCappedAsync(http, limit);
        if (bytes.Length == 0) throw new ApiProblemException(Problems.BadRequest("A JSON body is required."), "empty body");
        try
        {
            return JsonSerializer.Deserialize<T>(bytes, Json.Options)
                ?? throw new ApiProblemException(Problems.BadRequest("The body must be a JSON object, not null."), "null body");
        }
        catch (JsonException ex)
        {
            var path = ex.Path ?? "$";
            throw new ApiProblemException(Problems.Validation([new FieldError(path, Describe(ex))]), "invalid JSON");
        }
    }

    /// <summary>What is wrong, in the API's terms: the serializer's own messages name .NET types, which callers have no use for.</summary>
    static string Describe(JsonException ex)
    {
        var message = ex.Message.Split(" Path:", 2)[0];
        if (ex.GetType() != typeof(JsonException)) return message; // the reader's syntax errors say nothing of types
        if (message.Contains("could not be mapped to any", StringComparison.Ordinal)) return "Not a member of this payload.";
        if (message.Contains("Duplicate", StringComparison.OrdinalIgnoreCase) || message.Contains("already been", StringComparison.Ordinal)) return "A member may appear only once.";
        if (message.Contains("missing required properties", StringComparison.Ordinal))
            return message.IndexOf("including:", StringComparison.Ordinal) is var at and >= 0
                ? "Missing required members: " + message[(at + 10)..].Trim().TrimEnd('.') + "."
                : "Missing required members.";
        if (message.Contains("could not be converted", StringComparison.Ordinal)) return "The value has the wrong JSON type or format.";
        if (message.Contains("Cannot get the value of a token type", StringComparison.Ordinal)) return "The value has the wrong JSON type.";
        return "The value does not fit this member.";
    }

    /// <summary>Buffers at most <paramref name="limit"/> bytes; a longer body (declared or streamed) is a 413.</summary>
    public static async Task<byte[]> ReadCappedAsync(HttpContext http, long limit)
    {
        if (http.Request.ContentLength > limit) throw new ApiProblemException(Problems.TooLarge(limit), "body too large");
        return await CappedRead.ReadAsync(http.Request.Body, limit, http.RequestAborted)
            ?? throw new ApiProblemException(Problems.TooLarge(limit), "body too large");
    }
}
