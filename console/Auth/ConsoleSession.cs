using Marketplace.Client;
using Marketplace.Client.Models;

namespace Marketplace.Console.Auth;

/// <summary>Who is signed in, as the header shows it. Balance is in micro-credits; null when it could not be read.</summary>
public sealed record SignedInUser(string? TenantId, string? TenantName, string Role, long? Balance);

/// <summary>
/// The console's sign-in state: restores the stored key at start, checks a new key against the API before keeping
/// it, and tells the layout when the user or balance changes.
/// </summary>
public sealed class ConsoleSession(MarketplaceClient client, CredentialHolder holder, ICredentialStore store)
{
    public SignedInUser? User { get; private set; }

    public bool Restored { get; private set; }

    public event Action? Changed;

    public async Task RestoreAsync()
    {
        if (Restored) return;
        try
        {
            if (await store.LoadAsync() is { Length: > 0 } key) await SignInWithKeyAsync(key);
        }
        catch (Exception e) when (e is MarketplaceApiException or MarketplaceUnreachableException)
        {
            // A stored key that no longer works simply means signing in again.
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

    public async Task SignOutAsync()
    {
        holder.Current = null;
        User = null;
        await store.ClearAsync();
        Changed?.Invoke();
    }

    /// <summary>Reads the balance again, e.g. after a priced call.</summary>
    public async Task RefreshBalanceAsync(CancellationToken ct = default)
    {
        if (User?.TenantId is null) return;
        User = User with { Balance = (await client.BalanceAsync(ct)).Balance };
        Changed?.Invoke();
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
