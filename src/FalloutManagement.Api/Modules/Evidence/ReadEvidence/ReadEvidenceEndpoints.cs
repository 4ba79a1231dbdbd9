using FalloutManagement.Api.Common.Auth;
using FalloutManagement.Api.Common.Http;
using FalloutManagement.Api.Common.Persistence;
using FalloutManagement.Api.Common.Problems;
using FalloutManagement.Api.Modules.Cases;
using FalloutManagement.Api.Modules.Cases.Domain;
using Microsoft.EntityFrameworkCore;

namespace FalloutManagement.Api.Modules.Evidence.ReadEvidence;

/// <summary>
/// <c>GET /fallout-cases/{id}/evidence</c>, <c>GET .../evidence/{evidenceId}</c> and
/// <c>GET .../evidence/{evidenceId}/content</c>, for whoever may read the case.
/// </summary>
internal static class ReadEvidenceEndpoints
{
    public static void MapReadEvidence(this RouteGroupBuilder group)
    {
        group.MapGet("/{id:guid}/evidence", async (Guid id, HttpContext http, CaseStore store, int? limit, string? cursor) =>
            {
                var take = Paging.Take(limit);
                var fallout = await store.GetVisibleAsync(id, http.Caller(), http.RequestAborted);
                var items = fallout.Evidence.AsEnumerable();
                if (cursor is not null)
                {
                    var (at, after) = KeysetCursor.Decode(cursor);
                    items = items.Where(e => e.CapturedAt > at || (e.CapturedAt == at && e.Id.CompareTo(after) > 0));
                }
                var rows = items.OrderBy(e => e.CapturedAt).ThenBy(e => e.Id).Take(take + 1).ToList();
                return TypedResults.Ok(Paging.Of(rows, take, e => KeysetCursor.Encode(e.CapturedAt, e.Id), EvidenceDto.From));
            })
            .RequireAuthorization(Policies.CaseReader)
            .WithName("ListEvidence")
            .WithSummary("List a case's evidence")
            .WithDescription("The evidence of the case, oldest first.")
            .Produces<Page<EvidenceDto>>();

        group.MapGet("/{id:guid}/evidence/{evidenceId:guid}", async (Guid id, Guid evidenceId, HttpContext http, CaseStore store) =>
            {
                var fallout = await store.GetVisibleAsync(id, http.Caller(), http.RequestAborted);
                var item = fallout.Evidence.FirstOrDefault(e => e.Id == evidenceId)
                    ?? throw DomainException.NotFound($"Evidence {evidenceId} is not on this case.");
                return TypedResults.Ok(EvidenceDto.From(item));
            })
            .RequireAuthorization(Policies.CaseReader)
            .WithName("GetEvidence")
            .WithSummary("Get one piece of evidence")
            .WithDescription("Its metadata: type, source, storage reference, checksum, who captured it and when.")
            .Produces<EvidenceDto>();

        group.MapGet("/{id:guid}/evidence/{evidenceId:guid}/content", async (Guid id, Guid evidenceId, HttpContext http, CaseStore store,
                FalloutDbContext db) =>
            {
                var ct = http.RequestAborted;
                var fallout = await store.GetVisibleAsync(id, http.Caller(), ct);
                if (fallout.Evidence.All(e => e.Id != evidenceId))
                {
                    throw DomainException.NotFound($"Evidence {evidenceId} is not on this case.");
                }
                var content = await db.Set<EvidenceContent>().AsNoTracking().FirstOrDefaultAsync(c => c.EvidenceId == evidenceId, ct)
                    ?? throw DomainException.NotFound($"Evidence {evidenceId} has no stored content (see its storageRef).");
                // Content stored before media types were checked may hold a value no header can carry: served as plain bytes.
                return TypedResults.File(content.Content, EvidenceMediaTypes.ServedAs(content.MediaType));
            })
            .RequireAuthorization(Policies.CaseReader)
            .WithName("GetEvidenceContent")
            .WithSummary("Download evidence content")
            .WithDescription("The stored bytes of the evidence, as captured.")
            .Produces(StatusCodes.Status200OK, contentType: "application/octet-stream");
    }
}
