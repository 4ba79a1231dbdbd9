using FalloutManagement.Api.Common.Auth;
using FalloutManagement.Api.Common.Http;
using FalloutManagement.Api.Common.Problems;
using FalloutManagement.Api.Modules.Cases.Domain;
using FluentValidation;

namespace FalloutManagement.Api.Modules.Cases.Assign;

internal sealed record AssignRequest(string? User, string? Queue, string? Reason);

internal sealed class AssignRequestValidator : AbstractValidator<AssignRequest>
{
    public AssignRequestValidator()
    {
        RuleFor(r => r.User).MaximumLength(100);
        RuleFor(r => r.Queue).MaximumLength(100);
        RuleFor(r => r.Reason).MaximumLength(2000);
    }
}

/// <summary>
/// <c>POST /fallout-cases/{id}/assign</c>: without a user the caller claims the case. Operators may claim an
/// unassigned case of their queues and hand over their own; supervisors assign anyone.
/// </summary>
internal static class AssignEndpoint
{
    public static void MapAssign(this RouteGroupBuilder group) =>
        group.MapPost("/{id:guid}/assign", (Guid id, AssignRequest request, HttpContext http, CaseStore store) =>
                store.RunAsync(http, id, CaseCommand.ASSIGN, (fallout, caller, now) =>
                {
                    var user = string.IsNullOrWhiteSpace(request.User) ? caller.Id : request.User.Trim();
                    if (request.Queue is not null && request.Queue != fallout.Queue && !caller.IsInRole(Roles.Supervisor))
                    {
                        throw DomainException.Forbidden("Only a supervisor may move a case to another queue while assigning it.");
                    }
                    if (user != caller.Id && fallout.AssignedUser is null && !caller.IsInRole(Roles.Supervisor))
                    {
                        throw DomainException.Forbidden("Only a supervisor may assign an unassigned case to someone else; claim it yourself instead.");
                    }
                    fallout.Assign(user, request.Queue, request.Reason, caller.Actor, now);
                }))
            .RequireAuthorization(Policies.CaseWorker)
            .Validate<AssignRequest>()
            .WithName("AssignCase")
            .WithSummary("Assign or claim a case")
            .WithDescription("Assigns the case to `user` and/or moves it to `queue`; without a user the caller claims it. Operators may only claim cases of their queues.")
            .CaseCommand()
            .Produces<CaseResponse>();
}
