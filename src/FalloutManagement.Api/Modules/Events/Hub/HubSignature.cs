using System.Security.Cryptography;
using System.Text;

namespace FalloutManagement.Api.Modules.Events.Hub;

/// <summary>The <c>X-Fallout-Signature</c> header: <c>sha256=</c> and the lowercase hex HMAC-SHA256 of the exact body bytes.</summary>
internal static class HubSignature
{
    public const string Header = "X-Fallout-Signature";

    public static string Sign(string secret, byte[] body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));
}
