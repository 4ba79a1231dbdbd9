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
        ReferenceAudit.Record(db, http, grant.CaseId, "BREAK_GLASS_REQUESTED", grant.Reason, null, Snapshot(grant), now);

    public static void Started(FalloutDbContext db, HttpContext http, BreakGlassGrant grant, DateTimeOffset now)
    {
        ReferenceAudit.Record(db, http, grant.CaseId, grant.Emergency ? "BREAK_GLASS_SELF_GRANTED" : "BREAK_GLASS_GRANTED", grant.Reason, null,
            Snapshot(grant), now);
        db.Add(EventMapper.ToOutboxEvent(Guid.CreateVersion7(now), BreakGlassStarted.Of(grant), now));
    }

    /// <summary>
    /// The end of a grant; <paramref name="http"/> is null when the sweep ends an expired one (no request: the entry's
    /// correlation id is then the grant's id).
    /// </summary>
    public static void Ended(FalloutDbContext db, HttpContext? http, BreakGlassGrant grant, DateTimeOffset now)
    {
        if (http is null)
        {
            db.Add(new AuditEntry(Guid.CreateVersion7(now), grant.CaseId, null, grant.EndedBy!, "BREAK_GLASS_ENDED", "expired", null,
                JsonSerializer.Serialize(Snapshot(grant), JsonDefaults.Options), grant.Id.ToString(), now, grant.Id));
        }
        else
        {
            ReferenceAudit.Record(db, http, grant.CaseId, "BREAK_GLASS_ENDED", "ended before its time", null, Snapshot(grant), now);
        }
        db.Add(EventMapper.ToOutboxEvent(Guid.CreateVersion7(now), BreakGlassEnded.Of(grant, expired: http is null), now));
    }

    public static BreakGlassResponse Snapshot(BreakGlassGrant grant) => BreakGlassResponse.From(grant, []);
}
