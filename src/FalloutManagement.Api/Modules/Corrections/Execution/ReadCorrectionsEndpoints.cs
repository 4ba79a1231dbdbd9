using FalloutManagement.Api.Common.Auth;
using FalloutManagement.Api.Common.Http;
using FalloutManagement.Api.Common.Persistence;
using FalloutManagement.Api.Common.Problems;
using FalloutManagement.Api.Modules.Audit;
using FalloutManagement.Api.Modules.Cases;
using Microsoft.EntityFrameworkCore;

namespace FalloutManagement.Api.Modules.Corrections.Execution;

internal sealed record CorrectionList(IReadOnlyList<CorrectionDto> Items, string? NextCursor);

/// <summary>
/// <c>GET /fallout-cases/{id}/correction-actions</c> (oldest first; a case holds few, so one page) and
/// <c>GET /fallout-cases/{id}/correction-actions/{caId}</c> (the correction with its executor, command id, execution
/// status and history): whoever may read the case.
/// </summary>
internal static class ReadCorrectionsEndpoints
{
    public static void MapReadCorrections(this RouteGroupBuilder group)
    {
        group.MapGet("/{id:guid}/correction-actions", async (Guid id, HttpContext http, CaseStore store, FalloutDbContext db) =>
            {
                var fallout = await store.GetVisibleAsync(id, http.Caller(), http.RequestAborted);
                IfMatch.SetETag(http, fallout.Version);
                return TypedResults.Ok(new CorrectionList([.. fallout.Corrections.OrderBy(c => c.ProposedAt).ThenBy(c => c.Id).Select(CorrectionDto.From)],
                    null));
            })
            .RequireAuthorization(Policies.CaseReader)
            .WithName("ListCorrections")
            .WithSummary("List a case's corrections")
            .WithDescription("Every correction of the case, oldest first, with its policy decision, approval, executor, `commandId`, `executionStatus` (NOT_DISPATCHED, REQUESTED, SUCCEEDED, FAILED, REJECTED, TIMED_OUT) and `executionResult`. A case holds few corrections: one page, `nextCursor` always null. Whoever may read the case; others 404. Answers the case's ETag.")
            .CaseRead()
            .Produces<CorrectionList>();

        group.MapGet("/{id:guid}/correction-actions/{caId:guid}", async (Guid id, Guid caId, HttpContext http, CaseStore store, FalloutDbContext db) =>
            {
                var ct = http.RequestAborted;
                var fallout = await store.GetVisibleAsync(id, http.Caller(), ct);
                var correction = fallout.Corrections.FirstOrDefault(c => c.Id == caId)
                    ?? throw DomainException.NotFound($"Correction action {caId} is not on this case.");
                var history = await db.Set<AuditEntry>().AsNoTracking()
                    .Where(a => a.CaseId == id && a.CorrectionActionId == caId)
                    .OrderBy(a => a.ChainSeq)
                    .Select(a => new CorrectionHistoryEntry(a.Action, a.Actor, a.OccurredAt, a.Reason))
                    .ToListAsync(ct);
                IfMatch.SetETag(http, fallout.Version);
                return TypedResults.Ok(CorrectionDto.From(correction) with { History = history });
            })
            .RequireAuthorization(Policies.CaseReader)
            .WithName("GetCorrection")
            .WithSummary("Get a correction with its history")
            .WithDescription("One correction (the `Location` of a proposal) with its executor, `commandId`, `dispatchedAt`, `executionDeadline`, `executionStatus`, `executionResult` (`late: true` when it came after the time-out) and `history`: its steps from the case's audit trail in chain order (CORRECTION_PROPOSED, CORRECTION_APPROVED, CORRECTION_DISPATCHED, CORRECTION_APPLIED, CORRECTION_EXECUTION_FAILED, CORRECTION_EXECUTION_TIMED_OUT, EXECUTION_RESULT_LATE, ...). Whoever may read the case; others 404. Answers the case's ETag.")
            .CaseRead()
            .Produces<CorrectionDto>();
    }
}
