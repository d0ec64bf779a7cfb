namespace Marketplace.Tenancy;

/// <summary>
/// What a member or a tenant API key may do. Serialized kebab-case: <c>owner</c>, <c>developer</c>, …
/// <c>billing</c> sees statements, balance and usage only, and cannot call agents or tools.
/// </summary>
public enum Role
{
    Owner,
    Developer,
    Publisher,
    Reader,
    Agent,
    Billing,
}
