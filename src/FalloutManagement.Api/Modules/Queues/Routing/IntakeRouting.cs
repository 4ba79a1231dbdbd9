using FalloutManagement.Api.Common.Persistence;
using FalloutManagement.Api.Modules.Cases;
using FalloutManagement.Api.Modules.Cases.Domain;
using FalloutManagement.Api.Modules.Queues.Assignment;
using FalloutManagement.Api.Modules.Queues.Domain;
using FalloutManagement.Api.Modules.Queues.Sla;
using Microsoft.EntityFrameworkCore;

namespace FalloutManagement.Api.Modules.Queues.Routing;

/// <summary>
/// Decides at intake where a new case goes: the first matching active classification rule whose queue is
/// active (see <see cref="ClassificationMatcher"/>), or none (the case stays DETECTED in FALLOUT_TRIAGE). The
/// due time passed to the aggregate is provisional: the SLA clocks set the real one in the same unit of work.
/// </summary>
internal sealed class IntakeRouting(FalloutDbContext db, ReferenceDataCache cache, AutoAssignment assignment) : ICaseRouting
{
    public async Task<(CaseRouting? Routing, DateTimeOffset SlaDueAt)> RouteAsync(FalloutReport report, DateTimeOffset now, CancellationToken ct)
    {
        var rules = await cache.GetAsync("classification-rules", async token =>
        {
            var activeQueues = await db.Set<FalloutQueue>().AsNoTracking().Where(q => q.Active).Select(q => q.Code).ToListAsync(token);
            return await db.Set<ClassificationRule>().AsNoTracking().Where(r => r.Active && activeQueues.Contains(r.Queue)).ToListAsync(token);
        }, ct);
        var rule = ClassificationMatcher.Match(rules, report);
        var routing = rule is null ? null : ClassificationMatcher.Route(rule, report);
        var severity = routing?.Severity ?? report.SeverityHint ?? Severity.MEDIUM;
        return (routing, now + SlaPlanner.FallbackBudget(SlaClockKind.TIME_TO_RESOLVE, severity));
    }

    /// <summary>The default queue of a category: the active queue that serves it.</summary>
    public async Task<string?> DefaultQueueAsync(FalloutCategory category, CancellationToken ct) =>
        await db.Set<FalloutQueue>().AsNoTracking().Where(q => q.Active && q.Category == category)
            .OrderBy(q => q.Code).Select(q => q.Code).FirstOrDefaultAsync(ct);

    /// <summary>Whether <paramref name="code"/> is an active queue.</summary>
    public Task<bool> IsActiveQueueAsync(string code, CancellationToken ct) =>
        db.Set<FalloutQueue>().AnyAsync(q => q.Code == code && q.Active, ct);

    public async Task<string?> EscalationQueueAsync(string queueCode, CancellationToken ct)
    {
        var target = await db.Set<FalloutQueue>().Where(q => q.Code == queueCode).Select(q => q.EscalationQueue).FirstOrDefaultAsync(ct);
        return target is not null && await IsActiveQueueAsync(target, ct) ? target : null;
    }

    public async Task<ICaseAssigner?> PrepareAssignmentAsync(string queueCode, CancellationToken ct) =>
        await assignment.PrepareAsync(queueCode, ct);
}
