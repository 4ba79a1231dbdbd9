using System.Security.Claims;
using System.Text;
using FalloutManagement.Api.Common.Problems;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace FalloutManagement.Api.Common.Auth;

/// <summary>
/// <c>POST /dev/tokens</c>: mints a token for any user, roles and queues so a person can try the API, with the
/// <c>executor</c> claim of a <c>fallout.executor</c>, the <c>partner</c> claim of a <c>fallout.partner</c> and the
/// <c>orchestrates</c> claim of a <c>fallout.source</c> that runs orders (it redeems the tokens of their cases). It is
/// mapped only in the Development environment, and the development signing key is refused everywhere else.
/// </summary>
public static class DevTokens
{
    public sealed record DevTokenRequest(string? Sub, string[]? Roles, string[]? Queues, bool Mfa = false, int LifetimeMinutes = 480,
        string? Executor = null, string? Partner = null, bool Orchestrates = false);

    public sealed record DevTokenResponse(string AccessToken, string TokenType, DateTimeOffset ExpiresAt);

    public static void MapDevTokens(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            return;
        }
        app.MapPost("/dev/tokens", (DevTokenRequest request, IOptions<AuthOptions> options, TimeProvider clock) =>
        {
            if (string.IsNullOrWhiteSpace(request.Sub))
            {
                throw DomainException.Validation("sub", "sub is required.");
            }
            var unknown = (request.Roles ?? []).Except(Auth.Roles.All).ToList();
            if (unknown.Count > 0)
            {
                throw DomainException.Validation("roles", $"Unknown roles: {string.Join(", ", unknown)}.");
            }
            if ((request.Roles ?? []).Contains(Auth.Roles.Executor) && string.IsNullOrWhiteSpace(request.Executor))
            {
                throw DomainException.Validation("executor", "A fallout.executor token names the executor code it acts for.");
            }
            if ((request.Roles ?? []).Contains(Auth.Roles.Partner) && string.IsNullOrWhiteSpace(request.Partner))
            {
                throw DomainException.Validation("partner", "A fallout.partner token names the partner or field organisation it acts for.");
            }
            if (request.Orchestrates && !(request.Roles ?? []).Contains(Auth.Roles.Source))
            {
                throw DomainException.Validation("orchestrates", "Only a fallout.source token orchestrates orders.");
            }
            var now = clock.GetUtcNow();
            var expires = now.AddMinutes(Math.Clamp(request.LifetimeMinutes, 1, 24 * 60));
            var token = Mint(options.Value, request.Sub, request.Roles ?? [], request.Queues ?? [], request.Mfa, now, expires, request.Executor,
                request.Partner, request.Orchestrates);
            return TypedResults.Ok(new DevTokenResponse(token, "Bearer", expires));
        }).AllowAnonymous().WithTags("Development").ExcludeFromDescription();
    }

    public static string Mint(AuthOptions options, string sub, IEnumerable<string> roles, IEnumerable<string> queues, bool mfa,
        DateTimeOffset now, DateTimeOffset expires, string? executor = null, string? partner = null, bool orchestrates = false)
    {
        var claims = new Dictionary<string, object>
        {
            [FalloutClaims.Subject] = sub,
            [FalloutClaims.Role] = roles.ToArray(),
            [FalloutClaims.Queues] = queues.ToArray(),
        };
        if (executor is not null)
        {
            claims[FalloutClaims.Executor] = executor;
        }
        if (partner is not null)
        {
            claims[FalloutClaims.Partner] = partner;
        }
        if (orchestrates)
        {
            claims[FalloutClaims.Orchestrates] = true;
        }
        if (mfa)
        {
            claims[FalloutClaims.AuthenticationMethods] = new[] { "pwd", FalloutClaims.MultiFactor };
        }
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = options.Issuer,
            Audience = options.Audience,
            Claims = claims,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expires.UtcDateTime,
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(options.SigningKey)),
                SecurityAlgorithms.HmacSha256),
            Subject = new ClaimsIdentity(),
        };
        return new JsonWebTokenHandler().CreateToken(descriptor);
    }
}
