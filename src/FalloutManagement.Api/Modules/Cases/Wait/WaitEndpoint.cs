using FalloutManagement.Api.Common.Auth;
using FalloutManagement.Api.Common.Http;
using FalloutManagement.Api.Modules.Cases.Domain;
using FluentValidation;

namespace FalloutManagement.Api.Modules.Cases.Wait;

internal sealed record WaitRequest(string? WaitingFor, string? Reason, DateTimeOffset? Until);

internal sealed class WaitRequestValidator : AbstractValidator<WaitRequest>
{
    public WaitRequestValidator()
    {
        RuleFor(r => r.WaitingFor).NotEmpty().IsEnumName(typeof(WaitingFor), caseSensitive: true)
            .WithMessage($"waitingFor must be one of {string.Join(", ", Enum.GetNames<WaitingFor>())}.");
        RuleFor(r => r.Reason).NotEmpty().MaximumLength(2000);
    }
}

/// <summary><c>POST /fallout-cases/{id}/wait</c>: the case waits on the customer, a partner, the field, a vendor or an incident.</summary>
internal static class WaitEndpoint
{
    public static void MapWait(this RouteGroupBuilder group) =>
        group.MapPost("/{id:guid}/wait", (Guid id, WaitRequest request, HttpContext http, CaseStore store) =>
                store.RunAsync(http, id, CaseCommand.WAIT, (fallout, caller, now) =>
                    fallout.Wait(Enum.Parse<WaitingFor>(request.WaitingFor!), request.Reason!, request.Until?.ToUniversalTime(), caller.Actor, now)))
            .RequireAuthorization(Policies.CaseWorker)
            .Validate<WaitRequest>()
            .WithName("WaitCase")
            .WithSummary("Put a case on hold")
            .WithDescription("The case waits for a party (`waitingFor`), optionally until a time; its SLA clock pauses.")
            .CaseCommand()
            .Produces<CaseResponse>();
}
