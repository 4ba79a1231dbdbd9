namespace FalloutManagement.Api.Common.Auth;

/// <summary>What a break-glass grant opens: one queue, one case, or unmasked reads of whatever the holder may see.</summary>
public enum ElevationKind
{
    QUEUE,
    CASE,
    REVEAL_ALL,
}

/// <summary>
/// An active break-glass grant of the caller, loaded per request: its id marks every audit entry the caller writes
/// while it lasts; its scope widens access only where it says.
/// </summary>
public sealed record Elevation(Guid GrantId, ElevationKind Kind, string? Target, DateTimeOffset EndsAt)
{
    /// <summary>Whether it lets the holder see and act on a case of <paramref name="queue"/> as a supervisor would.</summary>
    public bool Covers(Guid caseId, string queue) => Kind switch
    {
        ElevationKind.QUEUE => string.Equals(Target, queue, StringComparison.Ordinal),
        ElevationKind.CASE => Guid.TryParse(Target, out var id) && id == caseId,
        _ => false,
    };

    /// <summary>Whether it unmasks classified values of the case (any scope that covers it, or reveal-all).</summary>
    public bool Unmasks(Guid? caseId, string? queue) =>
        Kind == ElevationKind.REVEAL_ALL || (caseId is { } id && queue is not null && Covers(id, queue));
}
