using FalloutManagement.Api.Common;
using FalloutManagement.Api.Common.Auth;
using FalloutManagement.Api.Common.Persistence;
using FalloutManagement.Api.Modules.Cases.Domain;
using FalloutManagement.Api.Modules.Cases;
using Microsoft.EntityFrameworkCore;

namespace FalloutManagement.Api.Modules.Corrections.Execution;

/// <summary>
/// Times out executions whose executor sent no result by the deadline, every
/// <c>Corrections:ExecutionSweepIntervalSeconds</c> (default 30; 0 disables it). Batch by batch it takes the cases of
/// overdue executions under <c>FOR UPDATE ... SKIP LOCKED</c>, so concurrent sweeps (other service instances) never
/// take the same case: per execution one <c>FalloutCorrectionExecutionTimedOut</c>, the case back to IN_PROGRESS and
/// escalated (to its queue's escalation queue when it has an active one), all in one transaction.
/// </summary>
internal sealed class ExecutionTimeoutSweeper(IServiceScopeFactory scopes, TimeProvider clock, IConfiguration configuration,
    ILogger<ExecutionTimeoutSweeper> logger) : BackgroundService
{
    public const string IntervalKey = "Corrections:ExecutionSweepIntervalSeconds";
    public const int DefaultIntervalSeconds = 30;
    private const int BatchSize = 200;

    public static readonly Actor Sweeper = Actor.System("execution-sweep");

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        PeriodicSweep.RunAsync(configuration.GetValue(IntervalKey, DefaultIntervalSeconds), clock, logger, "Execution sweep", async ct =>
        {
            var timedOut = await SweepOnceAsync(clock.GetUtcNow(), ct);
            if (timedOut > 0)
            {
                logger.LogInformation("Execution sweep: {TimedOut} executions timed out", timedOut);
            }
        }, stoppingToken);

    /// <summary>One full sweep as of <paramref name="now"/>: batches until no overdue execution is left unlocked. Returns how many timed out.</summary>
    public async Task<int> SweepOnceAsync(DateTimeOffset now, CancellationToken ct = default)
    {
        var total = 0;
        int taken;
        do
        {
            taken = await SweepBatchAsync(now, ct);
            total += taken;
        }
        while (taken == BatchSize);
        return total;
    }

    /// <summary>
    /// What the sweep does to one case whose execution is overdue as of <paramref name="now"/>: the execution
    /// TIMED_OUT, the case back to IN_PROGRESS and escalated. False (nothing done) when no execution is overdue. A result
    /// that arrives after the deadline before the sweep ran calls it too, so the case ends exactly as the sweep leaves it.
    /// </summary>
    public static async Task<bool> TimeOutIfOverdueAsync(FalloutCase fallout, ICaseRouting routing, DateTimeOffset now, CancellationToken ct)
    {
        if (CaseStateTable.Refusal(CaseCommand.TIME_OUT_EXECUTION, new RuleContext(fallout, Sweeper, now)) is not null)
        {
            return false;
        }
        var correction = fallout.TimeOutExecution(Sweeper, now);
        var toQueue = await routing.EscalationQueueAsync(fallout.Queue, ct);
        fallout.Escalate($"{correction.Executor} sent no result for correction {correction.Id} by {correction.ExecutionDeadline:O}", toQueue,
            raiseSeverity: false, Sweeper, now);
        return true;
    }

    private async Task<int> SweepBatchAsync(DateTimeOffset now, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FalloutDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // Locks the cases; a case another sweep or a command holds is skipped, never waited for.
        var caseIds = await db.Database.SqlQuery<Guid>($"""
            SELECT c.id AS "Value" FROM correction_actions ca JOIN fallout_cases c ON c.id = ca.case_id
             WHERE ca.execution_status = 'REQUESTED' AND ca.execution_deadline <= {now}
             ORDER BY ca.execution_deadline LIMIT {BatchSize}
               FOR UPDATE OF c SKIP LOCKED
            """).ToListAsync(ct);
        if (caseIds.Count == 0)
        {
            return 0;
        }
        var cases = await db.Set<FalloutCase>().Include(c => c.Corrections).Include(c => c.Evidence).Include(c => c.Tasks)
            .Include(c => c.ResumeTokens).AsSplitQuery().Where(c => caseIds.Contains(c.Id)).ToListAsync(ct);
        var routing = scope.ServiceProvider.GetRequiredService<ICaseRouting>();
        var timedOut = 0;
        foreach (var fallout in cases)
        {
            if (await TimeOutIfOverdueAsync(fallout, routing, now, ct))
            {
                timedOut++;
            }
        }
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return timedOut;
    }
}
