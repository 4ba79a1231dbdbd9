using FalloutManagement.Api.Common.Auth;
using FalloutManagement.Api.Common.Http;
using FalloutManagement.Api.Common.Persistence;
using FalloutManagement.Api.Common.Problems;
using FalloutManagement.Api.Modules.Cases;
using FalloutManagement.Api.Modules.Cases.Domain;
using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace FalloutManagement.Api.Modules.Incidents.Recovery;

internal sealed record StartRecoveryRequest(RecoveryAction? Action, bool? DryRun, int? MaxConcurrency, decimal? FailureThreshold);

internal sealed class StartRecoveryRequestValidator : AbstractValidator<StartRecoveryRequest>
{
    public const int MaxConcurrencyLimit = 16;

    public StartRecoveryRequestValidator()
    {
        RuleFor(r => r.Action).NotNull().IsInEnum();
        RuleFor(r => r.MaxConcurrency).InclusiveBetween(1, MaxConcurrencyLimit);
        RuleFor(r => r.FailureThreshold).InclusiveBetween(0m, 1m);
    }
}

internal sealed record RecoveryCaseOutcomeResponse(Guid CaseId, RecoveryOutcomeKind Outcome, string? Reason, string? ProblemCode, Guid? CorrectionActionId);

internal sealed record RecoveryJobResponse(
    Guid? Id,
    Guid IncidentId,
    RecoveryAction Action,
    bool DryRun,
    RecoveryJobStatus Status,
    int MaxConcurrency,
    decimal FailureThreshold,
    int Total,
    int Processed,
    int Done,
    int Skipped,
    int Failed,
    string? StopReason,
    string RequestedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset? FinishedAt,
    IReadOnlyList<RecoveryCaseOutcomeResponse> Outcomes)
{
    /// <summary>The job as seen by someone who sees only the cases in <see cref="Outcomes"/>: counters over those alone.</summary>
    public RecoveryJobResponse Scoped() => this with
    {
        Total = Outcomes.Count,
        Processed = Outcomes.Count,
        Done = Outcomes.Count(o => o.Outcome == RecoveryOutcomeKind.DONE),
        Skipped = Outcomes.Count(o => o.Outcome == RecoveryOutcomeKind.SKIPPED),
        Failed = Outcomes.Count(o => o.Outcome == RecoveryOutcomeKind.FAILED),
        StopReason = StopReason is null ? null : "stopped: the failure share passed the threshold",
    };

    public static RecoveryJobResponse From(RecoveryJob job, bool dryRun, IEnumerable<RecoveryCaseOutcomeResponse> outcomes) =>
        new(dryRun ? null : job.Id, job.IncidentId, job.Action, dryRun, job.Status, job.MaxConcurrency, job.FailureThreshold, job.Total,
            job.Processed, job.Done, job.Skipped, job.Failed, job.StopReason, job.RequestedBy, job.CreatedAt, job.FinishedAt, outcomes.ToList());
}

/// <summary>
/// <c>POST /incidents/{id}/recovery</c> (a supervisor, after the incident is resolved) runs a bulk recovery and answers
/// 201 with the finished job (200 and nothing stored for a dry run); <c>GET /incidents/{id}/recovery/{jobId}</c> shows
/// a job's progress and per-case outcomes.
/// </summary>
internal static class RecoveryEndpoints
{
    public const int DefaultMaxConcurrency = 4;
    public const decimal DefaultFailureThreshold = 0.2m;

    public static void MapRecovery(this RouteGroupBuilder group)
    {
        group.MapPost("/{id:guid}/recovery", async (Guid id, StartRecoveryRequest request, HttpContext http, IncidentStore incidents,
                RecoveryRunner runner) =>
            {
                var incident = await incidents.GetAsync(id, http.RequestAborted);
                var plan = new RecoveryPlan(request.Action!.Value, request.DryRun ?? false, request.MaxConcurrency ?? DefaultMaxConcurrency,
                    request.FailureThreshold ?? DefaultFailureThreshold);
                var (job, outcomes) = await runner.RunAsync(incident, plan, http.Caller(), http.RequestAborted);
                var response = RecoveryJobResponse.From(job, plan.DryRun,
                    outcomes.Select(o => new RecoveryCaseOutcomeResponse(o.CaseId, o.Outcome, o.Reason, o.ProblemCode, o.CorrectionActionId)));
                return plan.DryRun
                    ? Results.Ok(response)
                    : Results.Created($"/incidents/{id}/recovery/{job.Id}", response);
            })
            .RequireAuthorization(Policies.Supervisor)
            .Validate<StartRecoveryRequest>()
            .WithName("StartIncidentRecovery")
            .WithSummary("Start bulk recovery")
            .WithDescription("Proposes a recovery (e.g. RETRY) on every open case of the incident under the same policy as single proposals; answers the job with one outcome per case.")
            .Refuses(StatusCodes.Status409Conflict, ProblemCodes.InvalidTransition, ProblemCodes.ApprovalRequired)
            .Produces<RecoveryJobResponse>(StatusCodes.Status201Created)
            .Produces<RecoveryJobResponse>();

        group.MapGet("/{id:guid}/recovery/{jobId:guid}", async (Guid id, Guid jobId, HttpContext http, FalloutDbContext db) =>
            {
                var ct = http.RequestAborted;
                var job = await db.Set<RecoveryJob>().AsNoTracking().FirstOrDefaultAsync(j => j.Id == jobId && j.IncidentId == id, ct)
                    ?? throw DomainException.NotFound($"Recovery job {jobId} of incident {id} was not found.");
                var caller = http.Caller();
                var visible = CaseAccess.Visible(db.Set<FalloutCase>().AsNoTracking(), caller).Select(c => c.Id);
                var outcomes = await db.Set<RecoveryCaseOutcome>().AsNoTracking().Where(o => o.JobId == jobId && visible.Contains(o.CaseId))
                    .OrderBy(o => o.CaseId)
                    .Select(o => new RecoveryCaseOutcomeResponse(o.CaseId, o.Outcome, o.Reason, o.ProblemCode, o.CorrectionActionId))
                    .ToListAsync(ct);
                var response = RecoveryJobResponse.From(job, false, outcomes);
                // An operator sees the job as far as their queues go: counters over their cases, no other queue's numbers.
                return TypedResults.Ok(CaseAccess.SeesEveryQueue(caller) ? response : response.Scoped());
            })
            .RequireAuthorization(Policies.CaseReader)
            .WithName("GetIncidentRecovery")
            .WithSummary("Get a bulk recovery job")
            .WithDescription("The recovery job's progress and per-case outcomes.")
            .Produces<RecoveryJobResponse>();
    }
}
