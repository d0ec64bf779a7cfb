namespace Marketplace.Http;

/// <summary>What the OpenAPI document says about an operation: typed request and responses, query parameters.</summary>
public sealed record ApiOperationDoc(string Tag, string Summary)
{
    public Type? RequestBody { get; init; }
    public IReadOnlyList<ApiResponseDoc> Responses { get; init; } = [];
    public IReadOnlyList<ApiQueryParameter> Query { get; init; } = [];
}

public sealed record ApiResponseDoc(int Status, string Description, Type? Body = null);

public sealed record ApiQueryParameter(string Name, Type Type, string Description);
