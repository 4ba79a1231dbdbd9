using FalloutManagement.Api.Common.Http;
using FalloutManagement.Api.Common.Auth;
using FalloutManagement.Api.Common.Problems;
using FalloutManagement.Api.Modules.Cases.Domain;

namespace FalloutManagement.Api.Modules.Cases.AllowedActions;

/// <summary>One command for this caller; when refused, why and the problem <c>code</c> the command would answer (e.g. STEP_UP_REQUIRED).</summary>
internal sealed record AllowedAction(CaseCommand Action, bool Allowed, string? Reason, string? Code = null);

/// <summary>What resolution needs: evidence proving it (which items qualify) and no open mandatory task.</summary>
internal sealed record ResolveRequirement(bool EvidenceRequired, IReadOnlyList<Guid> QualifyingEvidenceIds, IReadOnlyList<Guid> OpenMandatoryTaskIds,
    bool Satisfied);

internal sealed record AllowedActionsResponse(Guid CaseId, long Version, CaseStatus Status, IReadOnlyList<CaseCommand> Allowed,
    IReadOnlyList<AllowedAction> Actions, IReadOnlyList<CorrectionOption> CorrectionTypes, ResolveRequirement Resolve);

/// <summary>
/// <c>GET /fallout-cases/{id}/allowed-actions</c>: what the caller may do now, read from the same state table, access
/// rules and action policy every command checks. The console shows exactly these.
/// </summary>
internal static class AllowedActionsEndpoint
{
    public static void MapAllowedActions(this RouteGroupBuilder group) =>
        group.MapGet("/{id:guid}/allowed-actions", async (Guid id, HttpContext http, CaseStore store, ICorrectionOptions correctionOptions) =>
            {
                var caller = http.Caller();
                var fallout = await store.GetVisibleAsync(id, caller, http.RequestAborted);
                var corrections = await correctionOptions.ForAsync(fallout, caller, http.RequestAborted);
                var actions = Evaluate(caller, fallout, corrections, store.Now);
                return TypedResults.Ok(new AllowedActionsResponse(fallout.Id, fallout.Version, fallout.Status,
                    actions.Where(a => a.Allowed).Select(a => a.Action).ToList(), actions, corrections, ResolveRequirementOf(fallout)));
            })
            .RequireAuthorization(Policies.CaseReader)
            .WithName("GetAllowedActions")
            .WithSummary("List what the caller may do now")
            .WithDescription("The commands the caller may send to the case in its current state and version, with approval and evidence requirements; the console shows exactly these.")
            .CaseRead()
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

    /// <summary>The resolve rules of the state table, spelled out for the console.</summary>
    private static ResolveRequirement ResolveRequirementOf(FalloutCase fallout)
    {
        var qualifying = ResolutionEvidenceRequired.Qualifying(fallout);
        var openMandatory = MandatoryTasksDone.OpenMandatory(fallout);
        return new ResolveRequirement(true, qualifying, openMandatory, qualifying.Count > 0 && openMandatory.Count == 0);
    }
}
