using FalloutManagement.Api.Common.Http;
using FalloutManagement.Api.Modules.Cases;
using FalloutManagement.Api.Modules.Incidents.AutoLink;
using FalloutManagement.Api.Modules.Incidents.CreateIncident;
using FalloutManagement.Api.Modules.Incidents.GetIncident;
using FalloutManagement.Api.Modules.Incidents.LinkCase;
using FalloutManagement.Api.Modules.Incidents.ListIncidents;
using FalloutManagement.Api.Modules.Incidents.Recovery;
using FalloutManagement.Api.Modules.Incidents.ResolveIncident;

namespace FalloutManagement.Api.Modules.Incidents;

internal static class IncidentsModule
{
    public static IServiceCollection AddIncidentsModule(this IServiceCollection services)
    {
        services.AddScoped<IncidentStore>();
        services.AddScoped<IIncidentAutoLink, IncidentAutoLink>();
        services.AddScoped<RecoveryRunner>();
        // The default until the action policy evaluator is registered in its place.
        return services;
    }

    public static RouteGroupBuilder MapIncidentsModule(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/incidents").WithTag("Incidents", "Wide outages that many cases link to, and bulk recovery of their cases.");
        group.MapCreateIncident();
        group.MapListIncidents();
        group.MapGetIncident();
        group.MapLinkCase();
        group.MapResolveIncident();
        group.MapRecovery();
        return group;
    }
}
