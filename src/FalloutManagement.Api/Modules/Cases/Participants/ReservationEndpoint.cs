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
            .Produces<CaseResponse>();
}
