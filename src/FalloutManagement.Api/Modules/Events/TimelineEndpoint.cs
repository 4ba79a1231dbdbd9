using System.Text.Json;
using FalloutManagement.Api.Common.Auth;
using FalloutManagement.Api.Common.Persistence;
using FalloutManagement.Api.Modules.Audit;
using FalloutManagement.Api.Modules.Cases;
using FalloutManagement.Api.Modules.Events;
using Microsoft.EntityFrameworkCore;

namespace FalloutManagement.Api.Modules.Events;

/// <summary>One line of the console's timeline: an audit entry, an evidence item, a task step or a published event.</summary>
internal sealed record TimelineItem(DateTimeOffset At, string Kind, string Title, string? Actor, string? Detail, Guid RefId, JsonElement? Data);

/// <summary>A collection like every other (<c>{items, nextCursor}</c>), in one page: a case's history is read whole.</summary>
internal sealed record Timeline(Guid CaseId, IReadOnlyList<TimelineItem> Items, string? NextCursor = null);

/// <summary><c>GET /fallout-cases/{id}/timeline</c>: audit, evidence, tasks and events of a case merged in time order.</summary>
internal static class TimelineEndpoint
{
    public const string AuditKind = "AUDIT";
    public const string EvidenceKind = "EVIDENCE";
    public const string TaskKind = "TASK";
    public const string EventKind = "EVENT";

    private static readonly string[] KindOrder = [AuditKind, EvidenceKind, TaskKind, EventKind];

    public static void MapTimeline(this IEndpointRouteBuilder app) =>
        app.MapGet("/fallout-cases/{id:guid}/timeline", HandleAsync)
            .RequireAuthorization(Policies.CaseReader)
            .WithTags("Audit")
            .WithName("GetCaseTimeline")
            .WithSummary("Get a case's timeline")
            .WithDescription("Audit entries, evidence, tasks and events of the case in time order, in one page (`nextCursor` always null).")
            .Produces<Timeline>();

    private static async Task<IResult> HandleAsync(Guid id, HttpContext http, CaseStore store, FalloutDbContext db)
    {
        var ct = http.RequestAborted;
        var fallout = await store.GetVisibleAsync(id, http.Caller(), ct);
        var audit = await db.Set<AuditEntry>().AsNoTracking().Where(e => e.CaseId == id).OrderBy(e => e.ChainSeq).ToListAsync(ct);
        var events = await db.Set<OutboxEvent>().AsNoTracking().Where(e => e.CaseId == id).ToListAsync(ct);

        var items = new List<(TimelineItem Item, long Order)>();
        items.AddRange(audit.Select(e => (new TimelineItem(e.OccurredAt, AuditKind, e.Action, e.Actor, e.Reason, e.Id,
            AuditEntryResponse.ParseJson(e.AfterJson)), e.ChainSeq)));
        // Where evidence lies goes in data under its own name (storageRef), so the masking step classifies it as it does
        // in the case read; the line's detail is only the system it came from.
        items.AddRange(fallout.Evidence.Select(e => (new TimelineItem(e.CapturedAt, EvidenceKind, e.EvidenceType.ToString(), e.CapturedBy,
            e.Source, e.Id, e.StorageRef is null ? null : JsonSerializer.SerializeToElement(new { storageRef = e.StorageRef })), 0L)));
        foreach (var task in fallout.Tasks)
        {
            items.Add((new TimelineItem(task.CreatedAt, TaskKind, "TASK_CREATED", task.CreatedBy, $"{task.TaskType}: {task.Instruction}", task.Id, null), 0));
            if (task.CompletedAt is { } completedAt)
            {
                items.Add((new TimelineItem(completedAt, TaskKind, "TASK_COMPLETED", task.CompletedBy, task.Outcome, task.Id, null), 1));
            }
        }
        items.AddRange(events.Select(e => (new TimelineItem(e.OccurredAt, EventKind, e.EventType, null, null, e.Id,
            AuditEntryResponse.ParseJson(e.PayloadJson)), 0L)));

        var ordered = items
            .OrderBy(i => i.Item.At)
            .ThenBy(i => Array.IndexOf(KindOrder, i.Item.Kind))
            .ThenBy(i => i.Order)
            .ThenBy(i => i.Item.RefId)
            .Select(i => i.Item)
            .ToList();
        return TypedResults.Ok(new Timeline(id, ordered));
    }
}
