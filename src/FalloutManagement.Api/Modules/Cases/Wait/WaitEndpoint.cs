using FalloutManagement.Api.Common.Auth;
using FalloutManagement.Api.Common.Http;
using FalloutManagement.Api.Modules.Cases.Domain;
using FluentValidation;

namespace FalloutManagement.Api.Modules.Cases.Wait;

internal sealed record WaitRequest(string? WaitingFor, string? Reason, DateTimeOffset? Until, string? Party);

internal sealed class WaitRequestValidator : AbstractValidator<WaitRequest>
{
    public WaitRequestValidator()
    {
        RuleFor(r => r.WaitingFor).NotEmpty().IsEnumName(typeof(WaitingFor), caseSensitive: true)
            .WithMessage($"waitingFor must be one of {string.Join(", ", Enum.GetNames<WaitingFor>())}.");
        RuleFor(r => r.Reason).NotEmpty().MaximumLength(2000);
        RuleFor(r => r.Party).NotEmpty().MaximumLength(FalloutCaseConfiguration.ExternalIdLength).When(r => r.Party is not null);
    }
}

/// <summary>
/// <c>POST /fallout-cases/{id}/wait</c>: the case waits on the customer, a partner, the field, a vendor or an incident, optionally
/// until <c>until</c> (the time sweep then wakes it) and on <c>party</c>, the partner or executor code that alone may end the wait
/// by an external update.
/// </summary>
internal static class WaitEndpoint
{
    public static void MapWait(this RouteGroupBuilder group) =>
        group.MapPost("/{id:guid}/wait", (Guid id, WaitRequest request, HttpContext http, CaseStore store) =>
                store.RunAsync(http, id, CaseCommand.WAIT, (fallout, caller, now) =>
                    fallout.Wait(Enum.Parse<WaitingFor>(request.WaitingFor!), request.Reason!, request.Until?.ToUniversalTime(), caller.Actor, now,
                        request.Party)))
            .RequireAuthorization(Policies.CaseWorker)
            .Validate<WaitRequest>()
            .WithName("WaitCase")
            .WithSummary("Put a case on hold")
            .WithDescription("The case waits for a party (`waitingFor`: CUSTOMER, PARTNER, FIELD, VENDOR or INCIDENT); its SLA clocks pause where the SLA policy says so. `until` (in the future, else 400): when it passes, the time sweep returns the case to IN_PROGRESS by itself (FalloutCaseWaitExpired). `party`: the partner or executor code whose external update may end the wait (POST /fallout-cases/{id}/external-updates); not with INCIDENT (400).")
            .CaseCommand()
            .RequestExample("field", "Wait for the booked field visit", new
            {
                waitingFor = WaitingFor.FIELD, reason = "technician visit booked with the customer", until = "2030-11-04T09:00:00Z", party = "field-workforce",
            })
            .Produces<CaseResponse>();
}
