using FalloutManagement.Api.Common.Auth;
using FalloutManagement.Api.Common.Http;
using FalloutManagement.Api.Modules.Cases.Domain;
using FluentValidation;

namespace FalloutManagement.Api.Modules.Cases.Participants;

internal sealed record HoldReservationRequest(string? ResourceId, string? Kind, DateTimeOffset? ExpiresAt, ReservationExpiryAction? OnExpiry);

internal sealed class HoldReservationRequestValidator : AbstractValidator<HoldReservationRequest>
{
    public HoldReservationRequestValidator()
    {
        RuleFor(r => r.ResourceId).NotEmpty().MaximumLength(FalloutCaseConfiguration.ExternalIdLength);
        RuleFor(r => r.Kind).NotEmpty().MaximumLength(100);
        RuleFor(r => r.ExpiresAt).NotNull();
    }
}

/// <summary>
/// <c>POST /fallout-cases/{id}/reservations</c> (If-Match, the case's owner): records that a resource is held for the case until
/// <c>expiresAt</c>. When the TTL passes, the time sweep emits <c>FalloutResourceReservationExpired</c> asking the inventory to
/// <c>onExpiry</c> the resource: RELEASE (default) or QUARANTINE. The inventory holds the resource; the case holds the deadline.
/// </summary>
internal static class ReservationEndpoint
{
    public static void MapReservations(this RouteGroupBuilder group) =>
        group.MapPost("/{id:guid}/reservations", (Guid id, HoldReservationRequest request, HttpContext http, CaseStore store) =>
                store.RunAsync(http, id, CaseCommand.HOLD_RESERVATION, (fallout, caller, now) =>
                {
                    fallout.HoldReservation(request.ResourceId!, request.Kind!, request.ExpiresAt!.Value.ToUniversalTime(),
                        request.OnExpiry ?? ReservationExpiryAction.RELEASE, caller.Actor, now);
                }))
            .RequireAuthorization(Policies.CaseWorker)
            .Validate<HoldReservationRequest>()
            .WithName("HoldReservation")
            .WithSummary("Hold a resource for the case until a time")
            .WithDescription("The case's owner (or a supervisor) records that a resource (a PON port, an ONT, a number) is held for the case until `expiresAt` (in the future; 400 otherwise). The inventory holds the resource; the case holds the deadline: when it passes, the time sweep marks the reservation EXPIRED and writes FalloutResourceReservationExpired asking the inventory to `onExpiry` it, RELEASE (default) or QUARANTINE. One held reservation per resource and case (409 for a second). Any open state; the state does not change. Answers the case with its `reservations`.")
            .CaseCommand()
            .RequestExample("ponPort", "Hold the PON port over the rescheduled visit", new
            {
                resourceId = "OLT-7/PON-3/PORT-12", kind = "PON_PORT", expiresAt = "2030-11-04T09:00:00Z", onExpiry = ReservationExpiryAction.RELEASE,
            })
            .Produces<CaseResponse>();
}
