using FalloutManagement.Api.Common.Auth;
using FalloutManagement.Api.Common.Http;
using FalloutManagement.Api.Common.Persistence;
using FalloutManagement.Api.Common.Problems;
using FalloutManagement.Api.Modules.Cases.Domain;
using FalloutManagement.Api.Modules.Corrections.Policy;
using Microsoft.EntityFrameworkCore;

namespace FalloutManagement.Api.Modules.Corrections.ActionPolicies;

internal sealed record ActionPolicyList(IReadOnlyList<ActionPolicyDto> Items);

/// <summary><c>GET /action-policies?active=&amp;correctionType=</c> and <c>GET /action-policies/{id}</c>: readable by every staff role.</summary>
internal static class ReadActionPoliciesEndpoints
{
    public static void MapReadActionPolicies(this RouteGroupBuilder group)
    {
        group.MapGet("/", async (bool? active, CorrectionType? correctionType, FalloutDbContext db, HttpContext http) =>
            {
                var query = db.Set<ActionPolicy>().AsNoTracking();
                if (active is { } isActive)
                {
                    query = query.Where(p => p.Active == isActive);
                }
                if (correctionType is { } type)
                {
                    query = query.Where(p => p.MatchCorrectionType == type || p.MatchCorrectionType == null);
                }
                var policies = await query.OrderByDescending(p => p.Priority).ThenBy(p => p.Name).ThenBy(p => p.Id).ToListAsync(http.RequestAborted);
                return TypedResults.Ok(new ActionPolicyList(policies.Select(ActionPolicyDto.From).ToList()));
            })
            .RequireAuthorization(Policies.Staff)
            .WithName("ListActionPolicies")
            .WithSummary("List action policies")
            .WithDescription("The action policies (optionally only active ones or one correction type): per correction type and situation, whether it is allowed, its risk level, whether a checker must approve and which evidence it needs. Read by every staff role.")
            .Produces<ActionPolicyList>();

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
