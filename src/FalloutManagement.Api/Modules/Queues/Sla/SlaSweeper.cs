using FalloutManagement.Api.Common;
using FalloutManagement.Api.Common.Auth;
using FalloutManagement.Api.Common.Observability;
using FalloutManagement.Api.Common.Persistence;
using FalloutManagement.Api.Modules.Cases.Domain;
using FalloutManagement.Api.Modules.Queues.Assignment;
using FalloutManagement.Api.Modules.Queues.Domain;
using Microsoft.EntityFrameworkCore;

namespace FalloutManagement.Api.Modules.Queues.Sla;

internal sealed record SweepResult(int AtRisk, int Breached, int Escalated);

/// <summary>
/// The SLA sweep (docs/routing-and-sla.md), every <c>Sla:SweepIntervalSeconds</c> (default 30; 0 disables it). It marks
/// clocks at risk, then, batch by batch, takes breached clocks with their cases under
/// <c>FOR UPDATE ... SKIP LOCKED</c>, so concurrent sweeps (other service instances) never take the same clock
/// or case: each clock's <c>FalloutCaseBreachedSla</c> is written exactly once, with the escalation
/// (severity one step up, the queue's escalation queue, <c>FalloutCaseEscalated</c>) in the same transaction.
/// Both questions are answered by partial indexes that hold only the clocks still waiting for them.
/// </summary>
internal sealed class SlaSweeper(IServiceScopeFactory scopes, TimeProvider clock, IConfiguration configuration, FalloutMetrics metrics,
    ILogger<SlaSweeper> logger,
    CaseTimeSweeper timeRules)
    : BackgroundService
{
    public const string IntervalKey = "Sla:SweepIntervalSeconds";
    public const int DefaultIntervalSeconds = 30;
    public const string BatchSizeKey = "Sla:SweepBatchSize";
    public const int DefaultBatchSize = 500;
    public const string ParallelismKey = "Sla:SweepParallelism";
    public const int DefaultParallelism = 2;

    public static readonly Actor Sweeper = Actor.System("sla-sweep");

    /// <summary>Clocks per transaction: small enough to keep locks short, large enough to amortise round trips.</summary>
    private int BatchSize => Math.Max(1, configuration.GetValue(BatchSizeKey, DefaultBatchSize));

    /// <summary>Batches in flight at once within one sweep (<c>Sla:SweepParallelism</c>, default 2).</summary>
    private int Parallelism => Math.Clamp(configuration.GetValue(ParallelismKey, DefaultParallelism), 1, 16);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        PeriodicSweep.RunAsync(configuration.GetValue(IntervalKey, DefaultIntervalSeconds), clock, logger, "SLA sweep", async ct =>
        {
            var now = clock.GetUtcNow();
            var result = await SweepOnceAsync(now, ct);
            // The case's own time rules (waits, reservations, decision tokens) run at the same pace.
            await timeRules.SweepOnceAsync(now, ct);
            if (result.Breached > 0)
            {
                logger.LogInformation("SLA sweep: {AtRisk} at risk, {Breached} breached, {Escalated} escalated", result.AtRisk, result.Breached,
                    result.Escalated);
            }
        }, stoppingToken);

    /// <summary>One full sweep as of <paramref name="now"/>: every batch until no due clock is left unlocked.</summary>
    public async Task<SweepResult> SweepOnceAsync(DateTimeOffset now, CancellationToken ct = default)
    {
        var atRisk = 0;
        int marked;
        do
        {
            marked = await MarkAtRiskBatchAsync(now, ct);
            atRisk += marked;
        }
        while (marked == BatchSize);
        metrics.SlaAtRisk(atRisk);

        // Workers take batches side by side; SKIP LOCKED keeps them off each other's clocks and cases.
        var workers = await Task.WhenAll(Enumerable.Range(0, Parallelism).Select(_ => Task.Run(() => BreachUntilDrainedAsync(now, ct), ct)));
        return new SweepResult(atRisk, workers.Sum(w => w.Clocks), workers.Sum(w => w.Cases));
    }

    private async Task<(int Clocks, int Cases)> BreachUntilDrainedAsync(DateTimeOffset now, CancellationToken ct)
    {
        var clocks = 0;
        var cases = 0;
        int taken;
        do
        {
            (taken, var escalated) = await BreachBatchAsync(now, ct);
            clocks += taken;
            cases += escalated;
        }
        while (taken == BatchSize);
        return (clocks, cases);
    }

    private async Task<int> MarkAtRiskBatchAsync(DateTimeOffset now, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FalloutDbContext>();
        var batchSize = BatchSize;
        return await db.Database.ExecuteSqlAsync($"""
            WITH due AS (
                SELECT id FROM sla_clocks
                 WHERE met_at IS NULL AND paused_since IS NULL AND at_risk_notified_at IS NULL AND at_risk_at <= {now}
                 ORDER BY at_risk_at LIMIT {batchSize}
                   FOR UPDATE SKIP LOCKED)
            UPDATE sla_clocks k
               SET at_risk_notified_at = {now},
                   state = CASE WHEN k.breach_notified_at IS NULL THEN 'AT_RISK' ELSE k.state END
              FROM due WHERE k.id = due.id
            """, ct);
    }

    /// <summary>One transaction: up to a batch of breached clocks and their cases. Returns (clocks, cases).</summary>
    private async Task<(int Clocks, int Cases)> BreachBatchAsync(DateTimeOffset now, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FalloutDbContext>();
        var assignment = scope.ServiceProvider.GetRequiredService<AutoAssignment>();
        var batchSize = BatchSize;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // Locks the clock and its case; rows another sweep (or a command) holds are skipped, never waited for.
        var clocks = await db.Set<SlaClock>().FromSql($"""
            SELECT k.* FROM sla_clocks k JOIN fallout_cases c ON c.id = k.case_id
             WHERE k.met_at IS NULL AND k.paused_since IS NULL AND k.breach_notified_at IS NULL AND k.due_at <= {now}
             ORDER BY k.due_at LIMIT {batchSize}
               FOR UPDATE OF k, c SKIP LOCKED
            """).ToListAsync(ct);
        if (clocks.Count == 0)
        {
            return (0, 0);
        }
        var caseIds = clocks.Select(k => k.CaseId).Distinct().ToList();
        var cases = await db.Set<FalloutCase>().Include(c => c.Corrections).Where(c => caseIds.Contains(c.Id)).ToListAsync(ct);
        var queues = await db.Set<FalloutQueue>().AsNoTracking().ToDictionaryAsync(q => q.Code, ct);
        var picks = new Dictionary<string, QueuePick?>();
        var breachedKinds = new List<string>();
        foreach (var fallout in cases)
        {
            var breachedClocks = clocks.Where(k => k.CaseId == fallout.Id).OrderBy(k => k.DueAt).ToList();
            if (fallout.Status.IsTerminal())
            {
                // A clock a terminal case left running (nothing should): stop it instead of escalating a finished case.
                breachedClocks.ForEach(k => k.Meet(fallout.ClosedAt ?? now));
                continue;
            }
            foreach (var breached in breachedClocks)
            {
                fallout.RecordSlaBreach(breached.Kind.ToString(), breached.DueAt, Sweeper, now);
                breached.MarkBreached(now);
                breachedKinds.Add(breached.Kind.ToString());
            }
            var toQueue = queues.GetValueOrDefault(fallout.Queue)?.EscalationQueue is { } target && queues.GetValueOrDefault(target)?.Active == true
                ? target
                : null;
            fallout.Escalate($"SLA breached: {string.Join(", ", breachedClocks.Select(k => k.Kind))}", toQueue, raiseSeverity: true, Sweeper, now);
            if (toQueue is not null)
            {
                if (!picks.TryGetValue(toQueue, out var pick))
                {
                    pick = picks[toQueue] = await assignment.PrepareAsync(toQueue, ct);
                }
                pick?.AssignIfQueued(fallout, now);
            }
        }
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        breachedKinds.ForEach(metrics.SlaBreached);
        return (clocks.Count, cases.Count(c => !c.Status.IsTerminal()));
    }
}
