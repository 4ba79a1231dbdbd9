using FalloutManagement.Api.Common.Auth;
using FalloutManagement.Api.Common.Http;
using FalloutManagement.Api.Common.Persistence;
using FalloutManagement.Api.Common.Problems;
using FalloutManagement.Api.Modules.Cases.Domain;
using FalloutManagement.Api.Modules.Corrections.Policy;
using Microsoft.EntityFrameworkCore;

namespace FalloutManagement.Api.Modules.Corrections.ActionPolicies;


/// <summary><c>GET /action-policies?active=&amp;correctionType=</c> and <c>GET /action-policies/{id}</c>: readable by every staff role.</summary>
internal static class ReadActionPoliciesEndpoints
{
    public static void MapReadActionPolicies(this RouteGroupBuilder group)
    {
        group.MapGet("/", async (bool? active, string? correctionType, int? limit, string? cursor, FalloutDbContext db, HttpContext http) =>
            {
                var take = Paging.Take(limit);
                var query = db.Set<ActionPolicy>().AsNoTracking();
                if (active is { } isActive)
                {
                    query = query.Where(p => p.Active == isActive);
                }
                if (QueryEnum.Parse<CorrectionType>("correctionType", correctionType) is { } type)
                {
                    query = query.Where(p => p.MatchCorrectionType == type || p.MatchCorrectionType == null);
                }
                if (cursor is not null)
                {
                    // Highest priority first, then by id.
                    var key = KeysetCursor.DecodeKey(cursor, 2);
                    var (priority, id) = (KeysetCursor.DecodeNumber(key[0]), KeysetCursor.DecodeId(key[1]));
                    query = query.Where(p => p.Priority < priority || (p.Priority == priority && p.Id.CompareTo(id) > 0));
                }
                var rows = await query.OrderByDescending(p => p.Priority).ThenBy(p => p.Id).Take(take + 1).ToListAsync(http.RequestAborted);
                return TypedResults.Ok(Paging.Of(rows, take, p => KeysetCursor.EncodeKey(KeysetCursor.Text(p.Priority), KeysetCursor.Text(p.Id)),
                    ActionPolicyDto.From));
            })
            .RequireAuthorization(Policies.Staff)
            .WithName("ListActionPolicies")
            .WithSummary("List action policies")
            .WithDescription("The action policies (optionally only active ones or one correction type): per correction type and situation, whether it is allowed, its risk level, whether a checker must approve and which evidence it needs. Read by every staff role.")
            .Produces<Page<ActionPolicyDto>>();

        group.MapGet("/{id:guid}", async (Guid id, FalloutDbContext db, HttpContext http) =>
            {
                var policy = await db.Set<ActionPolicy>().AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, http.RequestAborted)
                    ?? throw DomainException.NotFound($"Action policy {id} was not found.");
                IfMatch.SetETag(http, policy.Version);
                return TypedResults.Ok(ActionPolicyDto.From(policy));
            })
            .RequireAuthorization(Policies.Staff)
            .WithName("GetActionPolicy")
            .WithSummary("Get an action policy")
            .WithDescription("One action policy with its version as ETag.")
            .CaseRead()
            .Produces<ActionPolicyDto>();
    }
}
