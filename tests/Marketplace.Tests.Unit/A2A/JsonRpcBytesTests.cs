using System.Text;
using System.Text.Json.Nodes;
using Marketplace.A2A.Protocol;
using Xunit;

namespace Marketplace.Tests.A2A;

/// <summary>
/// The bytes fast path of the JSON-RPC binding and the upstream client: where params, result and error lie, and
/// which bodies must take the tree path instead, which renames snake_case members.
/// </summary>
public sealed class JsonRpcBytesTests
{
    [Fact]
    public void Params_are_the_exact_bytes_of_the_member_value()
    {
        var body = """{"jsonrpc":"2.0","id":7,"method":"SendMessage","params":{"message":{"messageId":"m","parts":[{"text":"a"}]}},"extra":[1,{"b":2}]}""";
        var layout = JsonRpcBytes.Scan(Encoding.UTF8.GetBytes(body));
        Assert.NotNull(layout);
        Assert.Equal("""{"message":{"messageId":"m","parts":[{"text":"a"}]}}""", Slice(body, layout.Value.Params));
        Assert.Null(layout.Value.Result);
        Assert.False(layout.Value.HasError);
    }

    [Theory]
    [InlineData("""{"jsonrpc":"2.0","id":1,"result":"done"}""", "\"done\"")]
    [InlineData("""{"jsonrpc":"2.0","id":1,"result":12.5 }""", "12.5")]
    [InlineData("""{ "result" : [ {"a":1}, [] ] , "id": null}""", "[ {\"a\":1}, [] ]")]
    [InlineData("""{"id":"x","result":null}""", "null")]
    public void A_result_of_any_kind_is_found(string body, string expected)
    {
        var layout = JsonRpcBytes.Scan(Encoding.UTF8.GetBytes(body));
        Assert.Equal(expected, Slice(body, layout!.Value.Result));
    }

    [Fact]
    public void An_error_member_is_reported()
    {
        var layout = JsonRpcBytes.Scan("""{"jsonrpc":"2.0","id":1,"error":{"code":-32001,"message":"no"}}"""u8);
        Assert.True(layout!.Value.HasError);
        Assert.Null(layout.Value.Result);
    }

    [Fact]
    public void Members_nested_under_a_top_level_value_are_not_taken_for_it()
    {
        var body = """{"params":{"result":{"error":1},"params":2}}""";
        var layout = JsonRpcBytes.Scan(Encoding.UTF8.GetBytes(body));
        Assert.Equal("""{"result":{"error":1},"params":2}""", Slice(body, layout!.Value.Params));
        Assert.Null(layout.Value.Result);
        Assert.False(layout.Value.HasError);
    }

    [Theory]
    [InlineData("""{"params":{"message":{"message_id":"m"}}}""")]
    [InlineData("""{"params":{"metadata":{"user_id":"u"}}}""")]
    [InlineData("""{"par\u0061ms":{}}""")]
    [InlineData("""[1,2]""")]
    [InlineData("""{"params":{""")]
    [InlineData("""  """)]
    public void Bodies_the_tree_path_must_read_give_no_layout(string body) =>
        Assert.Null(JsonRpcBytes.Scan(Encoding.UTF8.GetBytes(body)));

    [Fact]
    public void Params_read_from_bytes_equal_params_read_from_the_tree()
    {
        var body = """{"message":{"messageId":"m-1","role":"ROLE_USER","contextId":"c","parts":[{"text":"hi","metadata":{"k":"v"}},{"data":{"x":[1,2]}}],"metadata":{"skill":"s"}},"configuration":{"blocking":true,"historyLength":3}}""";
        var fromBytes = ProtoJson.ReadParams<SendMessageRequest>(Encoding.UTF8.GetBytes(body), "params");
        var fromTree = ProtoJson.ReadParams<SendMessageRequest>(JsonNode.Parse(body), "params");
        Assert.Equal(ProtoJson.Serialize(fromTree), ProtoJson.Serialize(fromBytes));
        Assert.Equal("m-1", fromBytes.Message.MessageId);
    }

    [Fact]
    public void A_bad_field_read_from_bytes_names_the_field_as_the_tree_path_does()
    {
        var body = """{"message":{"messageId":"m","role":"ROLE_BOSS","parts":[{"text":"x"}]}}""";
        var fromBytes = Assert.Throws<A2AError>(() => ProtoJson.ReadParams<SendMessageRequest>(Encoding.UTF8.GetBytes(body), "params"));
        var fromTree = Assert.Throws<A2AError>(() => ProtoJson.ReadParams<SendMessageRequest>(JsonNode.Parse(body), "params"));
        Assert.Equal(fromTree.Message, fromBytes.Message);
        Assert.Equal(fromTree.JsonRpcCode, fromBytes.JsonRpcCode);
    }

    static string? Slice(string body, Range? range) => range is { } r ? Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(body)[r]) : null;
}
