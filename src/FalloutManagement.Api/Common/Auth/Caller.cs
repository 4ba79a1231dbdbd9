using System.Security.Claims;

namespace FalloutManagement.Api.Common.Auth;

/// <summary>The authenticated caller of a request: actor id from <c>sub</c>, roles, queues worked and step-up.</summary>
public sealed class Caller
{
    private Caller(string id, HashSet<string> roles, HashSet<string> queues, bool hasMfa, bool orchestrates, string? executor)
    {
        Orchestrates = orchestrates;
        Executor = executor;
        Id = id;
        Roles = roles;
        Queues = queues;
        HasMfa = hasMfa;
    }

    public string Id { get; }
    public IReadOnlySet<string> Roles { get; }
    public IReadOnlySet<string> Queues { get; }
    public bool HasMfa { get; }

    /// <summary>A source system that orchestrates orders: it may redeem the tokens of every case of the orders it runs.</summary>
    public bool Orchestrates { get; }

    /// <summary>The actor of what the request does; carries the break-glass grants in force, which mark its audit entries.</summary>
    public Actor Actor => new(Id, Roles, HasMfa) { Grants = Elevations };

    /// <summary>The caller's active break-glass grants (empty for nearly everyone), set once per request.</summary>
    public IReadOnlyList<Elevation> Elevations { get; private set; } = [];

    public void Elevate(IReadOnlyList<Elevation> elevations) => Elevations = elevations;

    /// <summary>Whether a grant lets the caller see and act on the case as a supervisor would.</summary>
    public bool IsElevatedFor(Guid caseId, string queue) => Elevations.Any(e => e.Covers(caseId, queue));

    /// <summary>The executor code of a <c>fallout.executor</c> token (claim <c>executor</c>); null for everyone else.</summary>
    public string? Executor { get; }

    /// <summary>The partner or field organisation code of a <c>fallout.partner</c> token (claim <c>partner</c>); null for everyone else.</summary>
    public string? Partner { get; private init; }

    /// <summary>The external party the caller acts for (its partner code, else its executor code): whom a wait can name.</summary>
    public string? Party => Partner ?? Executor;

    public bool IsInRole(string role) => Roles.Contains(role);

    public bool IsInAnyRole(params string[] roles) => roles.Any(Roles.Contains);

    public static Caller From(ClaimsPrincipal principal)
    {
        var id = principal.FindFirst(FalloutClaims.Subject)?.Value;
        if (string.IsNullOrWhiteSpace(id))
        {
            throw new InvalidOperationException("An authenticated principal without a sub claim reached an endpoint.");
        }
        var roles = principal.FindAll(FalloutClaims.Role).Select(c => c.Value).ToHashSet(StringComparer.Ordinal);
        var queues = principal.FindAll(FalloutClaims.Queues).Select(c => c.Value).ToHashSet(StringComparer.Ordinal);
        var mfa = principal.FindAll(FalloutClaims.AuthenticationMethods).Any(c => c.Value == FalloutClaims.MultiFactor);
        // Only a source system orchestrates orders; the claim means nothing on any other token.
        var orchestrates = roles.Contains(Auth.Roles.Source) && principal.FindAll(FalloutClaims.Orchestrates)
            .Any(c => string.Equals(c.Value, "true", StringComparison.OrdinalIgnoreCase));
        var executor = roles.Contains(Auth.Roles.Executor) ? principal.FindFirst(FalloutClaims.Executor)?.Value : null;
        var partner = roles.Contains(Auth.Roles.Partner) ? principal.FindFirst(FalloutClaims.Partner)?.Value : null;
        return new Caller(id, roles, queues, mfa, orchestrates, string.IsNullOrWhiteSpace(executor) ? null : executor)
        {
            Partner = string.IsNullOrWhiteSpace(partner) ? null : partner,
        };
    }
}

public static class CallerHttpContextExtensions
{
    public static Caller Caller(this HttpContext context)
    {
        if (context.Items.TryGetValue(typeof(Caller), out var cached) && cached is Caller caller)
        {
            return caller;
        }
        caller = Auth.Caller.From(context.User);
        context.Items[typeof(Caller)] = caller;
        return caller;
    }
}
