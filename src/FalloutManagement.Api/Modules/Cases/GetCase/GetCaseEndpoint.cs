using FalloutManagement.Api.Common.Http;
using FalloutManagement.Api.Common.Auth;

namespace FalloutManagement.Api.Modules.Cases.GetCase;

internal static class GetCaseEndpoint
{
    public static void MapGetCase(this RouteGroupBuilder group) =>
        group.MapGet("/{id:guid}", async (Guid id, HttpContext http, CaseStore store) =>
            {
                var fallout = await store.GetVisibleAsync(id, http.Caller(), http.RequestAborted);
                return IfMatch.NotModifiedResult(http, fallout.Version) ?? await store.OkAsync(http, fallout, http.RequestAborted);
            })
            .RequireAuthorization(Policies.CaseReader)
            .WithName("GetCase")
            .WithSummary("Get a case")
            .WithDescription("The case with its occurrences, tasks, corrections, evidence, SLA clocks, resolution and resume token status; its version as ETag. A case of a queue the caller does not work answers 404.")
            .CaseRead()
            .Produces<CaseResponse>()
            .Produces(StatusCodes.Status304NotModified);
}
