using FalloutManagement.Api.Common.Auth;
using FalloutManagement.Api.Common.Http;
using FalloutManagement.Api.Common.Persistence;
using FalloutManagement.Api.Common.Problems;
using FalloutManagement.Api.Modules.Audit;
using FalloutManagement.Api.Modules.Cases;
using FalloutManagement.Api.Modules.Corrections.Policy;
using FalloutManagement.Api.Modules.PolicyChanges;
using Microsoft.EntityFrameworkCore;

namespace FalloutManagement.Api.Modules.Corrections.ActionPolicies;

/// <summary>
/// <c>POST /action-policies</c>, <c>PUT /action-policies/{id}</c> (If-Match on the policy's version) and
/// <c>POST /action-policies/{id}/deactivate</c>: admins only, and four eyes: each answers 202 with a policy change
/// (<c>/policy-changes/{id}</c>) that takes effect when another admin approves it. There is no delete; the applied
/// change writes its audit entry (case id null) in the approving transaction.
/// </summary>
internal static class WriteActionPolicyEndpoints
{
    public const string Kind = "action-policy";

    public static void MapWriteActionPolicies(this RouteGroupBuilder group)
    {
        group.MapPost("/", async (ActionPolicyRequest request, HttpContext http, FalloutDbContext db, TimeProvider clock) =>
            {
                ActionPolicy.EnsureValid(request.Match!.ToMatch(), request.Outcome!.ToOutcome());
                await EnsureNameFreeAsync(db, request.Name!.Trim(), null, http.RequestAborted);
                return await PolicyChangeProposals.ProposeAsync(db, http,
                    new PolicyChangeDraft(Kind, "new", PolicyChangeProposals.Create, null, request, request, null, request.Reason), clock.GetUtcNow());
            })
            .RequireAuthorization(Policies.Admin)
            .Validate<ActionPolicyRequest>()
            .WithName("CreateActionPolicy")
            .RequestExample("checker", "Subscriber data corrections need a checker and a read-back", new
            {
                name = "Subscriber data corrections need a checker", description = "HLR identity changes are approved by a second person.",
                priority = 50,
                match = new { correctionType = "DATA_CORRECTION", reasonCodes = new[] { "DUPLICATE_SUBSCRIBER_MISMATCH" } },
                outcome = new
                {
                    allowed = true, riskLevel = "HIGH", approvalRequired = true, requiredEvidence = new[] { "READ_BACK_SNAPSHOT" },
                    customerNotificationRequired = false, escalationRule = "NONE",
                },
                reason = "Identity changes on the HLR are the riskiest data corrections.",
            })
            .WithSummary("Propose a new action policy")
            .WithDescription("Proposes an action policy (fallout.admin only, audited): 202 with a policy change that takes effect when another admin approves it (POST /policy-changes/{id}/approve).")
            .Produces(StatusCodes.Status202Accepted);

        group.MapPut("/{id:guid}", async (Guid id, ActionPolicyRequest request, HttpContext http, FalloutDbContext db, TimeProvider clock) =>
            {
                var policy = await LoadForChangeAsync(db, http, id);
                ActionPolicy.EnsureValid(request.Match!.ToMatch(), request.Outcome!.ToOutcome());
                await EnsureNameFreeAsync(db, request.Name!.Trim(), id, http.RequestAborted);
                return await PolicyChangeProposals.ProposeAsync(db, http, new PolicyChangeDraft(Kind, id.ToString(), PolicyChangeProposals.Update,
                    ActionPolicyDto.From(policy), request, request, policy.Version, request.Reason), clock.GetUtcNow());
            })
            .RequireAuthorization(Policies.Admin)
            .Validate<ActionPolicyRequest>()
            .WithName("UpdateActionPolicy")
            .WithSummary("Propose a change of an action policy")
            .WithDescription("Proposes to replace an action policy (fallout.admin only, audited; If-Match with the policy's ETag): 202 with a policy change for another admin to approve.")
            .VersionedCommand()
            .Produces(StatusCodes.Status202Accepted);

        group.MapPost("/{id:guid}/deactivate", async (Guid id, ReasonRequest request, HttpContext http, FalloutDbContext db, TimeProvider clock) =>
            {
                var policy = await LoadForChangeAsync(db, http, id);
                if (!policy.Active)
                {
                    throw DomainException.InvalidTransition("The policy is already inactive.");
                }
                return await PolicyChangeProposals.ProposeAsync(db, http, new PolicyChangeDraft(Kind, id.ToString(), PolicyChangeProposals.Deactivate,
                    ActionPolicyDto.From(policy), new { active = false }, request, policy.Version, request.Reason), clock.GetUtcNow());
            })
            .RequireAuthorization(Policies.Admin)
            .Validate<ReasonRequest>()
            .WithName("DeactivateActionPolicy")
            .WithSummary("Propose to deactivate an action policy")
            .WithDescription("Proposes to stop the policy applying to new proposals (If-Match with the policy's ETag): 202 with a policy change for another admin to approve; nothing is deleted.")
            .VersionedCommand()
            .Produces(StatusCodes.Status202Accepted);
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

    internal static async Task EnsureNameFreeAsync(FalloutDbContext db, string name, Guid? self, CancellationToken ct)
    {
        if (await db.Set<ActionPolicy>().AnyAsync(p => p.Active && p.Name == name && p.Id != self, ct))
        {
            throw DomainException.Validation("name", $"An active policy is already named '{name}'.");
        }
    }
}

/// <summary>Applies an approved action-policy change: create, update or deactivate, as the maker proposed it.</summary>
internal sealed class ActionPolicyChanges : IPolicyChangeKind
{
    public string Kind => WriteActionPolicyEndpoints.Kind;

    public async Task<object> ApplyAsync(ApprovedPolicyChange change, FalloutDbContext db, HttpContext http, DateTimeOffset now, CancellationToken ct)
    {
        var maker = change.ProposedBy;
        if (change.Operation == PolicyChangeProposals.Create)
        {
            var request = PolicyChangeProposals.Request<ActionPolicyRequest>(change);
            await WriteActionPolicyEndpoints.EnsureNameFreeAsync(db, request.Name!.Trim(), null, ct);
            var created = ActionPolicy.Create(Guid.CreateVersion7(now), request.Name.Trim(), request.Description, request.Priority!.Value,
                request.Match!.ToMatch(), request.Outcome!.ToOutcome(), maker, now);
            db.Add(created);
            ReferenceAudit.Record(db, http, "ACTION_POLICY_CREATED", change.Reason, null, ActionPolicyDto.From(created), now);
            return ActionPolicyDto.From(created);
        }
        var id = Guid.Parse(change.Target);
        var policy = await db.Set<ActionPolicy>().FirstOrDefaultAsync(p => p.Id == id, ct)
            ?? throw DomainException.NotFound($"Action policy {id} was not found.");
        if (policy.Version != change.BaseVersion)
        {
            throw DomainException.InvalidTransition(
                $"The policy changed since this proposal (version {policy.Version}, proposed against {change.BaseVersion}); propose again.");
        }
        var before = ActionPolicyDto.From(policy);
        if (change.Operation == PolicyChangeProposals.Deactivate)
        {
            policy.Deactivate(maker, now);
            ReferenceAudit.Record(db, http, "ACTION_POLICY_DEACTIVATED", change.Reason, before, ActionPolicyDto.From(policy), now);
        }
        else
        {
            var request = PolicyChangeProposals.Request<ActionPolicyRequest>(change);
            await WriteActionPolicyEndpoints.EnsureNameFreeAsync(db, request.Name!.Trim(), id, ct);
            policy.Update(request.Name.Trim(), request.Description, request.Priority!.Value, request.Match!.ToMatch(), request.Outcome!.ToOutcome(),
                maker, now);
            ReferenceAudit.Record(db, http, "ACTION_POLICY_UPDATED", change.Reason, before, ActionPolicyDto.From(policy), now);
        }
        return ActionPolicyDto.From(policy);
    }
}
