using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Marketplace.Cli.Output;

public static class JsonText
{
    static readonly JsonWriterOptions Indented = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    static readonly JsonWriterOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The value as indented JSON, non-ASCII text kept readable.</summary>
    public static string Format(JsonElement value, bool indented = true)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, indented ? Indented : Compact)) value.WriteTo(writer);
        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
