using FalloutManagement.Api.Common.Auth;

namespace FalloutManagement.Api.Modules.Incidents.GetIncident;

/// <summary><c>GET /incidents/{id}</c>: the incident with its impact on the fallout lane.</summary>
internal static class GetIncidentEndpoint
{
    public static void MapGetIncident(this RouteGroupBuilder group) =>
        group.MapGet("/{id:guid}", async (Guid id, IncidentStore store, HttpContext http) =>
            {
                var incident = await store.GetAsync(id, http.RequestAborted);
                return TypedResults.Ok(IncidentResponse.From(incident, await store.ImpactAsync(id, http.Caller(), http.RequestAborted)));
            })
            .RequireAuthorization(Policies.CaseReader)
            .WithName("GetIncident")
            .WithSummary("Get an incident")
            .WithDescription("The incident with its impact and linked cases.")
            .Produces<IncidentResponse>();
}
