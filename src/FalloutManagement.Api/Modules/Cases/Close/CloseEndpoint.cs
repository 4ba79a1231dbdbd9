using FalloutManagement.Api.Common.Auth;
using FalloutManagement.Api.Common.Http;
using FalloutManagement.Api.Modules.Cases.Domain;

namespace FalloutManagement.Api.Modules.Cases.Close;

/// <summary><c>POST /fallout-cases/{id}/close</c>: closes a case resolved for cancellation or compensation.</summary>
internal static class CloseEndpoint
{
    public static void MapClose(this RouteGroupBuilder group) =>
        group.MapPost("/{id:guid}/close", (Guid id, ReasonRequest request, HttpContext http, CaseStore store) =>
                store.RunAsync(http, id, CaseCommand.CLOSE, (fallout, caller, now) => fallout.Close(request.Reason!, caller.Actor, now)))
            .RequireAuthorization(Policies.CaseWorker)
            .Validate<ReasonRequest>()
            .WithName("CloseCase")
            .WithSummary("Close a case")
            .WithDescription("Closes by hand a case resolved for cancellation or compensation before decision tokens existed (it holds no token). A case holding a decision token (every resolution issues one) closes only when order management redeems it: 409 INVALID_TRANSITION here.")
            .CaseCommand()
            .Produces<CaseResponse>();
}
