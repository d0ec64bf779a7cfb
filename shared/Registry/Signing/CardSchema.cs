namespace Marketplace.Registry.Signing;

/// <summary>How a field of the A2A 1.0 card schema (specification/a2a.proto) takes part in the signed form.</summary>
enum FieldKind
{
    /// <summary>A proto3 scalar without presence: its default (<c>""</c>, <c>false</c>, <c>0</c>) is left out.</summary>
    Scalar,

    /// <summary>Declared <c>optional</c>: kept whenever present, even at its default.</summary>
    Optional,
    Message,
    Repeated,
    Map,

    /// <summary>A <c>google.protobuf.Struct</c>: free JSON, kept as it is.</summary>
    Struct,
}

sealed record CardField(FieldKind Kind, CardMessage? Type = null);

sealed record CardMessage(IReadOnlyDictionary<string, CardField> Fields);

/// <summary>The messages of the agent card, by JSON member name. Members outside the schema are not signed.</summary>
static class CardSchema
{
    static readonly CardField Scalar = new(FieldKind.Scalar), Optional = new(FieldKind.Optional), Strings = new(FieldKind.Repeated), Struct = new(FieldKind.Struct);

    static CardField Message(CardMessage type) => new(FieldKind.Message, type);

    static CardField Repeated(CardMessage type) => new(FieldKind.Repeated, type);

    static CardField Map(CardMessage? type = null) => new(FieldKind.Map, type);

    static CardMessage Of(params (string Name, CardField Field)[] fields) => new(fields.ToDictionary(f => f.Name, f => f.Field));

    static readonly CardMessage StringList = Of(("list", Strings));
    static readonly CardMessage SecurityRequirement = Of(("schemes", Map(StringList)));
    static readonly CardMessage AuthorizationCode = Of(("authorizationUrl", Scalar), ("tokenUrl", Scalar), ("refreshUrl", Scalar), ("scopes", Map()), ("pkceRequired", Scalar));
    static readonly CardMessage ClientCredentials = Of(("tokenUrl", Scalar), ("refreshUrl", Scalar), ("scopes", Map()));
    static readonly CardMessage DeviceCode = Of(("deviceAuthorizationUrl", Scalar), ("tokenUrl", Scalar), ("refreshUrl", Scalar), ("scopes", Map()));
    static readonly CardMessage Implicit = Of(("authorizationUrl", Scalar), ("refreshUrl", Scalar), ("scopes", Map()));
    static readonly CardMessage Password = Of(("tokenUrl", Scalar), ("refreshUrl", Scalar), ("scopes", Map()));
    static readonly CardMessage OAuthFlows = Of(("authorizationCode", Message(AuthorizationCode)), ("clientCredentials", Message(ClientCredentials)),
        ("implicit", Message(Implicit)), ("password", Message(Password)), ("deviceCode", Message(DeviceCode)));
    static readonly CardMessage SecurityScheme = Of(
        ("apiKeySecurityScheme", Message(Of(("description", Scalar), ("location", Scalar), ("name", Scalar)))),
        ("httpAuthSecurityScheme", Message(Of(("description", Scalar), ("scheme", Scalar), ("bearerFormat", Scalar)))),
        ("oauth2SecurityScheme", Message(Of(("description", Scalar), ("flows", Message(OAuthFlows)), ("oauth2MetadataUrl", Scalar)))),
        ("openIdConnectSecurityScheme", Message(Of(("description", Scalar), ("openIdConnectUrl", Scalar)))),
        ("mtlsSecurityScheme", Message(Of(("description", Scalar)))));
    static readonly CardMessage Extension = Of(("uri", Scalar), ("description", Scalar), ("required", Scalar), ("params", Struct));
    static readonly CardMessage Skill = Of(("id", Scalar), ("name", Scalar), ("description", Scalar), ("tags", Strings), ("examples", Strings),
        ("inputModes", Strings), ("outputModes", Strings), ("securityRequirements", Repeated(SecurityRequirement)));

    public static readonly CardMessage AgentCard = Of(
        ("name", Scalar), ("description", Scalar),
        ("supportedInterfaces", Repeated(Of(("url", Scalar), ("protocolBinding", Scalar), ("tenant", Scalar), ("protocolVersion", Scalar)))),
        ("provider", Message(Of(("url", Scalar), ("organization", Scalar)))),
        ("version", Scalar), ("documentationUrl", Optional),
        ("capabilities", Message(Of(("streaming", Optional), ("pushNotifications", Optional), ("extensions", Repeated(Extension)), ("extendedAgentCard", Optional)))),
        ("securitySchemes", Map(SecurityScheme)), ("securityRequirements", Repeated(SecurityRequirement)),
        ("defaultInputModes", Strings), ("defaultOutputModes", Strings), ("skills", Repeated(Skill)),
        ("iconUrl", Optional));
}
