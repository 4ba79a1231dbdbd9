using FalloutManagement.Api.Common.Auth;
using FalloutManagement.Api.Common.Http;
using FalloutManagement.Api.Modules.Cases.Domain;
using FluentValidation;

namespace FalloutManagement.Api.Modules.Cases.Cancel;

public sealed record ReasonRequest(string? Reason);

public sealed class ReasonRequestValidator : AbstractValidator<ReasonRequest>
{
    public ReasonRequestValidator() => RuleFor(r => r.Reason).NotEmpty().MaximumLength(2000);
}

/// <summary><c>POST /fallout-cases/{id}/cancel</c>: a false positive or duplicate, before any correction was proposed.</summary>
public static class CancelEndpoint
{
    public static void MapCancel(this RouteGroupBuilder group) =>
        group.MapPost("/{id:guid}/cancel", (Guid id, ReasonRequest request, HttpContext http, CaseStore store) =>
                store.RunAsync(http, id, CaseCommand.CANCEL, (fallout, caller, now) => fallout.Cancel(request.Reason!, caller.Actor, now)))
            .RequireAuthorization(Policies.CaseWorker)
            .Validate<ReasonRequest>()
            .WithName("CancelCase")
            .WithSummary("Cancel a case")
            .WithDescription("Cancels the case with the reason; a cancelled case changes no more.")
            .CaseCommand()
            .Produces<CaseResponse>();
}
