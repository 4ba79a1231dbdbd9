using FalloutManagement.Api.Common.Http;
using FalloutManagement.Api.Common.Auth;
using FalloutManagement.Api.Modules.Cases.Domain;

namespace FalloutManagement.Api.Modules.Cases.Continue;

/// <summary><c>POST /fallout-cases/{id}/continue</c>: the wait is over; the case is back IN_PROGRESS.</summary>
internal static class ContinueEndpoint
{
    public static void MapContinue(this RouteGroupBuilder group) =>
        group.MapPost("/{id:guid}/continue", (Guid id, HttpContext http, CaseStore store) =>
                store.RunAsync(http, id, CaseCommand.CONTINUE, (fallout, caller, now) => fallout.Continue(caller.Actor, now)))
            .RequireAuthorization(Policies.CaseWorker)
            .WithName("ContinueCase")
            .WithSummary("Resume work on a waiting case")
            .WithDescription("The wait ends and the case returns to IN_PROGRESS.")
            .CaseCommand()
            .Produces<CaseResponse>();
}
