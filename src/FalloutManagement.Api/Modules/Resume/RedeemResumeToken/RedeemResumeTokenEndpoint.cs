using FalloutManagement.Api.Common.Auth;
using FalloutManagement.Api.Common.Http;
using FalloutManagement.Api.Common.Persistence;
using FalloutManagement.Api.Common.Problems;
using FalloutManagement.Api.Modules.Cases;
using FalloutManagement.Api.Modules.Cases.Domain;
using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace FalloutManagement.Api.Modules.Resume.RedeemResumeToken;

internal sealed record RedeemResumeTokenRequest(Guid? TokenId, long? OrderVersion);

internal sealed class RedeemResumeTokenRequestValidator : AbstractValidator<RedeemResumeTokenRequest>
{
    public RedeemResumeTokenRequestValidator()
    {
        RuleFor(r => r.TokenId).NotNull().NotEqual(Guid.Empty);
        RuleFor(r => r.OrderVersion).NotNull().GreaterThanOrEqualTo(0);
    }
}

internal sealed record ResumeResponse(string ServiceOrderItemId, string FailedStepKey, ResumeMode Mode, Guid EvidenceId,
    IReadOnlyList<Guid> CorrectionActionIds);

/// <summary>
/// <c>POST /fallout-cases/{id}/resume</c>: the order system redeems its resume token. No If-Match: the token is the
/// guard. It succeeds exactly once: redemption raises the case's version, so of racing redemptions the database
/// lets one commit; every loser reloads and is told <c>TOKEN_USED</c>. A source system cannot read cases, so the
/// case is loaded directly rather than through the read rules; only the reporting system or an order orchestrator may
/// redeem (any other source is told 404, as if the case did not exist).
/// </summary>
internal static class RedeemResumeTokenEndpoint
{
    private const int MaxAttempts = 3;

    public static void MapRedeemResumeToken(this RouteGroupBuilder group) =>
        group.MapPost("/{id:guid}/resume", async (Guid id, RedeemResumeTokenRequest request, HttpContext http, CaseStore store,
                FalloutDbContext db) =>
            {
                var ct = http.RequestAborted;
                var caller = http.Caller();
                for (var attempt = 1; ; attempt++)
                {
                    var fallout = await store.FindAsync(id, ct) ?? throw DomainException.NotFound($"Fallout case {id} was not found.");
                    CaseAccess.EnsureMayRedeem(caller, fallout);
                    CaseAccess.EnsureCanAct(caller, fallout, CaseCommand.REDEEM_RESUME_TOKEN);
                    var instruction = fallout.RedeemResumeToken(request.TokenId!.Value, request.OrderVersion!.Value, caller.Actor, store.Now);
                    try
                    {
                        await db.SaveChangesAsync(ct);
                        return TypedResults.Ok(new ResumeResponse(instruction.ServiceOrderItemId, instruction.FailedStepKey, instruction.Mode,
                            instruction.EvidenceId, instruction.CorrectionActionIds));
                    }
                    catch (DbUpdateConcurrencyException) when (attempt < MaxAttempts)
                    {
                        // Someone else changed the case first (most likely redeemed this token): read it again and decide anew.
                        db.ChangeTracker.Clear();
                    }
                }
            })
            .RequireAuthorization(Policies.Source)
            .Validate<RedeemResumeTokenRequest>()
            .WithName("RedeemResumeToken")
            .WithSummary("Redeem a resume token")
            .WithDescription("Order management (a fallout.source) redeems the case's decision token — issued by a RESUME, CANCEL or COMPENSATE resolution — and the case closes (FalloutCaseClosed). It redeems with the order's current version and gets what to do (item, step, mode, evidence, corrections), exactly once per token: again 409 TOKEN_USED, after expiry 409 TOKEN_EXPIRED, another order version 409 ORDER_VERSION_MISMATCH. No If-Match: the token is the precondition.")
            .Refuses(StatusCodes.Status409Conflict, ProblemCodes.InvalidTransition, ProblemCodes.TokenUsed, ProblemCodes.TokenExpired, ProblemCodes.OrderVersionMismatch)
            .Produces<ResumeResponse>();
}
