using System.Text.Json;

namespace Marketplace.A2A.Protocol;

/// <summary>
/// Where a JSON-RPC object's <c>params</c>, <c>result</c> and <c>error</c> lie in the bytes received, found in one
/// pass of the reader. Peers almost always send ProtoJSON's lowerCamelCase names; then a member can be read as typed
/// straight from those bytes, instead of parsed into a tree, renamed, written out and read again.
/// </summary>
public readonly record struct JsonRpcBytes(Range? Params, Range? Result, bool HasError)
{
    /// <summary>
    /// The layout, or null when the bytes are no JSON object or a member name somewhere (free-form keys included)
    /// may be snake_case or is escaped: those take the tree path, which renames them.
    /// </summary>
    public static JsonRpcBytes? Scan(ReadOnlySpan<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = 64 });
        Range? parameters = null, result = null;
        var error = false;
        var member = Member.None;
        var valueStart = -1;
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return null;
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.PropertyName)
                {
                    if (reader.ValueIsEscaped || reader.ValueSpan.Contains((byte)'_')) return null;
                    if (reader.CurrentDepth == 1) member = Name(reader.ValueSpan);
                    continue;
                }
                // A top-level member's value starts with its first token and ends with the token that brings the
                // reader back to depth 1 (the value itself when it is a primitive, its closing bracket otherwise).
                if (reader.CurrentDepth != 1 || member == Member.None) continue;
                if (valueStart < 0) valueStart = (int)reader.TokenStartIndex;
                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray) continue;
                var value = new Range(valueStart, (int)reader.BytesConsumed);
                switch (member)
                {
                    case Member.Params: parameters = value; break;
                    case Member.Result: result = value; break;
                    case Member.Error: error = true; break;
                }
                member = Member.None;
                valueStart = -1;
            }
        }
        catch (JsonException)
        {
            return null;
        }
        return new JsonRpcBytes(parameters, result, error);
    }

    enum Member { None, Other, Params, Result, Error }

    static Member Name(ReadOnlySpan<byte> name) =>
        name.SequenceEqual("params"u8) ? Member.Params
        : name.SequenceEqual("result"u8) ? Member.Result
        : name.SequenceEqual("error"u8) ? Member.Error
        : Member.Other;
}
