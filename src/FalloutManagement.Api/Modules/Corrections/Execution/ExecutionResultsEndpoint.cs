using FalloutManagement.Api.Common.Auth;
using FalloutManagement.Api.Common.Http;
using FalloutManagement.Api.Common.Persistence;
using FalloutManagement.Api.Common.Problems;
using FalloutManagement.Api.Modules.Cases;
using FalloutManagement.Api.Modules.Cases.Domain;
using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace FalloutManagement.Api.Modules.Corrections.Execution;

/// <summary>What the executor read back after acting; <c>content</c> is base64, stored with the evidence and hashed here.</summary>
internal sealed record ReadBackRequest(EvidenceType? EvidenceType, string? Source, string? StorageRef, string? Content);

internal sealed record ExecutionResultRequest(Guid? CommandId, ExecutionOutcome? Outcome, string? Detail, string? ExternalRef, ReadBackRequest? ReadBack);

internal sealed class ExecutionResultRequestValidator : AbstractValidator<ExecutionResultRequest>
{
    public ExecutionResultRequestValidator()
    {
        RuleFor(r => r.CommandId).NotNull().NotEqual(Guid.Empty);
        RuleFor(r => r.Outcome).NotNull();
        RuleFor(r => r.Detail).NotEmpty().MaximumLength(4000);
        RuleFor(r => r.ExternalRef).MaximumLength(FalloutCaseConfiguration.ExternalIdLength);
        When(r => r.ReadBack is not null, () =>
        {
            RuleFor(r => r.ReadBack!.EvidenceType).NotNull().OverridePropertyName("readBack.evidenceType");
            RuleFor(r => r.ReadBack!.Source).NotEmpty().MaximumLength(200).OverridePropertyName("readBack.source");
            RuleFor(r => r.ReadBack!.StorageRef).MaximumLength(1000).OverridePropertyName("readBack.storageRef");
            RuleFor(r => r.ReadBack!).Must(b => b.StorageRef is not null || b.Content is not null)
                .OverridePropertyName("readBack.content").WithMessage("A read-back needs content or a storageRef to find it by.");
        });
    }
}

/// <summary>
/// <c>POST /fallout-cases/{id}/correction-actions/{caId}/execution-results</c>: the executor a correction was
/// dispatched to reports its outcome (role <c>fallout.executor</c>, its <c>executor</c> claim naming that executor; no
/// If-Match: the command id names what is answered). Another executor, or a correction not dispatched, is 404: an
/// executor learns nothing about cases that are not its work. Idempotent by <c>commandId</c>: the same report again
/// answers the same and changes nothing; another outcome is 409 <c>RESULT_CONFLICT</c>. A result after the
/// deadline times the execution out as the sweep would (if it has not yet) and is recorded late, moving nothing: the
/// case keeps its version.
/// </summary>
internal static class ExecutionResultsEndpoint
{
    /// <summary>A report that lost a race with another command on the case is taken again this often.</summary>
    private const int Attempts = 5;

    public static void MapExecutionResults(this RouteGroupBuilder group) =>
        group.MapPost("/{id:guid}/correction-actions/{caId:guid}/execution-results", async (Guid id, Guid caId, ExecutionResultRequest request,
                HttpContext http, CaseStore store, FalloutDbContext db, ICaseRouting routing) =>
            {
                var ct = http.RequestAborted;
                var caller = http.Caller();
                var executor = caller.Executor ?? throw DomainException.Forbidden("The token names no executor (claim executor).");
                var content = request.ReadBack is null ? null : EvidenceContent.Decode(request.ReadBack.Content, "readBack.content");
                var readBack = request.ReadBack is { } r
                    ? new ReadBack(r.EvidenceType!.Value, r.Source!, r.StorageRef, content is null ? null : EvidenceContent.Sha256(content),
                        content?.LongLength)
                    : null;
                var report = new ExecutionReport(request.CommandId!.Value, request.Outcome!.Value, request.Detail!, request.ExternalRef, readBack);
                for (var attempt = 1; ; attempt++)
                {
                    // The case's row is held from the read to the commit: a late result leaves the case's version as it
                    // is, so the version cannot tell two racing reports apart; the lock makes the second read the first's.
                    await using var transaction = await db.Database.BeginTransactionAsync(ct);
                    var fallout = await store.FindLockedAsync(id, ct) ?? throw DomainException.NotFound($"Fallout case {id} was not found.");
                    var now = store.Now;
                    var evidenceId = Guid.CreateVersion7(now);
                    if (fallout.ActiveCorrection?.Id == caId && fallout.ActiveCorrection.Executor == executor)
                    {
                        // After the deadline the execution is TIMED_OUT whether or not the sweep has run yet: time it out
                        // now as the sweep would (the sweep then finds nothing), and the result below is recorded late.
                        await ExecutionTimeoutSweeper.TimeOutIfOverdueAsync(fallout, routing, now, ct);
                    }
                    var (correction, effect) = fallout.ReportExecutionResult(caId, executor, report, caller.Actor, now, evidenceId);
                    if (effect != ExecutionReportEffect.REPLAYED && content is not null && correction.ReadBackEvidenceId == evidenceId)
                    {
                        db.Set<EvidenceContent>().Add(new EvidenceContent(evidenceId, content, null));
                    }
                    try
                    {
                        await db.SaveChangesAsync(ct);
                        await transaction.CommitAsync(ct);
                        IfMatch.SetETag(http, fallout.Version);
                        return TypedResults.Ok(CorrectionDto.From(correction));
                    }
                    catch (DbUpdateConcurrencyException) when (attempt < Attempts)
                    {
                        // Another command or report changed the case first: read it again and answer from what it is now.
                        db.ChangeTracker.Clear();
                    }
                }
            })
            .RequireAuthorization(Policies.Executor)
            .Validate<ExecutionResultRequest>()
            .WithMetadata(new RequestSizeLimitAttribute(EvidenceContent.MaxBodyBytes))
            .WithName("ReportExecutionResult")
            .WithSummary("Report an execution result")
            .WithDescription("The executor a correction was dispatched to (role fallout.executor, its `executor` claim naming that executor) reports the outcome of the command it received in FalloutCorrectionExecutionRequested: SUCCEEDED moves the case to CORRECTION_APPLIED (FalloutCorrectionApplied); FAILED or REJECTED returns it to its operator in IN_PROGRESS (the correction EXECUTION_FAILED, FalloutCorrectionExecutionFailed). A `readBack` becomes an evidence item captured by the executor (`content` base64, its SHA-256 computed here). No If-Match: `commandId` names what is answered, and the report is idempotent by it: the same outcome again answers the same and changes nothing; another outcome is 409 RESULT_CONFLICT; a `commandId` the correction was not sent with is 409 UNKNOWN_COMMAND. Another executor, or a correction not dispatched, is 404. After the deadline the execution is TIMED_OUT (timed out by this report, exactly as the sweep would, when the sweep has not run yet) and the result is recorded (`executionResult.late`, FalloutCorrectionExecutionResultLate) and moves nothing: the case keeps its status and version. Answers the correction and the case's ETag.")
            .WithMetadata(new AnswersETag())
            .Refuses(StatusCodes.Status403Forbidden, ProblemCodes.Forbidden)
            .Refuses(StatusCodes.Status404NotFound)
            .Refuses(StatusCodes.Status409Conflict, ProblemCodes.InvalidTransition, ProblemCodes.ResultConflict, ProblemCodes.UnknownCommand)
            .RequestExample("succeeded", "The HSS adapter overwrote the profile and read it back", new
            {
                commandId = "0196a3c4-5b1e-7c3a-9d2f-4e8b6a1c0d21", outcome = ExecutionOutcome.SUCCEEDED, detail = "profile updated",
                externalRef = "hss-req-4471",
                readBack = new
                {
                    evidenceType = EvidenceType.READ_BACK_SNAPSHOT, source = "hss-adapter",
                    content = "SFNTOiBNU0lTRE4gNjI4MTEwMDAwMDEgYm91bmQgdG8gSU1TSSA1MTAwMTAwMDAwMDAwMDI=",
                },
            })
            .RequestExample("rejected", "The activation service refused the command", new
            {
                commandId = "0196a3c4-5b1e-7c3a-9d2f-4e8b6a1c0d21", outcome = ExecutionOutcome.REJECTED, detail = "vendor refused: subscriber locked",
                externalRef = "act-991",
            })
            .Produces<CorrectionDto>();
}
