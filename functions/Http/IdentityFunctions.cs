// Generated from shared/Http/ApiRouteTable.cs by scripts/generate-functions.sh: change the route table, then regenerate.
using Marketplace.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Marketplace.Functions.Http;

public sealed class IdentityFunctions(ApiDispatcher api)
{
    [Function("console-config")]
    public Task<IResult> ConsoleConfig([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/console/config")] HttpRequest req, [DurableClient] DurableTaskClient durable) =>
        api.InvokeAsync("console-config", req.HttpContext, durable);

    [Function("me")]
    public Task<IResult> Me([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/me")] HttpRequest req, [DurableClient] DurableTaskClient durable) =>
        api.InvokeAsync("me", req.HttpContext, durable);

    [Function("members-list")]
    public Task<IResult> MembersList([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/tenants/{tenantId}/members")] HttpRequest req, [DurableClient] DurableTaskClient durable) =>
        api.InvokeAsync("members-list", req.HttpContext, durable);

    [Function("members-add")]
    public Task<IResult> MembersAdd([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/tenants/{tenantId}/members")] HttpRequest req, [DurableClient] DurableTaskClient durable) =>
        api.InvokeAsync("members-add", req.HttpContext, durable);

    [Function("members-role")]
    public Task<IResult> MembersRole([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "api/tenants/{tenantId}/members/{userId}")] HttpRequest req, [DurableClient] DurableTaskClient durable) =>
        api.InvokeAsync("members-role", req.HttpContext, durable);

    [Function("members-remove")]
    public Task<IResult> MembersRemove([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "api/tenants/{tenantId}/members/{userId}")] HttpRequest req, [DurableClient] DurableTaskClient durable) =>
        api.InvokeAsync("members-remove", req.HttpContext, durable);

    [Function("invitations-create")]
    public Task<IResult> InvitationsCreate([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/tenants/{tenantId}/invitations")] HttpRequest req, [DurableClient] DurableTaskClient durable) =>
        api.InvokeAsync("invitations-create", req.HttpContext, durable);

    [Function("invitations-accept")]
    public Task<IResult> InvitationsAccept([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/invitations/{token}/accept")] HttpRequest req, [DurableClient] DurableTaskClient durable) =>
        api.InvokeAsync("invitations-accept", req.HttpContext, durable);
}
