using FalloutManagement.Api.Common.Auth;
using FalloutManagement.Api.Common.Persistence;
using FalloutManagement.Api.Modules.Cases;
using FalloutManagement.Api.Modules.Cases.Domain;
using FalloutManagement.Api.Modules.Incidents.Domain;
using Microsoft.EntityFrameworkCore;

namespace FalloutManagement.Api.Modules.Incidents.AutoLink;

/// <summary>
/// At intake, links a new case to the open incident whose auto-link rule it matches (the latest started one when
/// several match), through the aggregate, so the link is audited and evented in the intake's own transaction.
/// </summary>
internal sealed class IncidentAutoLink(FalloutDbContext db, ReferenceDataCache cache) : IIncidentAutoLink
{
    public static readonly Actor Linker = Actor.System("incident-auto-link");

    public async Task LinkIfMatchingAsync(FalloutCase fallout, DateTimeOffset now, CancellationToken ct)
    {
        var at = fallout.OccurredAt ?? now;
        var candidates = await cache.GetAsync("open-incidents", token => db.Set<Incident>().AsNoTracking()
            .Where(i => i.Status == IncidentStatus.OPEN)
            .OrderByDescending(i => i.StartedAt).ThenByDescending(i => i.Id)
            .ToListAsync(token), ct);
        var incident = candidates.FirstOrDefault(i => i.AutoLinkRule is { } rule && rule.Matches(fallout, at));
        if (incident is not null && CaseStateTable.Allows(CaseCommand.LINK_INCIDENT, fallout.Status))
        {
            fallout.LinkIncident(incident.Id, $"auto-linked at intake by the rule of incident '{incident.Title}'", Linker, now);
        }
    }
}
