namespace Marketplace.Http;

/// <summary>One problem with a request, located by JSON path (e.g. <c>$.card.skills[0].id</c>) or parameter name.</summary>
/// <remarks>In the API's namespace, where problem documents carry it, though it lives beside the shape checks that report it.</remarks>
public sealed record FieldError(string Path, string Message);
