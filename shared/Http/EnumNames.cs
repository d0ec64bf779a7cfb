namespace Marketplace.Http;

/// <summary>
/// Enum values from request text by name only: <see cref="Enum.TryParse{TEnum}(string, bool, out TEnum)"/> also
/// accepts numbers ("-1", "7") and comma lists, which name no member and used to reach the stores.
/// </summary>
public static class EnumNames
{
    public static bool TryParse<T>(string text, out T value) where T : struct, Enum
    {
        var name = Enum.GetNames<T>().FirstOrDefault(n => n.Equals(text, StringComparison.OrdinalIgnoreCase));
        value = name is null ? default : Enum.Parse<T>(name);
        return name is not null;
    }
}
