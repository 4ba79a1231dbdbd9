using FalloutManagement.Api.Common.Auth;
using FalloutManagement.Api.Modules.Cases.Domain;

namespace FalloutManagement.Api.Modules.Cases.AllowedActions;

public sealed record AllowedAction(CaseCommand Action, bool Allowed, string? Reason);

public sealed record AllowedActionsResponse(Guid CaseId, long Version, CaseStatus Status, IReadOnlyList<CaseCommand> Allowed,
    IReadOnlyList<AllowedAction> Actions);

/// <summary>
/// <c>GET /fallout-cases/{id}/allowed-actions</c>: what the caller may do now, read from the same state table and
/// access rules every command checks. The console shows exactly these.
/// </summary>
public static class AllowedActionsEndpoint
{
    public static void MapAllowedActions(this RouteGroupBuilder group) =>
        group.MapGet("/{id:guid}/allowed-actions", async (Guid id, HttpContext http, CaseStore store) =>
            {
                var caller = http.Caller();
                var fallout = await store.GetVisibleAsync(id, caller, http.RequestAborted);
                var actions = Evaluate(caller, fallout);
                return TypedResults.Ok(new AllowedActionsResponse(fallout.Id, fallout.Version, fallout.Status,
                    actions.Where(a => a.Allowed).Select(a => a.Action).ToList(), actions));
            })
            .RequireAuthorization(Policies.CaseReader)
            .WithName("GetAllowedActions")
            .Produces<AllowedActionsResponse>();

    public static IReadOnlyList<AllowedAction> Evaluate(Caller caller, FalloutCase fallout) =>
        CaseStateTable.Rules.Values.OrderBy(r => r.Command).Select(rule =>
        {
            if (!CaseStateTable.Allows(rule.Command, fallout.Status))
            {
                return new AllowedAction(rule.Command, false, $"not allowed while {fallout.Status}");
            }
            var refusal = CaseAccess.Refusal(caller, fallout, rule.Command);
            return new AllowedAction(rule.Command, refusal is null, refusal);
        }).ToList();
}
