using FalloutManagement.Api.Common;
using FalloutManagement.Api.Common.Auth;
using FalloutManagement.Api.Common.Http;
using FalloutManagement.Api.Common.Persistence;
using FalloutManagement.Api.Common.Problems;
using FalloutManagement.Api.Modules.Cases.Domain;
using Microsoft.EntityFrameworkCore;

namespace FalloutManagement.Api.Modules.Cases.ListCases;

internal sealed record CasePage(IReadOnlyList<CaseResponse> Items, string? NextCursor);

/// <summary>
/// <c>GET /fallout-cases</c>: keyset pages ordered by SLA due time (then id), filtered; operators only ever see
/// their queues' cases.
/// </summary>
internal static class ListCasesEndpoint
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;

    public static void MapListCases(this RouteGroupBuilder group) =>
        group.MapGet("/", HandleAsync)
            .RequireAuthorization(Policies.CaseReader)
            .WithName("ListCases")
            .QueryEnum<CaseStatus>("status")
            .QueryEnum<FalloutCategory>("category")
            .QueryEnum<Severity>("severity")
            .WithSummary("List cases")
            .WithDescription("Keyset pages of the cases the caller may see, ordered by SLA due time; filter by queue, status, category, severity, assignee, incident, SLA breach or escalation and follow `nextCursor`.")
            .Produces<CasePage>();

    private static async Task<IResult> HandleAsync(HttpContext http, CaseStore store, FalloutDbContext db, string? queue, string? status, string? category,
        string? severity, string? assignedUser, Guid? incidentId, bool? slaBreached, bool? escalated, int? limit, string? cursor)
    {
        var caller = http.Caller();
        var now = store.Now;
        var take = limit ?? DefaultLimit;
        if (take is < 1 or > MaxLimit)
        {
            throw DomainException.Validation("limit", $"limit must be between 1 and {MaxLimit}.");
        }
        IQueryable<FalloutCase> query = CaseAccess.Visible(db.Set<FalloutCase>().AsNoTracking(), caller);
        if (queue is not null)
        {
            // The queue as a literal (EF.Constant), not a parameter: a prepared statement gets PostgreSQL's generic
            // plan after five runs, planned without the value, and with cases skewed across queues (a storm fills one)
            // that plan walks the all-queues (sla_due_at, id) index and filters by queue — every case of the big queue
            // read for a page of a small one. A literal is planned for its queue. Only a code a queue can have is
            // written into the SQL (QueueCodes.IsValid): any other value matches no case.
            query = QueueCodes.IsValid(queue) ? query.Where(c => c.Queue == EF.Constant(queue)) : query.Where(c => false);
        }
        if (QueryEnum.Parse<CaseStatus>("status", status) is { } s)
        {
            // A literal too (13 values): planned for the status, the page takes the open-status index.
            query = query.Where(c => c.Status == EF.Constant(s));
        }
        if (QueryEnum.Parse<FalloutCategory>("category", category) is { } categoryValue)
        {
            query = query.Where(c => c.Category == categoryValue);
        }
        if (QueryEnum.Parse<Severity>("severity", severity) is { } severityValue)
        {
            query = query.Where(c => c.Severity == severityValue);
        }
        if (assignedUser is not null)
        {
            query = query.Where(c => c.AssignedUser == assignedUser);
        }
        if (incidentId is not null)
        {
            query = query.Where(c => c.IncidentId == incidentId);
        }
        if (slaBreached is { } breached)
        {
            query = breached
                ? query.Where(c => c.SlaDueAt < now && c.Status != CaseStatus.CLOSED && c.Status != CaseStatus.CANCELLED)
                : query.Where(c => !(c.SlaDueAt < now && c.Status != CaseStatus.CLOSED && c.Status != CaseStatus.CANCELLED));
        }
        if (escalated is { } isEscalated)
        {
            query = isEscalated ? query.Where(c => c.EscalationLevel > 0) : query.Where(c => c.EscalationLevel == 0);
        }
        if (cursor is not null)
        {
            var (dueAt, id) = KeysetCursor.Decode(cursor);
            query = query.Where(c => c.SlaDueAt > dueAt || (c.SlaDueAt == dueAt && c.Id.CompareTo(id) > 0));
        }
        var rows = await query.OrderBy(c => c.SlaDueAt).ThenBy(c => c.Id).Take(take + 1).ToListAsync(http.RequestAborted);
        var page = rows.Take(take).Select(c => CaseResponse.From(c, now, occurrences: null, withChildren: false)).ToList();
        var next = rows.Count > take ? KeysetCursor.Encode(rows[take - 1].SlaDueAt, rows[take - 1].Id) : null;
        return TypedResults.Ok(new CasePage(page, next));
    }
}
