using FalloutManagement.Api.Common.Auth;
using FalloutManagement.Api.Common.Http;
using FalloutManagement.Api.Modules.Cases.Domain;
using FalloutManagement.Api.Common.Problems;
using FluentValidation;
using Severity = FalloutManagement.Api.Modules.Cases.Domain.Severity;

namespace FalloutManagement.Api.Modules.Cases.Classify;

internal sealed record ClassifyRequest(string? Category, string? Severity, string? Queue, string? Reason);

internal sealed class ClassifyRequestValidator : AbstractValidator<ClassifyRequest>
{
    public ClassifyRequestValidator()
    {
        RuleFor(r => r.Category).NotEmpty().IsEnumName(typeof(FalloutCategory), caseSensitive: true)
            .WithMessage($"category must be one of {string.Join(", ", Enum.GetNames<FalloutCategory>())}.");
        RuleFor(r => r.Severity).NotEmpty().IsEnumName(typeof(Severity), caseSensitive: true)
            .WithMessage($"severity must be one of {string.Join(", ", Enum.GetNames<Severity>())}.");
        RuleFor(r => r.Queue).MaximumLength(100);
        RuleFor(r => r.Reason).NotEmpty().MaximumLength(2000);
    }
}

/// <summary>
/// <c>POST /fallout-cases/{id}/classify</c>: triage puts a DETECTED case into an active queue (passing CLASSIFIED); without a
/// queue, the category's default queue. A queue with an automatic strategy assigns the case at once.
/// </summary>
internal static class ClassifyEndpoint
{
    public static void MapClassify(this RouteGroupBuilder group) =>
        group.MapPost("/{id:guid}/classify", async (Guid id, ClassifyRequest request, HttpContext http, CaseStore store, ICaseRouting routing) =>
            {
                var ct = http.RequestAborted;
                var category = Enum.Parse<FalloutCategory>(request.Category!);
                var queue = request.Queue ?? await routing.DefaultQueueAsync(category, ct)
                    ?? throw DomainException.Validation("queue", $"No active queue serves {category}; name one.");
                if (!await routing.IsActiveQueueAsync(queue, ct))
                {
                    throw DomainException.Validation("queue", $"Queue {queue} does not exist or is inactive.");
                }
                var pick = await routing.PrepareAssignmentAsync(queue, ct);
                return await store.RunAsync(http, id, CaseCommand.CLASSIFY, (fallout, caller, now) =>
                {
                    fallout.Classify(new CaseRouting(category, Enum.Parse<Severity>(request.Severity!), queue), request.Reason!, caller.Actor, now);
                    pick?.AssignIfQueued(fallout, now);
                });
            })
            .RequireAuthorization(Policies.CaseWorker)
            .Validate<ClassifyRequest>()
            .WithName("ClassifyCase")
            .WithSummary("Classify a case")
            .WithDescription("Triage sets category and severity and puts a DETECTED case into a queue (the category's default queue without one); a queue with an automatic strategy assigns it at once.")
            .CaseCommand()
            .Produces<CaseResponse>();
}
