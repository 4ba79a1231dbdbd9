using FalloutManagement.Api.Common.Problems;
using FalloutManagement.Api.Common.Auth;
using FalloutManagement.Api.Common.Http;
using FalloutManagement.Api.Modules.Cases.Domain;
using FluentValidation;
using Microsoft.Extensions.Options;

namespace FalloutManagement.Api.Modules.Cases.Resolve;

internal sealed record ResolveRequest(ResolutionDecision? Decision, ResumeMode? ResumeMode, Guid? EvidenceId, string? Reason);

internal sealed class ResolveRequestValidator : AbstractValidator<ResolveRequest>
{
    public ResolveRequestValidator()
    {
        RuleFor(r => r.Decision).NotNull();
        RuleFor(r => r.EvidenceId).NotNull().NotEqual(Guid.Empty);
        RuleFor(r => r.Reason).NotEmpty().MaximumLength(2000);
    }
}

/// <summary>
/// <c>POST /fallout-cases/{id}/resolve</c>: RESUME, CANCEL or COMPENSATE, backed by evidence on the case with
/// <c>provesResolution = true</c> (409 <c>EVIDENCE_REQUIRED</c> otherwise) and no open mandatory task. RESUME issues
/// the one-time resume token, valid for <c>Resume:TokenLifetimeMinutes</c>.
/// </summary>
internal static class ResolveEndpoint
{
    public static void MapResolve(this RouteGroupBuilder group) =>
        group.MapPost("/{id:guid}/resolve", (Guid id, ResolveRequest request, HttpContext http, CaseStore store, IOptions<ResumeOptions> options) =>
                store.RunAsync(http, id, CaseCommand.RESOLVE, (fallout, caller, now) =>
                    fallout.Resolve(request.Decision!.Value, request.ResumeMode, request.EvidenceId!.Value, request.Reason!,
                        options.Value.TokenLifetime, caller.Actor, now)))
            .RequireAuthorization(Policies.CaseWorker)
            .Validate<ResolveRequest>()
            .WithName("ResolveCase")
            .WithSummary("Resolve a case")
            .WithDescription("Decides how the order goes on (RESUME, CANCEL or COMPENSATE) on the basis of evidence that proves the resolution (409 EVIDENCE_REQUIRED otherwise; an open mandatory task is 409 INVALID_TRANSITION). Every decision issues a one-time decision token (`resumeToken` on the case, announced by FalloutCaseResolvedForResume / ...ForCancellation / ...ForCompensation) that order management redeems with POST /fallout-cases/{id}/resume; the case closes only then.")
            .CaseCommand()
            .Refuses(StatusCodes.Status409Conflict, ProblemCodes.InvalidTransition, ProblemCodes.EvidenceRequired)
            .Produces<CaseResponse>();
}
