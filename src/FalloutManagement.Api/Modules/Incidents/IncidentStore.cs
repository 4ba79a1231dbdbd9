using FalloutManagement.Api.Common.Auth;
using FalloutManagement.Api.Common.Persistence;
using FalloutManagement.Api.Common.Problems;
using FalloutManagement.Api.Modules.Cases;
using FalloutManagement.Api.Modules.Cases.Domain;
using FalloutManagement.Api.Modules.Incidents.Domain;
using Microsoft.EntityFrameworkCore;

namespace FalloutManagement.Api.Modules.Incidents;

/// <summary>Loads incidents and computes their impact from the linked cases.</summary>
internal sealed class IncidentStore(FalloutDbContext db)
{
    public DbSet<Incident> Incidents => db.Set<Incident>();

    public async Task<Incident> GetAsync(Guid id, CancellationToken ct) =>
        await Incidents.FirstOrDefaultAsync(i => i.Id == id, ct) ?? throw DomainException.NotFound($"Incident {id} was not found.");

    /// <summary>
    /// Linked cases by state (all of them, closed included), distinct customers over all linked cases, and revenue at
    /// risk summed per currency over the linked cases still open; counted over the cases the caller may see (an
    /// operator's queues only), so no other queue's data shows.
    /// </summary>
    public async Task<IncidentImpact> ImpactAsync(Guid id, Caller caller, CancellationToken ct)
    {
        var linked = CaseAccess.Visible(db.Set<FalloutCase>().AsNoTracking(), caller).Where(c => c.IncidentId == id);
        var byState = await linked.GroupBy(c => c.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        var customers = await linked.Where(c => c.CustomerId != null).Select(c => c.CustomerId).Distinct().CountAsync(ct);
        var revenue = await linked
            .Where(c => c.Status != CaseStatus.CLOSED && c.Status != CaseStatus.CANCELLED && c.RevenueAtRiskCurrency != null && c.RevenueAtRiskAmount != null)
            .GroupBy(c => c.RevenueAtRiskCurrency!)
            .Select(g => new { Currency = g.Key, Amount = g.Sum(c => c.RevenueAtRiskAmount!.Value) })
            .OrderBy(m => m.Currency)
            .ToListAsync(ct);
        return new IncidentImpact(
            byState.Sum(s => s.Count),
            byState.Where(s => !s.Key.IsTerminal()).Sum(s => s.Count),
            byState.OrderBy(s => s.Key).ToDictionary(s => s.Key, s => s.Count),
            customers,
            revenue.Select(r => new MoneyAmount(r.Currency, r.Amount)).ToList());
    }
}
