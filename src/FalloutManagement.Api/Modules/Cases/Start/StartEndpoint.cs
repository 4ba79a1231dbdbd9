using FalloutManagement.Api.Common.Http;
using FalloutManagement.Api.Common.Auth;
using FalloutManagement.Api.Modules.Cases.Domain;

namespace FalloutManagement.Api.Modules.Cases.Start;

/// <summary><c>POST /fallout-cases/{id}/start</c>: the owner starts working the case.</summary>
internal static class StartEndpoint
{
    public static void MapStart(this RouteGroupBuilder group) =>
        group.MapPost("/{id:guid}/start", (Guid id, HttpContext http, CaseStore store) =>
                store.RunAsync(http, id, CaseCommand.START, (fallout, caller, now) => fallout.Start(caller.Actor, now)))
            .RequireAuthorization(Policies.CaseWorker)
            .WithName("StartCase")
            .WithSummary("Start work on a case")
            .WithDescription("The owner starts working the case (ASSIGNED to IN_PROGRESS).")
            .CaseCommand()
            .Produces<CaseResponse>();
}
