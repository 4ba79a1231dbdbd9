namespace FalloutManagement.Api.Common.Auth;

/// <summary>Who performs a command: always the token's <c>sub</c>, never a request body.</summary>
public sealed record Actor(string Id, IReadOnlySet<string> Roles, bool HasMfa)
{
    public static Actor System(string name) => new($"system:{name}", new HashSet<string>(), false);

    /// <summary>The actor's active break-glass grants (empty for nearly everyone): one of them marks every audit entry it writes.</summary>
    public IReadOnlyList<Elevation> Grants { get; init; } = [];

    /// <summary>
    /// The grant an audit entry about <paramref name="caseId"/> (of <paramref name="queue"/>) is written under: the grant
    /// whose scope covers the case (a <c>case:</c> grant before a <c>queue:</c> grant), else a <c>reveal-all</c> grant,
    /// else the first grant held (an entry written while any grant lasts is marked), else none. With several grants
    /// active the action is credited to the one that opened the case, not to whichever was granted first.
    /// </summary>
    public Guid? GrantFor(Guid? caseId, string? queue)
    {
        if (Grants.Count == 0)
        {
            return null;
        }
        // Elevation.Covers decides the scope; of the grants that cover the case, a case: grant before a queue: grant.
        var covering = caseId is { } id
            ? Grants.Where(g => g.Covers(id, queue ?? "")).MinBy(g => g.Kind == ElevationKind.CASE ? 0 : 1)
            : null;
        return (covering ?? Grants.FirstOrDefault(g => g.Kind == ElevationKind.REVEAL_ALL) ?? Grants[0]).GrantId;
    }

    public bool IsInRole(string role) => Roles.Contains(role);
}
