using FalloutManagement.Api.Modules.Audit;
using FalloutManagement.Api.Common.Auth;
using FalloutManagement.Api.Common.Http;
using FalloutManagement.Api.Common.Persistence;
using FalloutManagement.Api.Modules.Incidents.Domain;
using FluentValidation;

namespace FalloutManagement.Api.Modules.Incidents.CreateIncident;

internal sealed record CreateIncidentRequest(
    string? Title,
    string? Description,
    string? AffectedTargetSystem,
    DateTimeOffset? StartedAt,
    AutoLinkRuleDto? AutoLinkRule);

internal sealed class CreateIncidentRequestValidator : AbstractValidator<CreateIncidentRequest>
{
    public CreateIncidentRequestValidator()
    {
        RuleFor(r => r.Title).NotEmpty().MaximumLength(200);
        RuleFor(r => r.Description).NotEmpty().MaximumLength(4000);
        RuleFor(r => r.AffectedTargetSystem).NotEmpty().MaximumLength(100);
        RuleFor(r => r.StartedAt).NotNull();
        When(r => r.AutoLinkRule is not null, () =>
        {
            RuleFor(r => r.AutoLinkRule!.SourceSystem).MaximumLength(100).OverridePropertyName("autoLinkRule.sourceSystem");
            RuleFor(r => r.AutoLinkRule!.ReasonCode).MaximumLength(100).OverridePropertyName("autoLinkRule.reasonCode");
            RuleFor(r => r.AutoLinkRule!.FailedStepKey).MaximumLength(200).OverridePropertyName("autoLinkRule.failedStepKey");
            RuleFor(r => r.AutoLinkRule).Must(r => r!.SourceSystem is not null || r.Category is not null || r.ReasonCode is not null || r.FailedStepKey is not null)
                .WithMessage("An auto-link rule needs at least one of sourceSystem, category, reasonCode and failedStepKey.");
            RuleFor(r => r.AutoLinkRule).Must(r => r!.WindowStart is null || r.WindowEnd is null || r.WindowStart <= r.WindowEnd)
                .WithMessage("windowStart must not be after windowEnd.");
        });
    }
}

/// <summary><c>POST /incidents</c>: a supervisor opens an incident, optionally with a rule that links new fallout to it at intake.</summary>
internal static class CreateIncidentEndpoint
{
    public static void MapCreateIncident(this RouteGroupBuilder group) =>
        group.MapPost("/", async (CreateIncidentRequest request, HttpContext http, FalloutDbContext db, TimeProvider clock) =>
            {
                var now = clock.GetUtcNow();
                var incident = Incident.Open(request.Title!.Trim(), request.Description!, request.AffectedTargetSystem!.Trim(),
                    request.StartedAt!.Value, request.AutoLinkRule?.ToRule(), http.Caller().Id, now);
                db.Set<Incident>().Add(incident);
                ReferenceAudit.Record(db, http, "INCIDENT_OPENED", request.Title, null, IncidentResponse.From(incident), now);
                await db.SaveChangesAsync(http.RequestAborted);
                return TypedResults.Created($"/incidents/{incident.Id}", IncidentResponse.From(incident));
            })
            .RequireAuthorization(Policies.Supervisor)
            .Validate<CreateIncidentRequest>()
            .WithName("CreateIncident")
            .WithSummary("Open an incident")
            .WithDescription("Opens an incident (a wide outage) that fallout cases can be linked to. Answers 201 with Location.")
            .Produces<IncidentResponse>(StatusCodes.Status201Created);
}
