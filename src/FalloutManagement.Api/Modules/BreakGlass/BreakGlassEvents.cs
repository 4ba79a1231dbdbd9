using FalloutManagement.Api.Modules.Events;

namespace FalloutManagement.Api.Modules.BreakGlass;

/// <summary>
/// A break-glass event: the grant, its holder, scope (<c>queue:CODE</c>, <c>case:UUID</c>, <c>reveal-all</c>) and
/// reason; <c>falloutCaseId</c> is the case of a <c>case:</c> scope, null otherwise.
/// </summary>
internal abstract record BreakGlassEvent(string EventType, Guid? FalloutCaseId, Guid BreakGlassId, string Holder, string Scope, string Reason)
    : ServiceEvent(EventType, FalloutCaseId);

/// <summary>Raised when a grant becomes active (granted by another person, or self-granted with <c>emergency: true</c>).</summary>
internal sealed record BreakGlassStarted(Guid? FalloutCaseId, Guid BreakGlassId, string Holder, string Scope, string Reason, string GrantedBy,
    bool Emergency, DateTimeOffset StartsAt, DateTimeOffset EndsAt)
    : BreakGlassEvent(EventCatalog.BreakGlassStarted, FalloutCaseId, BreakGlassId, Holder, Scope, Reason)
{
    public static BreakGlassStarted Of(BreakGlassGrant grant) =>
        new(grant.CaseId, grant.Id, grant.Holder, grant.Scope, grant.Reason, grant.GrantedBy!, grant.Emergency, grant.StartsAt!.Value, grant.EndsAt!.Value);
}

/// <summary>Raised when a grant ends: by its expiry (<c>expired: true</c>, ended by the sweep) or early, by its holder or a supervisor.</summary>
internal sealed record BreakGlassEnded(Guid? FalloutCaseId, Guid BreakGlassId, string Holder, string Scope, string Reason, string EndedBy,
    DateTimeOffset EndedAt, bool Expired)
    : BreakGlassEvent(EventCatalog.BreakGlassEnded, FalloutCaseId, BreakGlassId, Holder, Scope, Reason)
{
    public static BreakGlassEnded Of(BreakGlassGrant grant, bool expired) =>
        new(grant.CaseId, grant.Id, grant.Holder, grant.Scope, grant.Reason, grant.EndedBy!, grant.EndedAt!.Value, expired);
}
