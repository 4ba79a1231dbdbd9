using FalloutManagement.Api.Common.Auth;
using FalloutManagement.Api.Modules.Cases.Domain;

namespace FalloutManagement.Api.Modules.Cases.AllowedActions;

internal sealed record AllowedAction(CaseCommand Action, bool Allowed, string? Reason);

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
                var actions = Evaluate(caller, fallout, corrections);
                return TypedResults.Ok(new AllowedActionsResponse(fallout.Id, fallout.Version, fallout.Status,
                    actions.Where(a => a.Allowed).Select(a => a.Action).ToList(), actions, corrections, ResolveRequirementOf(fallout)));
            })
            .RequireAuthorization(Policies.CaseReader)
            .WithName("GetAllowedActions")
            .Produces<AllowedActionsResponse>();

    public static IReadOnlyList<AllowedAction> Evaluate(Caller caller, FalloutCase fallout, IReadOnlyList<CorrectionOption> corrections) =>
        CaseStateTable.Rules.Values.OrderBy(r => r.Command).Select(rule =>
        {
            if (!CaseStateTable.Allows(rule.Command, fallout.Status))
            {
                return new AllowedAction(rule.Command, false, $"not allowed while {fallout.Status}");
            }
            var refusal = CaseAccess.Refusal(caller, fallout, rule.Command);
            if (refusal is null && rule.Command == CaseCommand.PROPOSE_CORRECTION && !corrections.Any(c => c.Allowed))
            {
                refusal = "the action policy allows no correction type for this case";
            }
            return new AllowedAction(rule.Command, refusal is null, refusal);
        }).ToList();

    private static ResolveRequirement ResolveRequirementOf(FalloutCase fallout)
    {
        var superseded = fallout.Evidence.Where(e => e.SupersedesEvidenceId is not null).Select(e => e.SupersedesEvidenceId!.Value).ToHashSet();
        var qualifying = fallout.Evidence.Where(e => e.ProvesResolution && !superseded.Contains(e.Id)).Select(e => e.Id).ToList();
        var openMandatory = fallout.Tasks.Where(t => t.Mandatory && t.Status == CaseTaskStatus.OPEN).Select(t => t.Id).ToList();
        return new ResolveRequirement(true, qualifying, openMandatory, qualifying.Count > 0 && openMandatory.Count == 0);
    }
}
