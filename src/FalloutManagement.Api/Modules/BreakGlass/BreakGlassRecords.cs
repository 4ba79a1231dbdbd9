using System.Text.Json;
using FalloutManagement.Api.Common;
using FalloutManagement.Api.Common.Persistence;
using FalloutManagement.Api.Modules.Audit;
using FalloutManagement.Api.Modules.Events;

namespace FalloutManagement.Api.Modules.BreakGlass;

/// <summary>The audit entries and events of a grant's life, added to the unit of work of the change.</summary>
internal static class BreakGlassRecords
{
    public static void Requested(FalloutDbContext db, HttpContext http, BreakGlassGrant grant, DateTimeOffset now) =>
        ReferenceAudit.Record(db, http, CaseOf(grant), "BREAK_GLASS_REQUESTED", grant.Reason, null, Snapshot(grant), now);

    public static void Started(FalloutDbContext db, HttpContext http, BreakGlassGrant grant, DateTimeOffset now)
    {
        ReferenceAudit.Record(db, http, CaseOf(grant), grant.Emergency ? "BREAK_GLASS_SELF_GRANTED" : "BREAK_GLASS_GRANTED", grant.Reason, null,
            Snapshot(grant), now);
        db.Add(Event(EventCatalog.BreakGlassStarted, grant, now, new Dictionary<string, object?>
        {
            ["grantedBy"] = grant.GrantedBy,
            ["emergency"] = grant.Emergency,
            ["startsAt"] = grant.StartsAt,
            ["endsAt"] = grant.EndsAt,
        }));
    }

    /// <summary>The end of a grant; <paramref name="http"/> is null when the sweep ends an expired one.</summary>
    public static void Ended(FalloutDbContext db, HttpContext? http, BreakGlassGrant grant, DateTimeOffset now)
    {
        if (http is null)
        {
            db.Add(new AuditEntry(Guid.CreateVersion7(now), CaseOf(grant), null, grant.EndedBy!, "BREAK_GLASS_ENDED", "expired", null,
                JsonSerializer.Serialize(Snapshot(grant), JsonDefaults.Options), null, now, grant.Id));
        }
        else
        {
            ReferenceAudit.Record(db, http, CaseOf(grant), "BREAK_GLASS_ENDED", "ended before its time", null, Snapshot(grant), now);
        }
        db.Add(Event(EventCatalog.BreakGlassEnded, grant, now, new Dictionary<string, object?>
        {
            ["endedBy"] = grant.EndedBy,
            ["endedAt"] = grant.EndedAt,
            ["expired"] = http is null,
        }));
    }

    public static BreakGlassResponse Snapshot(BreakGlassGrant grant) => BreakGlassResponse.From(grant, []);

    private static Guid? CaseOf(BreakGlassGrant grant) =>
        grant.ScopeKind == Common.Auth.ElevationKind.CASE && Guid.TryParse(grant.ScopeTarget, out var id) ? id : null;

    private static OutboxEvent Event(string type, BreakGlassGrant grant, DateTimeOffset now, Dictionary<string, object?> fields)
    {
        var id = Guid.CreateVersion7(now);
        var body = new Dictionary<string, object?>
        {
            ["eventId"] = id,
            ["eventType"] = type,
            ["occurredAt"] = now,
            ["eventTime"] = now,
            ["domain"] = EventMapper.Domain,
            ["title"] = type,
            ["falloutCaseId"] = CaseOf(grant),
            ["breakGlassId"] = grant.Id,
            ["holder"] = grant.Holder,
            ["scope"] = grant.Scope,
            ["reason"] = grant.Reason,
        };
        foreach (var (key, value) in fields)
        {
            body[key] = value;
        }
        return new OutboxEvent(id, type, CaseOf(grant), now, JsonSerializer.Serialize(body, JsonDefaults.Options));
    }
}
