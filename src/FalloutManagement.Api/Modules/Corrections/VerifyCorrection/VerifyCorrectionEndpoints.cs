using FalloutManagement.Api.Common.Auth;
using FalloutManagement.Api.Common.Http;
using FalloutManagement.Api.Common.Problems;
using FalloutManagement.Api.Modules.Cases;
using FalloutManagement.Api.Modules.Cases.Domain;

namespace FalloutManagement.Api.Modules.Corrections.VerifyCorrection;

/// <summary>
/// <c>POST /fallout-cases/{id}/verify</c> (the applied correction is being verified) and
/// <c>POST /fallout-cases/{id}/verification-failed</c> <c>{reason}</c> (back to IN_PROGRESS). The same commands are
/// also addressable per correction, <c>/correction-actions/{caId}/verify</c>, which refuses a correction that is not
/// the case's active one.
/// </summary>
internal static class VerifyCorrectionEndpoints
{
    public static void MapVerifyCorrection(this RouteGroupBuilder group)
    {
        group.MapPost("/{id:guid}/verify", (Guid id, HttpContext http, CaseStore store) => Verify(http, store, id, null))
            .RequireAuthorization(Policies.CaseWorker)
            .WithName("VerifyCorrection")
            .WithSummary("Verify the applied corrections")
            .WithDescription("Confirms that the applied corrections fixed the fallout: the case moves to VERIFIED.")
            .CaseCommand()
            .Produces<CaseResponse>();
        group.MapPost("/{id:guid}/correction-actions/{caId:guid}/verify", (Guid id, Guid caId, HttpContext http, CaseStore store) =>
                Verify(http, store, id, caId))
            .RequireAuthorization(Policies.CaseWorker)
            .WithName("VerifyCorrectionAction")
            .WithSummary("Verify one applied correction")
            .WithDescription("Confirms that this applied correction fixed the fallout.")
            .CaseCommand()
            .Produces<CaseResponse>();
        group.MapPost("/{id:guid}/verification-failed", (Guid id, ReasonRequest request, HttpContext http, CaseStore store) =>
                Fail(http, store, id, null, request))
            .RequireAuthorization(Policies.CaseWorker)
            .Validate<ReasonRequest>()
            .WithName("VerificationFailed")
            .WithSummary("Report a failed verification")
            .WithDescription("The applied corrections did not fix the fallout: the case returns to work, with the reason.")
            .CaseCommand()
            .Produces<CaseResponse>();
        group.MapPost("/{id:guid}/correction-actions/{caId:guid}/verification-failed", (Guid id, Guid caId, ReasonRequest request,
                HttpContext http, CaseStore store) => Fail(http, store, id, caId, request))
            .RequireAuthorization(Policies.CaseWorker)
            .Validate<ReasonRequest>()
            .WithName("CorrectionActionVerificationFailed")
            .WithSummary("Report a failed verification of one correction")
            .WithDescription("This applied correction did not fix the fallout: the case returns to work, with the reason.")
            .CaseCommand()
            .Produces<CaseResponse>();
    }

    private static Task<IResult> Verify(HttpContext http, CaseStore store, Guid id, Guid? caId) =>
        store.RunAsync(http, id, CaseCommand.VERIFY, (fallout, caller, now) =>
        {
            EnsureActive(fallout, caId);
            fallout.Verify(caller.Actor, now);
        });

    private static Task<IResult> Fail(HttpContext http, CaseStore store, Guid id, Guid? caId, ReasonRequest request) =>
        store.RunAsync(http, id, CaseCommand.VERIFICATION_FAILED, (fallout, caller, now) =>
        {
            EnsureActive(fallout, caId);
            fallout.VerificationFailed(request.Reason!, caller.Actor, now);
        });

    private static void EnsureActive(FalloutCase fallout, Guid? caId)
    {
        if (caId is not { } correctionId)
        {
            return;
        }
        if (fallout.Corrections.All(c => c.Id != correctionId))
        {
            throw DomainException.NotFound($"Correction action {correctionId} is not on this case.");
        }
        if (fallout.ActiveCorrection?.Id != correctionId)
        {
            throw DomainException.InvalidTransition($"Correction action {correctionId} is not the case's active correction.");
        }
    }
}
