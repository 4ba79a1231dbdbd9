using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace FalloutManagement.IntegrationTests.Infrastructure;

/// <summary>Mints bearer tokens the way an identity provider would, with the key the test host is configured with.</summary>
public static class TestTokens
{
    public const string Issuer = "fallout-tests";
    public const string Audience = "fallout-api";
    public const string SigningKey = "integration-tests-signing-key-0123456789abcdef";

    public static string Mint(string sub, IEnumerable<string> roles, IEnumerable<string>? queues = null, bool mfa = false,
        string signingKey = SigningKey, DateTime? expires = null, string issuer = Issuer, string? executor = null,
        IReadOnlyDictionary<string, object>? extraClaims = null)
    {
        var claims = new Dictionary<string, object>
        {
            ["sub"] = sub,
            ["role"] = roles.ToArray(),
        };
        if (queues is not null)
        {
            claims["queues"] = queues.ToArray();
        }
        if (executor is not null)
        {
            claims["executor"] = executor;
        }
        if (mfa)
        {
            claims["amr"] = new[] { "pwd", "mfa" };
        }
        foreach (var (name, value) in extraClaims ?? new Dictionary<string, object>())
        {
            claims[name] = value;
        }
        var now = DateTime.UtcNow;
        var exp = expires ?? now.AddHours(1);
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = Audience,
            Claims = claims,
            IssuedAt = exp < now ? exp.AddHours(-1) : now,
            NotBefore = exp < now ? exp.AddHours(-1) : now,
            Expires = exp,
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(signingKey)), SecurityAlgorithms.HmacSha256),
        });
    }
}
