using FalloutManagement.Api.Common.Auth;
using FalloutManagement.Api.Common.Http;
using FalloutManagement.Api.Modules.Cases.Domain;
using FluentValidation;

namespace FalloutManagement.Api.Modules.Cases.Relink;

internal sealed record RelinkRequest(string? ServiceOrderId, string? ServiceOrderItemId, string? ResourceId, string? Reason);

internal sealed class RelinkRequestValidator : AbstractValidator<RelinkRequest>
{
    public RelinkRequestValidator()
    {
        const int idLength = FalloutCaseConfiguration.ExternalIdLength;
        RuleFor(r => r.Reason).NotEmpty().MaximumLength(2000);
        RuleFor(r => r.ServiceOrderId).MaximumLength(idLength);
        RuleFor(r => r.ServiceOrderItemId).MaximumLength(idLength);
        RuleFor(r => r.ResourceId).MaximumLength(idLength);
        RuleFor(r => r)
            .Must(r => r.ServiceOrderId is not null || r.ServiceOrderItemId is not null || r.ResourceId is not null)
            .WithName("serviceOrderItemId")
            .WithMessage("Name the service order, the service order item or the resource the case moves to.");
    }
}

/// <summary>
/// <c>POST /fallout-cases/{id}/relink</c>: a supervisor moves the case to another service order, order item or
/// resource, with a reason; the only way these references change after intake. Moving a case to another incident
/// is unlink and link (<c>/incidents/{id}/cases</c>).
/// </summary>
internal static class RelinkEndpoint
{
    public static void MapRelink(this RouteGroupBuilder group) =>
        group.MapPost("/{id:guid}/relink", (Guid id, RelinkRequest request, HttpContext http, CaseStore store) =>
                store.RunAsync(http, id, CaseCommand.RELINK, (fallout, caller, now) =>
                    fallout.Relink(request.ServiceOrderId, request.ServiceOrderItemId, request.ResourceId, request.Reason!, caller.Actor, now)))
            .RequireAuthorization(Policies.Supervisor)
            .Validate<RelinkRequest>()
            .WithName("RelinkCase")
            .WithSummary("Relink a case")
            .WithDescription("Moves the case to another service order item or failed step, with the reason.")
            .CaseCommand()
            .Produces<CaseResponse>();
}
