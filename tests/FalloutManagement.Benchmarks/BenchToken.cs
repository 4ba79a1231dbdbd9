using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace FalloutManagement.Benchmarks;

/// <summary>
/// Mints the bearer token the service accepts (docs/api-guide.md): HS256, issuer and audience
/// <c>fallout-management</c>, claims <c>sub</c>, <c>role</c>, <c>queues</c>. The default key is the Development one.
/// </summary>
public static class BenchToken
{
    public const string DevelopmentSigningKey = "fallout-management-development-signing-key-not-for-production";
    public const string IssuerAndAudience = "fallout-management";

    public static string Mint(string signingKey, string sub, IReadOnlyList<string> roles, IReadOnlyList<string>? queues = null,
        TimeSpan? lifetime = null)
    {
        var now = DateTime.UtcNow;
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = IssuerAndAudience,
            Audience = IssuerAndAudience,
            Claims = new Dictionary<string, object>
            {
                ["sub"] = sub,
                ["role"] = roles.ToArray(),
                ["queues"] = (queues ?? []).ToArray(),
            },
            IssuedAt = now,
            NotBefore = now,
            Expires = now + (lifetime ?? TimeSpan.FromHours(4)),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(signingKey)),
                SecurityAlgorithms.HmacSha256),
        };
        return new JsonWebTokenHandler().CreateToken(descriptor);
    }
}
