using FalloutManagement.Api.Common.Auth;
using FalloutManagement.Api.Common.Http;
using FalloutManagement.Api.Modules.Cases.Domain;
using FalloutManagement.Api.Modules.Queues.Routing;
using FluentValidation;
using Severity = FalloutManagement.Api.Modules.Cases.Domain.Severity;

namespace FalloutManagement.Api.Modules.Cases.Classify;

public sealed record ClassifyRequest(string? Category, string? Severity, string? Queue, string? Reason);

public sealed class ClassifyRequestValidator : AbstractValidator<ClassifyRequest>
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

/// <summary><c>POST /fallout-cases/{id}/classify</c>: triage puts a DETECTED case into a queue (passing CLASSIFIED).</summary>
public static class ClassifyEndpoint
{
    public static void MapClassify(this RouteGroupBuilder group) =>
        group.MapPost("/{id:guid}/classify", (Guid id, ClassifyRequest request, HttpContext http, CaseStore store) =>
                store.RunAsync(http, id, CaseCommand.CLASSIFY, (fallout, caller, now) =>
                {
                    var category = Enum.Parse<FalloutCategory>(request.Category!);
                    var routing = new CaseRouting(category, Enum.Parse<Severity>(request.Severity!),
                        request.Queue ?? IntakeRouting.DefaultQueues[category]);
                    fallout.Classify(routing, request.Reason!, caller.Actor, now);
                }))
            .RequireAuthorization(Policies.CaseWorker)
            .Validate<ClassifyRequest>()
            .WithName("ClassifyCase")
            .Produces<CaseResponse>();
}
