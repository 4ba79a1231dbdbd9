using FalloutManagement.Api.Common.Auth;
using FalloutManagement.Api.Common.Persistence;
using FalloutManagement.Api.Modules.Cases.Domain;
using FalloutManagement.Api.Modules.Queues.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FalloutManagement.Api.Modules.Queues.Sla;

internal sealed record TimeSweepResult(int WaitsExpired, int ReservationsExpired, int TokensExpired, int SuspensionsRequested);

/// <summary>
/// The time rules of a case, run with each SLA sweep (<see cref="SlaSweeper"/>) and callable on their own: a wait past its
/// <c>waitingUntil</c> returns the case to IN_PROGRESS (<c>FalloutCaseWaitExpired</c>; the SLA clocks resume with the state);
/// a reservation past its TTL asks the inventory to release or quarantine (<c>FalloutResourceReservationExpired</c>); a
/// decision token past its expiry sends the case to its queue's escalation queue (<c>FalloutResumeTokenExpired</c>); a
/// charging repair past its deadline asks the charging executor to suspend the service (<c>FalloutServiceSuspendRequested</c>,
/// <see cref="ChargingRepairOptions"/>). Each batch locks its cases with <c>FOR UPDATE SKIP LOCKED</c>, so several instances
/// never take the same case, and each command is a system transition of the state table that runs once, so each event is
/// written once.
/// </summary>
internal sealed class CaseTimeSweeper(IServiceScopeFactory scopes, IOptionsMonitor<ChargingRepairOptions> chargingRepair)
{
    public const int BatchSize = 200;

    public static readonly Actor Sweeper = Actor.System("time-sweep");

    public async Task<TimeSweepResult> SweepOnceAsync(DateTimeOffset now, CancellationToken ct = default)
    {
        var waits = await DrainAsync(now, ExpireWaitsAsync, ct);
        var reservations = await DrainAsync(now, ExpireReservationsAsync, ct);
        var tokens = await DrainAsync(now, ExpireTokensAsync, ct);
        var charging = chargingRepair.CurrentValue;
        var suspensions = charging.Enabled
            ? await DrainAsync(now, (db, at, token) => RequestSuspensionsAsync(db, charging, at, token), ct)
            : 0;
        return new TimeSweepResult(waits, reservations, tokens, suspensions);
    }

    private async Task<int> DrainAsync(DateTimeOffset now, Func<FalloutDbContext, DateTimeOffset, CancellationToken, Task<int>> batch,
        CancellationToken ct)
    {
        var total = 0;
        int taken;
        do
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<FalloutDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            taken = await batch(db, now, ct);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            total += taken;
        }
        while (taken == BatchSize);
        return total;
    }

    private static async Task<int> ExpireWaitsAsync(FalloutDbContext db, DateTimeOffset now, CancellationToken ct)
    {
        var ids = await db.Database.SqlQuery<Guid>($"""
            SELECT id AS "Value" FROM fallout_cases
             WHERE waiting_until IS NOT NULL AND waiting_until <= {now}
               AND status IN ('WAITING_CUSTOMER', 'WAITING_PARTNER', 'WAITING_FIELD', 'WAITING_VENDOR', 'WAITING_INCIDENT')
             ORDER BY waiting_until LIMIT {BatchSize}
               FOR UPDATE SKIP LOCKED
            """).ToListAsync(ct);
        foreach (var fallout in await LoadAsync(db, ids, ct))
        {
            fallout.ExpireWait(Sweeper, now);
        }
        return ids.Count;
    }

    private static async Task<int> ExpireReservationsAsync(FalloutDbContext db, DateTimeOffset now, CancellationToken ct)
    {
        var due = await db.Database.SqlQuery<DueRow>($"""
            SELECT r.id AS id, r.case_id AS case_id FROM resource_reservations r JOIN fallout_cases c ON c.id = r.case_id
             WHERE r.status = 'HELD' AND r.expires_at <= {now}
             ORDER BY r.expires_at LIMIT {BatchSize}
               FOR UPDATE OF r, c SKIP LOCKED
            """).ToListAsync(ct);
        var cases = (await LoadAsync(db, due.Select(d => d.CaseId).Distinct().ToList(), ct)).ToDictionary(c => c.Id);
        foreach (var row in due)
        {
            cases[row.CaseId].ExpireReservation(row.Id, Sweeper, now);
        }
        return due.Count;
    }

    private static async Task<int> ExpireTokensAsync(FalloutDbContext db, DateTimeOffset now, CancellationToken ct)
    {
        var due = await db.Database.SqlQuery<DueRow>($"""
            SELECT t.token_id AS id, t.case_id AS case_id FROM resume_tokens t JOIN fallout_cases c ON c.id = t.case_id
             WHERE t.status = 'ISSUED' AND t.expires_at <= {now}
               AND c.status IN ('RESOLVED_RESUME', 'RESOLVED_CANCEL', 'RESOLVED_COMPENSATE')
             ORDER BY t.expires_at LIMIT {BatchSize}
               FOR UPDATE OF t, c SKIP LOCKED
            """).ToListAsync(ct);
        if (due.Count == 0)
        {
            return 0;
        }
        var cases = (await LoadAsync(db, due.Select(d => d.CaseId).Distinct().ToList(), ct)).ToDictionary(c => c.Id);
        var queues = await db.Set<FalloutQueue>().AsNoTracking().ToDictionaryAsync(q => q.Code, ct);
        foreach (var row in due)
        {
            var fallout = cases[row.CaseId];
            // The queue's supervisors: its escalation queue when it has an active one, else the same queue one level up.
            var supervisorQueue = queues.GetValueOrDefault(fallout.Queue)?.EscalationQueue is { } target && queues.GetValueOrDefault(target)?.Active == true
                ? target
                : fallout.Queue;
            fallout.ReportTokenExpired(row.Id, supervisorQueue, Sweeper, now);
        }
        return due.Count;
    }

    /// <summary>Cases of a charging reason code whose deadline passed before their correction was applied, no grace segment, not asked yet.</summary>
    private static async Task<int> RequestSuspensionsAsync(FalloutDbContext db, ChargingRepairOptions options, DateTimeOffset now, CancellationToken ct)
    {
        var reasonCodes = options.EffectiveReasonCodes.ToArray();
        var graceSegments = options.EffectiveGraceSegments.ToArray();
        var states = CaseStateTable.Rules[CaseCommand.REQUEST_SERVICE_SUSPENSION].From.Select(s => s.ToString()).ToArray();
        var deadline = options.Deadline;
        var createdBefore = now - deadline;
        var ids = await db.Database.SqlQuery<Guid>($"""
            SELECT id AS "Value" FROM fallout_cases
             WHERE reason_code = ANY({reasonCodes}) AND service_suspension_requested_at IS NULL AND created_at <= {createdBefore}
               AND status = ANY({states})
               AND (customer_segment IS NULL OR NOT (customer_segment = ANY({graceSegments})))
             ORDER BY created_at LIMIT {BatchSize}
               FOR UPDATE SKIP LOCKED
            """).ToListAsync(ct);
        foreach (var fallout in await LoadAsync(db, ids, ct))
        {
            fallout.RequestServiceSuspension(options.Executor, fallout.CreatedAt + deadline, Sweeper, now);
        }
        return ids.Count;
    }

    private static Task<List<FalloutCase>> LoadAsync(FalloutDbContext db, List<Guid> ids, CancellationToken ct) =>
        db.Set<FalloutCase>().Include(c => c.Corrections).Include(c => c.ResumeTokens).Include(c => c.Reservations).AsSplitQuery()
            .Where(c => ids.Contains(c.Id)).ToListAsync(ct);

    private sealed record DueRow(Guid Id, Guid CaseId);
}
