namespace FalloutManagement.Api.Common.Auth;

/// <summary>Who performs a command: always the token's <c>sub</c>, never a request body.</summary>
public sealed record Actor(string Id, IReadOnlySet<string> Roles, bool HasMfa)
{
    public static Actor System(string name) => new($"system:{name}", new HashSet<string>(), false);

    /// <summary>The break-glass grant under which the actor acts, if any: written on every audit entry of the action.</summary>
    public Guid? BreakGlassId { get; init; }

    public bool IsInRole(string role) => Roles.Contains(role);
}
