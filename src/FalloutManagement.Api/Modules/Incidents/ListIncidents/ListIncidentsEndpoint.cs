using FalloutManagement.Api.Common.Http;
using FalloutManagement.Api.Common;
using FalloutManagement.Api.Common.Auth;
using FalloutManagement.Api.Modules.Incidents.Domain;
using Microsoft.EntityFrameworkCore;

namespace FalloutManagement.Api.Modules.Incidents.ListIncidents;

/// <summary><c>GET /incidents?status=&amp;limit=&amp;cursor=</c>: keyset pages, the latest incidents first (by start time).</summary>
internal static class ListIncidentsEndpoint
{
    public static void MapListIncidents(this RouteGroupBuilder group) =>
        group.MapGet("/", async (IncidentStore store, HttpContext http, string? status, int? limit, string? cursor) =>
            {
                var take = Paging.Take(limit);
                IQueryable<Incident> query = store.Incidents.AsNoTracking();
                if (QueryEnum.Parse<IncidentStatus>("status", status) is { } s)
                {
                    query = query.Where(i => i.Status == s);
                }
                if (cursor is not null)
                {
                    // Newest first: the next page holds older incidents.
                    var (at, id) = KeysetCursor.Decode(cursor);
                    query = query.Where(i => i.StartedAt < at || (i.StartedAt == at && i.Id.CompareTo(id) < 0));
                }
                var rows = await query.OrderByDescending(i => i.StartedAt).ThenByDescending(i => i.Id).Take(take + 1).ToListAsync(http.RequestAborted);
                return TypedResults.Ok(Paging.Of(rows, take, i => KeysetCursor.Encode(i.StartedAt, i.Id), i => IncidentResponse.From(i)));
            })
            .Produces<Page<IncidentResponse>>()
            .RequireAuthorization(Policies.CaseReader)
            .WithName("ListIncidents")
            .QueryEnum<IncidentStatus>("status")
            .WithSummary("List incidents")
            .WithDescription("The latest incidents first, optionally by status.");
}
