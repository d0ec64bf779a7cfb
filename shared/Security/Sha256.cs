using System.Security.Cryptography;
using System.Text;

namespace Marketplace.Security;

public static class Sha256
{
    /// <summary>The SHA-256 of the text's UTF-8 bytes, as lowercase hex.</summary>
    public static string Hex(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
