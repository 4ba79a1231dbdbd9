using FalloutManagement.Api.Common.Http;
using FalloutManagement.Api.Common;
using FalloutManagement.Api.Common.Auth;
using FalloutManagement.Api.Common.Problems;
using FalloutManagement.Api.Modules.Incidents.Domain;
using Microsoft.EntityFrameworkCore;

namespace FalloutManagement.Api.Modules.Incidents.ListIncidents;

/// <summary>A list of incidents.</summary>
internal sealed record IncidentList(IReadOnlyList<IncidentResponse> Items);

/// <summary><c>GET /incidents?status=&amp;limit=</c>: the latest incidents first (by start time).</summary>
internal static class ListIncidentsEndpoint
{
    public const int MaxLimit = 200;

    public static void MapListIncidents(this RouteGroupBuilder group) =>
        group.MapGet("/", async (IncidentStore store, HttpContext http, string? status, int? limit) =>
            {
                var take = limit ?? 50;
                if (take is < 1 or > MaxLimit)
                {
                    throw DomainException.Validation("limit", $"limit must be between 1 and {MaxLimit}.");
                }
                IQueryable<Incident> query = store.Incidents.AsNoTracking();
                if (status is not null)
                {
                    if (!EnumNames.TryParse<IncidentStatus>(status, out var s))
                    {
                        throw DomainException.Validation("status", "status must be OPEN or RESOLVED.");
                    }
                    query = query.Where(i => i.Status == s);
                }
                var items = await query.OrderByDescending(i => i.StartedAt).ThenByDescending(i => i.Id).Take(take).ToListAsync(http.RequestAborted);
                return TypedResults.Ok(new IncidentList(items.Select(i => IncidentResponse.From(i)).ToList()));
            })
            .RequireAuthorization(Policies.CaseReader)
            .WithName("ListIncidents")
            .QueryEnum<IncidentStatus>("status")
            .WithSummary("List incidents")
            .WithDescription("The latest incidents first, optionally by status.");
}
