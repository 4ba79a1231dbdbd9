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
            .Produces<CaseResponse>();
}
