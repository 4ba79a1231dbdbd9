using System.Text.Json;
using FalloutManagement.Api.Common;
using FalloutManagement.Api.Common.Auth;
using FalloutManagement.Api.Common.Observability;
using FalloutManagement.Api.Common.Persistence;
using FalloutManagement.Api.Common.Problems;
using FalloutManagement.Api.Modules.Cases;
using FalloutManagement.Api.Modules.Cases.Domain;
using FalloutManagement.Api.Modules.Corrections;
using FalloutManagement.Api.Modules.Incidents.Domain;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace FalloutManagement.Api.Modules.Incidents.Recovery;

internal sealed record RecoveryPlan(RecoveryAction Action, bool DryRun, int MaxConcurrency, decimal FailureThreshold);

internal sealed record CaseOutcome(Guid CaseId, RecoveryOutcomeKind Outcome, string? Reason, string? ProblemCode, Guid? CorrectionActionId);

/// <summary>
/// Runs a bulk recovery inside the request: the incident's linked open cases in id order, in batches of
/// <c>maxConcurrency</c> cases processed in parallel, each in its own DI scope, DbContext and transaction, through the
/// aggregate's normal transitions. After each batch the job's counters are saved and the failure share is checked.
/// A dry run runs exactly the same checks on loaded cases and saves nothing.
/// </summary>
internal sealed class RecoveryRunner(IServiceScopeFactory scopes, FalloutDbContext db, TimeProvider clock, FalloutMetrics metrics)
{
    public static string IdempotencyKey(Guid incidentId, Guid caseId) => $"recovery:{incidentId}:{caseId}";

    public async Task<(RecoveryJob Job, IReadOnlyList<CaseOutcome> Outcomes)> RunAsync(Incident incident, RecoveryPlan plan, Caller caller,
        CancellationToken ct)
    {
        if (incident.Status != IncidentStatus.RESOLVED)
        {
            throw DomainException.InvalidTransition($"Incident {incident.Id} is {incident.Status}: bulk recovery runs only after it is resolved.");
        }
        var caseIds = await db.Set<FalloutCase>().AsNoTracking()
            .Where(c => c.IncidentId == incident.Id && c.Status != CaseStatus.CLOSED && c.Status != CaseStatus.CANCELLED)
            .OrderBy(c => c.Id).Select(c => c.Id).ToListAsync(ct);
        var job = new RecoveryJob(Guid.CreateVersion7(clock.GetUtcNow()), incident.Id, plan.Action, plan.MaxConcurrency, plan.FailureThreshold,
            caseIds.Count, caller.Id, clock.GetUtcNow());
        if (!plan.DryRun)
        {
            db.Add(job);
            await db.SaveChangesAsync(ct);
        }
        var outcomes = new List<CaseOutcome>();
        var stopped = false;
        foreach (var batch in caseIds.Chunk(plan.MaxConcurrency))
        {
            var results = await Task.WhenAll(batch.Select(id => RecoverOneAsync(incident, id, plan, caller, ct)));
            foreach (var result in results)
            {
                outcomes.Add(result);
                job.Count(result.Outcome);
                if (!plan.DryRun)
                {
                    metrics.RecoveryCase(result.Outcome.ToString());
                }
                if (!plan.DryRun)
                {
                    db.Add(new RecoveryCaseOutcome(job.Id, result.CaseId, result.Outcome, result.Reason, result.ProblemCode,
                        result.CorrectionActionId, clock.GetUtcNow()));
                }
            }
            stopped = job.StopIfThresholdPassed(clock.GetUtcNow());
            if (!plan.DryRun)
            {
                await db.SaveChangesAsync(ct);
            }
            if (stopped)
            {
                break;
            }
        }
        if (!stopped)
        {
            job.Complete(clock.GetUtcNow());
            if (!plan.DryRun)
            {
                await db.SaveChangesAsync(ct);
            }
        }
        return (job, outcomes);
    }

    private async Task<CaseOutcome> RecoverOneAsync(Incident incident, Guid caseId, RecoveryPlan plan, Caller caller, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<CaseStore>();
        var unitOfWork = scope.ServiceProvider.GetRequiredService<FalloutDbContext>();
        var policy = scope.ServiceProvider.GetRequiredService<ICorrectionPolicy>();
        try
        {
            var fallout = await store.FindAsync(caseId, ct);
            if (fallout is null || fallout.IncidentId != incident.Id)
            {
                return Skipped(caseId, "the case is no longer linked to the incident");
            }
            var now = clock.GetUtcNow();
            var outcome = plan.Action == RecoveryAction.RETRY
                ? await RetryAsync(incident, fallout, caller, policy, now, ct)
                : Cancel(incident, fallout, caller, now);
            if (outcome.Outcome == RecoveryOutcomeKind.DONE && !plan.DryRun)
            {
                await unitOfWork.SaveChangesAsync(ct);
            }
            return outcome;
        }
        catch (DomainException ex)
        {
            return new CaseOutcome(caseId, RecoveryOutcomeKind.FAILED, ex.Message, ex.Code, null);
        }
        catch (DbUpdateConcurrencyException)
        {
            return new CaseOutcome(caseId, RecoveryOutcomeKind.FAILED, "the case changed while the job worked on it", ProblemCodes.VersionConflict, null);
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // A concurrent run of the same recovery proposed this case's retry first (same Idempotency-Key).
            return Skipped(caseId, "already recovered by a concurrent recovery job");
        }
    }

    private static async Task<CaseOutcome> RetryAsync(Incident incident, FalloutCase fallout, Caller caller, ICorrectionPolicy policy,
        DateTimeOffset now, CancellationToken ct)
    {
        var key = IdempotencyKey(incident.Id, fallout.Id);
        if (fallout.Corrections.FirstOrDefault(c => c.IdempotencyKey == key) is { } earlier)
        {
            return new CaseOutcome(fallout.Id, RecoveryOutcomeKind.SKIPPED, "already recovered by an earlier recovery job", null, earlier.Id);
        }
        if (!CaseStateTable.RetryableInBulk(fallout.Status))
        {
            return Skipped(fallout.Id, $"a {fallout.Status} case cannot take a retry");
        }
        if (fallout.Status == CaseStatus.WAITING_INCIDENT)
        {
            fallout.Continue(caller.Actor, now);
        }
        var payload = JsonSerializer.Serialize(new { step = fallout.FailedStepKey }, JsonDefaults.Options);
        var decision = await policy.DecideAsync(fallout, CorrectionType.RETRY, payload, caller, ct);
        if (decision.ApprovalRequired)
        {
            // Nothing is saved: the case stays as it was, for a person to propose the retry under maker-checker.
            return new CaseOutcome(fallout.Id, RecoveryOutcomeKind.SKIPPED, "approval required", ProblemCodes.ApprovalRequired, null);
        }
        var correction = fallout.ProposeCorrection(CorrectionType.RETRY, payload,
            $"bulk recovery after incident '{incident.Title}': {incident.RootCause}", decision, key, caller.Actor, now);
        return new CaseOutcome(fallout.Id, RecoveryOutcomeKind.DONE, "retry proposed", null, correction.Id);
    }

    private static CaseOutcome Cancel(Incident incident, FalloutCase fallout, Caller caller, DateTimeOffset now)
    {
        if (!CaseStateTable.Allows(CaseCommand.CANCEL, fallout.Status))
        {
            return Skipped(fallout.Id, $"a {fallout.Status} case cannot be cancelled");
        }
        fallout.Cancel($"bulk cancellation after incident '{incident.Title}': {incident.RootCause}", caller.Actor, now);
        return new CaseOutcome(fallout.Id, RecoveryOutcomeKind.DONE, "cancelled", null, null);
    }

    private static CaseOutcome Skipped(Guid caseId, string reason) => new(caseId, RecoveryOutcomeKind.SKIPPED, reason, null, null);
}
