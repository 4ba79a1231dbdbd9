using FalloutManagement.Api.Common.Auth;
using FalloutManagement.Api.Common.Problems;
using FalloutManagement.Api.Modules.Corrections;
using FalloutManagement.Api.Modules.Cases.Domain;
using FalloutManagement.Api.Modules.Corrections.Domain;
using FalloutManagement.Api.Modules.Corrections.Policy;
using FalloutManagement.Api.Modules.Evidence.Domain;
using Microsoft.Extensions.Options;

namespace FalloutManagement.Api.Modules.Cases.AllowedActions;

/// <summary>One command for this caller; when refused, why and the problem <c>code</c> the command would answer (e.g. STEP_UP_REQUIRED).</summary>
public sealed record AllowedAction(CaseCommand Action, bool Allowed, string? Reason, string? Code = null);

/// <summary>One correction type as the action policy sees it for this case and caller (the proposal enforces the same).</summary>
public sealed record CorrectionOption(CorrectionType Type, bool Allowed, RiskLevel RiskLevel, bool ApprovalRequired,
    IReadOnlyList<EvidenceType> RequiredEvidence, bool CustomerNotificationRequired, EscalationRule EscalationRule, string? PolicyRef,
    string? Reason, bool DependsOnPayload);

/// <summary>What resolution needs: evidence proving it (which items qualify) and no open mandatory task.</summary>
public sealed record ResolveRequirement(bool EvidenceRequired, IReadOnlyList<Guid> QualifyingEvidenceIds, IReadOnlyList<Guid> OpenMandatoryTaskIds,
    bool Satisfied);

public sealed record AllowedActionsResponse(Guid CaseId, long Version, CaseStatus Status, IReadOnlyList<CaseCommand> Allowed,
    IReadOnlyList<AllowedAction> Actions, IReadOnlyList<CorrectionOption> CorrectionTypes, ResolveRequirement Resolve);

/// <summary>
/// <c>GET /fallout-cases/{id}/allowed-actions</c>: what the caller may do now, read from the same state table, access
/// rules and action policy every command checks. The console shows exactly these.
/// </summary>
public static class AllowedActionsEndpoint
{
    public static void MapAllowedActions(this RouteGroupBuilder group) =>
        group.MapGet("/{id:guid}/allowed-actions", async (Guid id, HttpContext http, CaseStore store, PolicyEvaluator evaluator,
                IOptions<CorrectionOptions> options) =>
            {
                var caller = http.Caller();
                var fallout = await store.GetVisibleAsync(id, caller, http.RequestAborted);
                var policies = await evaluator.ActivePoliciesAsync(http.RequestAborted);
                var corrections = CorrectionTypeOptions(policies, caller, fallout, options.Value.MaxRetriesPerCase);
                var actions = Evaluate(caller, fallout, corrections, store.Now);
                return TypedResults.Ok(new AllowedActionsResponse(fallout.Id, fallout.Version, fallout.Status,
                    actions.Where(a => a.Allowed).Select(a => a.Action).ToList(), actions, corrections, ResolveRequirementOf(fallout)));
            })
            .RequireAuthorization(Policies.CaseReader)
            .WithName("GetAllowedActions")
            .Produces<AllowedActionsResponse>();

    /// <summary>
    /// Each command of the state table for this caller: its pre-checks and from-state, the caller's role and ownership,
    /// then its named rules — the same checks, in the same order, as the command itself (the command's input aside).
    /// </summary>
    public static IReadOnlyList<AllowedAction> Evaluate(Caller caller, FalloutCase fallout, IReadOnlyList<CorrectionOption> corrections,
        DateTimeOffset now) =>
        CaseStateTable.Rules.Values.OrderBy(r => r.Command).Select(rule =>
        {
            var context = new RuleContext(fallout, caller.Actor, now);
            var refusal = CaseStateTable.StateRefusal(rule.Command, context)
                ?? (CaseAccess.Refusal(caller, fallout, rule.Command) is { } access
                    ? new Refusal(StatusCodes.Status403Forbidden, ProblemCodes.Forbidden, "Forbidden", access)
                    : null)
                ?? CaseStateTable.RulesRefusal(rule.Command, context);
            if (refusal is null && rule.Command == CaseCommand.PROPOSE_CORRECTION && !corrections.Any(c => c.Allowed))
            {
                refusal = new Refusal(StatusCodes.Status403Forbidden, ProblemCodes.PolicyDenied, "Policy denied",
                    "the action policy allows no correction type for this case");
            }
            return new AllowedAction(rule.Command, refusal is null, refusal?.Detail, refusal?.Code);
        }).ToList();

    public static IReadOnlyList<CorrectionOption> CorrectionTypeOptions(IReadOnlyList<ActionPolicy> policies, Caller caller, FalloutCase fallout,
        int maxRetries)
    {
        var context = PolicyContext.For(fallout, caller);
        return Enum.GetValues<CorrectionType>().Select(type =>
        {
            var d = PolicyEvaluator.Preview(policies, context, type);
            var rateLimited = d.Allowed && type == CorrectionType.RETRY ? RetryBudget.Refusal(fallout, maxRetries) : null;
            return new CorrectionOption(type, d.Allowed && rateLimited is null, d.RiskLevel, d.ApprovalRequired, d.RequiredEvidence,
                d.CustomerNotificationRequired, d.EscalationRule, d.PolicyRef, rateLimited ?? d.Reason, d.DependsOnPayload);
        }).ToList();
    }

    /// <summary>The resolve rules of the state table, spelled out for the console.</summary>
    private static ResolveRequirement ResolveRequirementOf(FalloutCase fallout)
    {
        var qualifying = ResolutionEvidenceRequired.Qualifying(fallout);
        var openMandatory = MandatoryTasksDone.OpenMandatory(fallout);
        return new ResolveRequirement(true, qualifying, openMandatory, qualifying.Count > 0 && openMandatory.Count == 0);
    }
}
