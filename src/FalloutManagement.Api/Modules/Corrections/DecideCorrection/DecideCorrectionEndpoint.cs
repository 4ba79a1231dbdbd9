using FalloutManagement.Api.Common.Problems;
using FalloutManagement.Api.Common.Auth;
using FalloutManagement.Api.Common.Http;
using FalloutManagement.Api.Modules.Cases;
using FalloutManagement.Api.Modules.Cases.Domain;
using FluentValidation;

namespace FalloutManagement.Api.Modules.Corrections.DecideCorrection;

#pragma warning disable CA1707
internal enum ApprovalDecision { APPROVE, REJECT }
#pragma warning restore CA1707

internal sealed record DecideCorrectionRequest(Guid? CorrectionActionId, ApprovalDecision? Decision, string? Reason);

internal sealed class DecideCorrectionRequestValidator : AbstractValidator<DecideCorrectionRequest>
{
    public DecideCorrectionRequestValidator()
    {
        RuleFor(r => r.CorrectionActionId).NotNull().NotEqual(Guid.Empty);
        RuleFor(r => r.Decision).NotNull();
        RuleFor(r => r.Reason).NotEmpty().MaximumLength(2000);
    }
}

/// <summary>
/// <c>POST /fallout-cases/{id}/approve</c>: the checker's decision. The checker holds <c>fallout.approver</c>, is not
/// the maker (403 <c>SEGREGATION_OF_DUTIES</c>), has stepped up for HIGH/CRITICAL (403 <c>STEP_UP_REQUIRED</c>), and the
/// case has not materially changed since the proposal (412, the approval would be void). A rejection returns the case
/// to IN_PROGRESS.
/// </summary>
internal static class DecideCorrectionEndpoint
{
    public static void MapDecideCorrection(this RouteGroupBuilder group) =>
        group.MapPost("/{id:guid}/approve", (Guid id, DecideCorrectionRequest request, HttpContext http, CaseStore store) =>
            {
                var approve = request.Decision == ApprovalDecision.APPROVE;
                return store.RunAsync(http, id, approve ? CaseCommand.APPROVE_CORRECTION : CaseCommand.REJECT_CORRECTION,
                    (fallout, caller, now) =>
                    {
                        fallout.DecideCorrection(request.CorrectionActionId!.Value, approve, request.Reason!, caller.Actor, now);
                    });
            })
            .RequireAuthorization(Policies.Approver)
            .Validate<DecideCorrectionRequest>()
            .WithName("DecideCorrection")
            .WithSummary("Approve or reject a correction")
            .WithDescription("The checker decides on a proposed correction (`decision` APPROVE or REJECT). The checker holds fallout.approver and is not the maker (403 SEGREGATION_OF_DUTIES); approving a HIGH or CRITICAL risk correction needs `mfa` in the token's `amr` (403 STEP_UP_REQUIRED); an approval after a material change of the case since the proposal is void (412 VERSION_CONFLICT). An approval that leaves nothing missing (required evidence present) dispatches the correction to its executor in the same transaction (FalloutCorrectionExecutionRequested).")
            .CaseCommand()
            .Refuses(StatusCodes.Status403Forbidden, ProblemCodes.Forbidden, ProblemCodes.SegregationOfDuties, ProblemCodes.StepUpRequired)
            .Produces<CaseResponse>();
}
