using FalloutManagement.Api.Common.Auth;
using FalloutManagement.Api.Common.Http;
using FalloutManagement.Api.Modules.Cases;
using FalloutManagement.Api.Modules.Cases.Domain;
using Microsoft.Extensions.Options;

namespace FalloutManagement.Api.Modules.Resume.ReissueResumeToken;

/// <summary>
/// <c>POST /fallout-cases/{id}/resume-token/reissue</c> <c>{reason}</c>: a supervisor re-issues a resume token that
/// expired unused (audited). An unexpired or redeemed token is refused with 409.
/// </summary>
internal static class ReissueResumeTokenEndpoint
{
    public static void MapReissueResumeToken(this RouteGroupBuilder group) =>
        group.MapPost("/{id:guid}/resume-token/reissue", (Guid id, ReasonRequest request, HttpContext http, CaseStore store,
                IOptions<ResumeOptions> options) =>
                store.RunAsync(http, id, CaseCommand.REISSUE_RESUME_TOKEN, (fallout, caller, now) =>
                {
                    fallout.ReissueResumeToken(request.Reason!, options.Value.TokenLifetime, caller.Actor, now);
                }))
            .RequireAuthorization(Policies.Supervisor)
            .Validate<ReasonRequest>()
            .WithName("ReissueResumeToken")
            .WithSummary("Reissue a resume token")
            .WithDescription("A supervisor issues a fresh decision token (same item, step, mode, evidence and expected order version) for one that expired unused, with the reason; the case stays RESOLVED_*. A token still valid or already redeemed is 409 INVALID_TRANSITION. Announced by FalloutResumeTokenReissued, from which order management learns the new token.")
            .CaseCommand()
            .Produces<CaseResponse>();
}
