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
            .Produces<CorrectionDto>();
    }
}
