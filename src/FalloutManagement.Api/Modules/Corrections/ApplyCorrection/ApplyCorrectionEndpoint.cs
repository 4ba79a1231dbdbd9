using FalloutManagement.Api.Common.Problems;
using System.Text.Json;
using FalloutManagement.Api.Common.Auth;
using FalloutManagement.Api.Common.Http;
using FalloutManagement.Api.Modules.Cases;
using FalloutManagement.Api.Modules.Cases.Domain;
using FluentValidation;

namespace FalloutManagement.Api.Modules.Corrections.ApplyCorrection;

internal sealed record ApplyCorrectionRequest(JsonElement? Result);

internal sealed class ApplyCorrectionRequestValidator : AbstractValidator<ApplyCorrectionRequest>
{
    private const string Message = "Required: what the owning system or operator did, as an object or a text.";

    public ApplyCorrectionRequestValidator() =>
        RuleFor(r => r.Result).Cascade(CascadeMode.Stop).NotNull().WithMessage(Message)
            .Must(r => r is { ValueKind: JsonValueKind.Object or JsonValueKind.String }).WithMessage(Message);
}

/// <summary>
/// <c>POST /fallout-cases/{id}/correction-actions/{caId}/apply</c>: the owning system (or the operator for a manual
/// correction) reports that the correction was carried out, with its result. Refused before a needed approval
/// (409 <c>APPROVAL_REQUIRED</c>) and before the policy's required evidence is on the case (409 <c>EVIDENCE_REQUIRED</c>).
/// </summary>
internal static class ApplyCorrectionEndpoint
{
    public static void MapApplyCorrection(this RouteGroupBuilder group) =>
        group.MapPost("/{id:guid}/correction-actions/{caId:guid}/apply", (Guid id, Guid caId, ApplyCorrectionRequest request, HttpContext http,
                CaseStore store) =>
                store.RunAsync(http, id, CaseCommand.APPLY_CORRECTION,
                    (fallout, caller, now) =>
                    {
                        fallout.ApplyCorrection(caId, request.Result!.Value.GetRawText(), caller.Actor, now);
                    }))
            .RequireAuthorization(Policies.CaseWorker)
            .Validate<ApplyCorrectionRequest>()
            .WithName("ApplyCorrection")
            .WithSummary("Record a correction as applied")
            .WithDescription("The assigned operator records the result of a correction a person carried out (MANUAL_PROVISIONING), once approved where required. Refused while an approval (409 APPROVAL_REQUIRED) or required evidence (409 EVIDENCE_REQUIRED) is missing, and for a correction its owning system executes (409 EXECUTED_BY_OWNING_SYSTEM: the executor reports its result through execution-results).")
            .CaseCommand()
            .Refuses(StatusCodes.Status409Conflict, ProblemCodes.InvalidTransition, ProblemCodes.ApprovalRequired, ProblemCodes.EvidenceRequired,
                ProblemCodes.ExecutedByOwningSystem)
            .Produces<CaseResponse>();
}
