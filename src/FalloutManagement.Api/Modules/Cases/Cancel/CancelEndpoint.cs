using FalloutManagement.Api.Common.Auth;
using FalloutManagement.Api.Common.Http;
using FalloutManagement.Api.Modules.Cases.Domain;

namespace FalloutManagement.Api.Modules.Cases.Cancel;

/// <summary><c>POST /fallout-cases/{id}/cancel</c>: a false positive or duplicate, before any correction was proposed.</summary>
internal static class CancelEndpoint
{
    public static void MapCancel(this RouteGroupBuilder group) =>
        group.MapPost("/{id:guid}/cancel", (Guid id, ReasonRequest request, HttpContext http, CaseStore store) =>
                store.RunAsync(http, id, CaseCommand.CANCEL, (fallout, caller, now) => fallout.Cancel(request.Reason!, caller.Actor, now)))
            .RequireAuthorization(Policies.CaseWorker)
            .Validate<ReasonRequest>()
            .WithName("CancelCase")
            .WithSummary("Cancel a case")
            .WithDescription("Cancels the case with the reason; a cancelled case changes no more.")
            .CaseCommand()
            .Produces<CaseResponse>();
}
