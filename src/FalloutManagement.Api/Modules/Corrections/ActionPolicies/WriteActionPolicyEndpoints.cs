using FalloutManagement.Api.Common.Auth;
using FalloutManagement.Api.Common.Http;
using FalloutManagement.Api.Common.Persistence;
using FalloutManagement.Api.Common.Problems;
using FalloutManagement.Api.Modules.Audit;
using FalloutManagement.Api.Modules.Cases;
using FalloutManagement.Api.Modules.Corrections.Policy;
using Microsoft.EntityFrameworkCore;

namespace FalloutManagement.Api.Modules.Corrections.ActionPolicies;

/// <summary>
/// <c>POST /action-policies</c>, <c>PUT /action-policies/{id}</c> (If-Match on the policy's version) and
/// <c>POST /action-policies/{id}/deactivate</c>: admins only. There is no delete; every change writes an audit entry
/// (case id null) in the same transaction as the change.
/// </summary>
internal static class WriteActionPolicyEndpoints
{
    public static void MapWriteActionPolicies(this RouteGroupBuilder group)
    {
        group.MapPost("/", async (ActionPolicyRequest request, HttpContext http, FalloutDbContext db, TimeProvider clock) =>
            {
                var now = clock.GetUtcNow();
                var caller = http.Caller();
                await EnsureNameFreeAsync(db, request.Name!.Trim(), null, http.RequestAborted);
                var policy = ActionPolicy.Create(Guid.CreateVersion7(now), request.Name.Trim(), request.Description, request.Priority!.Value,
                    request.Match!.ToMatch(), request.Outcome!.ToOutcome(), caller.Id, now);
                db.Add(policy);
                ReferenceAudit.Record(db, http, "ACTION_POLICY_CREATED", request.Reason, null, ActionPolicyDto.From(policy), now);
                await db.SaveChangesAsync(http.RequestAborted);
                IfMatch.SetETag(http, policy.Version);
                return TypedResults.Created($"/action-policies/{policy.Id}", ActionPolicyDto.From(policy));
            })
            .RequireAuthorization(Policies.Admin)
            .Validate<ActionPolicyRequest>()
            .WithName("CreateActionPolicy")
            .WithSummary("Create an action policy")
            .WithDescription("Adds an action policy (fallout.admin only, audited). Answers 201 with Location and the policy's ETag.")
            .Produces<ActionPolicyDto>(StatusCodes.Status201Created);

        group.MapPut("/{id:guid}", async (Guid id, ActionPolicyRequest request, HttpContext http, FalloutDbContext db, TimeProvider clock) =>
            {
                var now = clock.GetUtcNow();
                var policy = await LoadForChangeAsync(db, http, id);
                await EnsureNameFreeAsync(db, request.Name!.Trim(), id, http.RequestAborted);
                var before = ActionPolicyDto.From(policy);
                policy.Update(request.Name.Trim(), request.Description, request.Priority!.Value, request.Match!.ToMatch(), request.Outcome!.ToOutcome(),
                    http.Caller().Id, now);
                ReferenceAudit.Record(db, http, "ACTION_POLICY_UPDATED", request.Reason, before, ActionPolicyDto.From(policy), now);
                await db.SaveChangesAsync(http.RequestAborted);
                IfMatch.SetETag(http, policy.Version);
                return TypedResults.Ok(ActionPolicyDto.From(policy));
            })
            .RequireAuthorization(Policies.Admin)
            .Validate<ActionPolicyRequest>()
            .WithName("UpdateActionPolicy")
            .WithSummary("Update an action policy")
            .WithDescription("Replaces an action policy (fallout.admin only, audited). Requires If-Match with the policy's ETag.")
            .VersionedCommand()
            .Produces<ActionPolicyDto>();

        group.MapPost("/{id:guid}/deactivate", async (Guid id, ReasonRequest request, HttpContext http, FalloutDbContext db, TimeProvider clock) =>
            {
                var now = clock.GetUtcNow();
                var policy = await LoadForChangeAsync(db, http, id);
                var before = ActionPolicyDto.From(policy);
                policy.Deactivate(http.Caller().Id, now);
                ReferenceAudit.Record(db, http, "ACTION_POLICY_DEACTIVATED", request.Reason, before, ActionPolicyDto.From(policy), now);
                await db.SaveChangesAsync(http.RequestAborted);
                IfMatch.SetETag(http, policy.Version);
                return TypedResults.Ok(ActionPolicyDto.From(policy));
            })
            .RequireAuthorization(Policies.Admin)
            .Validate<ReasonRequest>()
            .WithName("DeactivateActionPolicy")
            .WithSummary("Deactivate an action policy")
            .WithDescription("The policy stops applying to new proposals; nothing is deleted. Requires If-Match with the policy's ETag.")
            .VersionedCommand()
            .Produces<ActionPolicyDto>();
    }

    private static async Task<ActionPolicy> LoadForChangeAsync(FalloutDbContext db, HttpContext http, Guid id)
    {
        var policy = await db.Set<ActionPolicy>().FirstOrDefaultAsync(p => p.Id == id, http.RequestAborted)
            ?? throw DomainException.NotFound($"Action policy {id} was not found.");
        var expected = IfMatch.Required(http);
        if (expected != policy.Version)
        {
            throw DomainException.VersionConflict($"The policy is at version {policy.Version}, not {expected}. Read it again and retry.");
        }
        return policy;
    }

    private static async Task EnsureNameFreeAsync(FalloutDbContext db, string name, Guid? self, CancellationToken ct)
    {
        if (await db.Set<ActionPolicy>().AnyAsync(p => p.Active && p.Name == name && p.Id != self, ct))
        {
            throw DomainException.Validation("name", $"An active policy is already named '{name}'.");
        }
    }

}
