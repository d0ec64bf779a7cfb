using Marketplace.A2A.Protocol;

namespace Marketplace.A2A.Gateway;

/// <summary>Checks a caller's message before anything is sent to an agent.</summary>
public static class MessageValidation
{
    public static void Validate(Message message)
    {
        if (string.IsNullOrWhiteSpace(message.MessageId)) throw A2AError.InvalidParams("message.messageId", "required");
        if (message.Role != MessageRole.User) throw A2AError.InvalidParams("message.role", "a client message must have role ROLE_USER");
        if (message.Parts is not { Count: > 0 }) throw A2AError.InvalidParams("message.parts", "at least one part is required");
        for (var i = 0; i < message.Parts.Count; i++)
        {
            var part = message.Parts[i];
            var kinds = (part.Text is not null ? 1 : 0) + (part.Raw is not null ? 1 : 0) + (part.Url is not null ? 1 : 0) + (part.Data is not null ? 1 : 0);
            if (kinds != 1) throw A2AError.InvalidParams($"message.parts[{i}]", "a part must have exactly one of text, raw, url or data");
            if (part.Raw is { } raw && !IsBase64(raw)) throw A2AError.InvalidParams($"message.parts[{i}].raw", "must be base64");
            if (part.Url is { } url && !(Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http"))
                throw A2AError.InvalidParams($"message.parts[{i}].url", "must be an absolute http(s) URL");
        }
    }

    static bool IsBase64(string value)
    {
        var buffer = new byte[value.Length];
        return Convert.TryFromBase64String(value, buffer, out _) || Convert.TryFromBase64String(value.Replace('-', '+').Replace('_', '/').PadRight(value.Length + (4 - value.Length % 4) % 4, '='), new byte[value.Length + 4], out _);
    }
}
