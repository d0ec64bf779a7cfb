using System.Text.Json;
using System.Text.RegularExpressions;
using Marketplace.Http;
using Marketplace.Security;
using Microsoft.AspNetCore.Http;

namespace Marketplace.Mcp;

public static partial class ToolEndpoints
{
    public static async Task<IResult> Create(ApiRequest request)
    {
        var body = await request.BodyAsync<CreateToolRequest>();
        var errors = new List<FieldError>();
        if (!ToolName().IsMatch(body.Name)) errors.Add(new("$.name", "1–128 of letters, digits, '_', '-' and '.' (the MCP tool name rules)."));
        if (string.IsNullOrWhiteSpace(body.Description) || body.Description.Length > 4000) errors.Add(new("$.description", "Must be 1–4000 characters."));
        if (body.InputSchema.ValueKind != JsonValueKind.Object || !body.InputSchema.TryGetProperty("type", out var type) || type.GetString() != "object")
            errors.Add(new("$.inputSchema", "Must be a JSON Schema object with \"type\": \"object\"."));
        if (body.Http.Method is not ("GET" or "POST")) errors.Add(new("$.http.method", "Must be GET or POST."));
        // Placeholders are filled at call time; the host part must pass the SSRF guard already.
        if (!request.Service<SsrfGuard>().TryValidateUrl(Placeholder().Replace(body.Http.UrlTemplate, "x"), out _, out var error)) errors.Add(new("$.http.urlTemplate", error));
        if (errors.Count > 0) return Problems.Validation(errors);

        var tool = new RegisteredTool(request.Caller.TenantId!, body.Name, body.Description, body.InputSchema, body.Http, request.Service<TimeProvider>().GetUtcNow());
        if (!await request.Service<IToolStore>().CreateAsync(tool, request.Aborted)) return Problems.Conflict($"A tool named '{tool.Name}' exists.");
        return Results.Created($"/api/tools/{tool.Name}", tool);
    }

    public static async Task<IResult> List(ApiRequest request) =>
        Results.Ok(await request.Service<IToolStore>().ListAsync(request.Caller.TenantId!, request.Aborted));

    public static async Task<IResult> Get(ApiRequest request)
    {
        var name = request.Route("toolName");
        var tool = await request.Service<IToolStore>().GetAsync(request.Caller.TenantId!, name, request.Aborted);
        return tool is null ? Problems.NotFound($"No tool '{name}'.") : Results.Ok(tool);
    }

    public static async Task<IResult> Delete(ApiRequest request)
    {
        var name = request.Route("toolName");
        return await request.Service<IToolStore>().DeleteAsync(request.Caller.TenantId!, name, request.Aborted)
            ? Results.NoContent()
            : Problems.NotFound($"No tool '{name}'.");
    }

    [GeneratedRegex("^[A-Za-z0-9_.-]{1,128}$")]
    private static partial Regex ToolName();

    [GeneratedRegex(@"\{[A-Za-z0-9_]+\}")]
    internal static partial Regex Placeholder();
}
