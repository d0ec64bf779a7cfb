using Marketplace.Serialization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Marketplace.Hosting;
using Marketplace.Errors;

namespace Marketplace.Http;

/// <summary>Reads request bodies with a size cap, turning every kind of bad input into a precise problem.</summary>
public static class JsonBody
{
    public static async Task<T> ReadAsync<T>(HttpContext http)
    {
        var limit = http.RequestServices.GetRequiredService<IOptions<MarketplaceOptions>>().Value.MaxRequestBodyBytes;
        if (http.Request.ContentType is { } contentType && !contentType.Contains("json", StringComparison.OrdinalIgnoreCase))
            throw new DomainException(DomainError.UnsupportedMediaType());
        var bytes = await ReadCappedAsync(http, limit);
        if (bytes.Length == 0) throw new DomainException(DomainError.Invalid("A JSON body is required."));
        try
        {
            return JsonSerializer.Deserialize<T>(bytes, Json.Strict)
                ?? throw new DomainException(DomainError.Invalid("The body must be a JSON object, not null."));
        }
        catch (JsonException ex)
        {
            var path = ex.Path ?? "$";
            throw new DomainException(DomainError.Invalid([new FieldError(path, JsonErrors.Describe(ex.Message))]));
        }
    }

    /// <summary>Buffers at most <paramref name="limit"/> bytes; a longer body (declared or streamed) is a 413.</summary>
    public static async Task<byte[]> ReadCappedAsync(HttpContext http, long limit)
    {
        if (http.Request.ContentLength > limit) throw new DomainException(DomainError.TooLarge(limit));
        return await CappedRead.ReadAsync(http.Request.Body, limit, http.RequestAborted)
            ?? throw new DomainException(DomainError.TooLarge(limit));
    }
}
