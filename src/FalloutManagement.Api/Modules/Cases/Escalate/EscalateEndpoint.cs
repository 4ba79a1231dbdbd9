using FalloutManagement.Api.Common.Auth;
using FalloutManagement.Api.Common.Http;
using FalloutManagement.Api.Common.Problems;
using FalloutManagement.Api.Modules.Cases.Domain;
using FluentValidation;

namespace FalloutManagement.Api.Modules.Cases.Escalate;

internal sealed record EscalateRequest(string? Reason, string? ToQueue, bool RaiseSeverity = false);

internal sealed class EscalateRequestValidator : AbstractValidator<EscalateRequest>
{
    public EscalateRequestValidator()
    {
        RuleFor(r => r.Reason).NotEmpty().MaximumLength(2000);
        RuleFor(r => r.ToQueue).MaximumLength(100);
    }
}

/// <summary><c>POST /fallout-cases/{id}/escalate</c>: raises the escalation level, optionally the severity and the queue.</summary>
internal static class EscalateEndpoint
{
    public static void MapEscalate(this RouteGroupBuilder group) =>
        group.MapPost("/{id:guid}/escalate", async (Guid id, EscalateRequest request, HttpContext http, CaseStore store, ICaseRouting routing) =>
            {
                var ct = http.RequestAborted;
                ICaseAssigner? pick = null;
                if (request.ToQueue is { } toQueue)
                {
                    if (!await routing.IsActiveQueueAsync(toQueue, ct))
                    {
                        throw DomainException.Validation("toQueue", $"Queue {toQueue} does not exist or is inactive.");
                    }
                    pick = await routing.PrepareAssignmentAsync(toQueue, ct);
                }
                return await store.RunAsync(http, id, CaseCommand.ESCALATE, (fallout, caller, now) =>
                {
                    fallout.Escalate(request.Reason!, request.ToQueue, request.RaiseSeverity, caller.Actor, now);
                    pick?.AssignIfQueued(fallout, now);
                });
            })
            .RequireAuthorization(Policies.CaseWorker)
            .Validate<EscalateRequest>()
            .WithName("EscalateCase")
            .WithSummary("Escalate a case")
            .WithDescription("Escalates the case, optionally to another queue, with the reason.")
            .CaseCommand()
            .Produces<CaseResponse>();
}
