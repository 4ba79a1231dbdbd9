using FalloutManagement.Api.Modules.Audit;
using FalloutManagement.Api.Common.Auth;
using FalloutManagement.Api.Common.Http;
using FalloutManagement.Api.Common.Persistence;
using FluentValidation;

namespace FalloutManagement.Api.Modules.Incidents.ResolveIncident;

internal sealed record ResolveIncidentRequest(string? RootCause);

internal sealed class ResolveIncidentRequestValidator : AbstractValidator<ResolveIncidentRequest>
{
    public ResolveIncidentRequestValidator() => RuleFor(r => r.RootCause).NotEmpty().MaximumLength(4000);
}

/// <summary><c>POST /incidents/{id}/resolve</c>: the outage is over; its root cause is recorded. Bulk recovery may follow.</summary>
internal static class ResolveIncidentEndpoint
{
    public static void MapResolveIncident(this RouteGroupBuilder group) =>
        group.MapPost("/{id:guid}/resolve", async (Guid id, ResolveIncidentRequest request, HttpContext http, IncidentStore store,
                FalloutDbContext db, TimeProvider clock) =>
            {
                var incident = await store.GetAsync(id, http.RequestAborted);
                var before = IncidentResponse.From(incident);
                var now = clock.GetUtcNow();
                incident.Resolve(request.RootCause!, http.Caller().Id, now);
                ReferenceAudit.Record(db, http, "INCIDENT_RESOLVED", request.RootCause, before, IncidentResponse.From(incident), now);
                await db.SaveChangesAsync(http.RequestAborted);
                return TypedResults.Ok(IncidentResponse.From(incident, await store.ImpactAsync(id, http.Caller(), http.RequestAborted)));
            })
            .RequireAuthorization(Policies.Supervisor)
            .Validate<ResolveIncidentRequest>()
            .WithName("ResolveIncident")
            .WithSummary("Resolve an incident")
            .WithDescription("Marks the incident resolved, with the reason.")
            .Refuses(StatusCodes.Status409Conflict)
            .Produces<IncidentResponse>();
}
