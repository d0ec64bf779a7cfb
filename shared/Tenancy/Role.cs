namespace Marketplace.Tenancy;

/// <summary>What a tenant API key may do. Serialized kebab-case: <c>owner</c>, <c>developer</c>, …</summary>
public enum Role
{
    Owner,
    Developer,
    Publisher,
    Reader,
    Agent,
}
