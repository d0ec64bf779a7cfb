using Marketplace.Client;
using Marketplace.Client.Models;

namespace Marketplace.Console.Auth;

/// <summary>
/// Who is signed in, as the header shows it. Balance is in micro-credits; null when it could not be read. A user
/// signed in with OpenID Connect has a name and may belong to several tenants (<see cref="Memberships"/>).
/// </summary>
public sealed record SignedInUser(string? TenantId, string? TenantName, string Role, long? Balance)
{
    /// <summary>The signed-in person's or service's name; null for an API key.</summary>
    public string? Name { get; init; }

    public IReadOnlyList<MeMembership> Memberships { get; init; } = [];

    /// <summary>The billing role sees statements and usage but cannot call agents or tools (the gateway and <c>/mcp</c> refuse it).</summary>
    public bool CanCallAgents => Role != "billing";
}

/// <summary>
/// The console's sign-in state: restores the signed-in user (OpenID Connect) or the stored key at start, checks a
/// new key against the API before keeping it, switches the tenant a user acts for, and tells the layout when the
/// user or balance changes.
/// </summary>
public sealed class ConsoleSession(MarketplaceClient client, CredentialHolder holder, ICredentialStore store, IOidcSignIn oidc)
{
    public SignedInUser? User { get; private set; }

    public bool Restored { get; private set; }

    /// <summary>Signed in at the issuer, but a member of no tenant yet (e.g. before accepting an invitation).</summary>
    public bool SignedInWithoutTenant { get; private set; }

    public bool OidcEnabled => oidc.Enabled;

    public event Action? Changed;

    public async Task RestoreAsync()
    {
        if (Restored) return;
        try
        {
            if (oidc.Enabled && await oidc.IsSignedInAsync()) await SignInWithTokenAsync(null);
            else if (await store.LoadAsync() is { Length: > 0 } key) await SignInWithKeyAsync(key);
        }
        catch (Exception e) when (e is MarketplaceApiException or MarketplaceUnreachableException)
        {
            // A stored key that no longer works simply means signing in again.
            holder.Current = null;
            await store.ClearAsync();
        }
        finally
        {
            Restored = true;
            Changed?.Invoke();
        }
    }

    /// <summary>Signs in with an API key; throws the API's refusal (e.g. 401) and keeps nothing if the key does not work.</summary>
    public async Task SignInWithKeyAsync(string key, CancellationToken ct = default)
    {
        var credential = new ApiKeyCredential(key.Trim());
        holder.Current = credential;
        try
        {
            User = await DescribeAsync(credential, ct);
        }
        catch
        {
            holder.Current = null;
            throw;
        }
        await store.SaveAsync(credential.Key);
        Changed?.Invoke();
    }

    /// <summary>Starts the OpenID Connect sign-in: the browser leaves for the issuer and comes back signed in.</summary>
    public void SignInWithOrganization() => oidc.SignIn();

    /// <summary>Acts for another of the signed-in user's tenants: its role, name and balance replace the current ones.</summary>
    public async Task SwitchTenantAsync(string tenantId, CancellationToken ct = default)
    {
        if (holder.Current is not SignedInCredential current || current.TenantId == tenantId) return;
        var previous = current;
        try
        {
            await SignInWithTokenAsync(tenantId, ct);
        }
        catch
        {
            holder.Current = previous;
            throw;
        }
    }

    public async Task SignOutAsync()
    {
        var wasSignedIn = holder.Current is SignedInCredential || SignedInWithoutTenant;
        holder.Current = null;
        User = null;
        SignedInWithoutTenant = false;
        await store.ClearAsync();
        Changed?.Invoke();
        // The issuer's session goes too, or the next visit would sign in silently again.
        if (wasSignedIn) oidc.SignOut();
    }

    /// <summary>Reads the balance again, e.g. after a priced call.</summary>
    public async Task RefreshBalanceAsync(CancellationToken ct = default)
    {
        if (User?.TenantId is null) return;
        User = User with { Balance = (await client.BalanceAsync(ct)).Balance };
        Changed?.Invoke();
    }

    async Task SignInWithTokenAsync(string? tenantId, CancellationToken ct = default)
    {
        holder.Current = new SignedInCredential(oidc, tenantId);
        var me = await client.GetMeAsync(ct);
        if (me.CurrentTenant is not { } current || me.CurrentRole is not { } role)
        {
            User = null;
            SignedInWithoutTenant = true;
            Changed?.Invoke();
            return;
        }
        // The tenant the API chose (the only or oldest membership) is named from now on, so every request acts for the same one.
        holder.Current = new SignedInCredential(oidc, current);
        var tenant = await client.GetTenantAsync(current, ct);
        User = new SignedInUser(tenant.Id, tenant.Name, role, await BalanceOrNullAsync(ct)) { Name = me.DisplayName ?? me.Email ?? me.UserId, Memberships = me.Memberships };
        SignedInWithoutTenant = false;
        Changed?.Invoke();
    }

    async Task<long?> BalanceOrNullAsync(CancellationToken ct)
    {
        try
        {
            return (await client.BalanceAsync(ct)).Balance;
        }
        catch (MarketplaceApiException e) when (e.Status == 403)
        {
            return null;
        }
    }

    async Task<SignedInUser> DescribeAsync(ApiKeyCredential credential, CancellationToken ct)
    {
        if (credential.Parts is not var (tenantId, keyId))
        {
            // Not a tenant key: only the platform admin key still reads the registry.
            await client.SearchAgentsAsync(new AgentSearchQuery(Limit: 1), ct);
            return new SignedInUser(null, null, "platform admin", null);
        }
        var tenant = await client.GetTenantAsync(tenantId, ct);
        var balance = await client.BalanceAsync(ct);
        string role = "member";
        try
        {
            role = (await client.ListKeysAsync(tenantId, ct)).FirstOrDefault(k => k.KeyId == keyId)?.Role ?? role;
        }
        catch (MarketplaceApiException e) when (e.Status == 403)
        {
            // Only owners list keys; any other role is shown as a member.
        }
        return new SignedInUser(tenant.Id, tenant.Name, role, balance.Balance);
    }
}
