using FalloutManagement.Api.Common.Auth;
using FalloutManagement.Api.Common.Http;
using FalloutManagement.Api.Modules.Cases;
using FalloutManagement.Api.Modules.Cases.Domain;
using FluentValidation;

namespace FalloutManagement.Api.Modules.Incidents.LinkCase;

internal sealed record LinkCaseRequest(Guid? CaseId, string? Reason);

internal sealed class LinkCaseRequestValidator : AbstractValidator<LinkCaseRequest>
{
    public LinkCaseRequestValidator()
    {
        RuleFor(r => r.CaseId).NotNull().NotEqual(Guid.Empty);
        RuleFor(r => r.Reason).NotEmpty().MaximumLength(2000);
    }
}

/// <summary>
/// <c>POST /incidents/{id}/links</c> and <c>DELETE /incidents/{id}/links/{caseId}</c>: a supervisor links a case to an
/// open incident or unlinks it. Both change the case, so both take the case's <c>If-Match</c> and answer with the case;
/// the case's audit records them.
/// </summary>
internal static class LinkCaseEndpoint
{
    public static void MapLinkCase(this RouteGroupBuilder group)
    {
        group.MapPost("/{id:guid}/links", async (Guid id, LinkCaseRequest request, HttpContext http, IncidentStore incidents, CaseStore store) =>
            {
                var incident = await incidents.GetAsync(id, http.RequestAborted);
                return await store.RunAsync(http, request.CaseId!.Value, CaseCommand.LINK_INCIDENT, (fallout, caller, now) =>
                {
                    incident.EnsureOpen("linking a case");
                    fallout.LinkIncident(incident.Id, request.Reason!, caller.Actor, now);
                });
            })
            .RequireAuthorization(Policies.Supervisor)
            .Validate<LinkCaseRequest>()
            .WithName("LinkCaseToIncident")
            .WithSummary("Link a case to an incident")
            .WithDescription("Links the case to the incident. Requires If-Match with the case's ETag.")
            .CaseCommand()
            .Produces<CaseResponse>();

        group.MapDelete("/{id:guid}/links/{caseId:guid}", async (Guid id, Guid caseId, string? reason, HttpContext http, IncidentStore incidents,
                CaseStore store) =>
            {
                var incident = await incidents.GetAsync(id, http.RequestAborted);
                return await store.RunAsync(http, caseId, CaseCommand.UNLINK_INCIDENT, (fallout, caller, now) =>
                    fallout.UnlinkIncident(incident.Id, string.IsNullOrWhiteSpace(reason) ? "unlinked from incident" : reason.Trim(), caller.Actor, now));
            })
            .RequireAuthorization(Policies.Supervisor)
            .WithName("UnlinkCaseFromIncident")
            .WithSummary("Unlink a case from an incident")
            .WithDescription("Removes the case's link to the incident. Requires If-Match with the case's ETag.")
            .CaseCommand()
            .Produces<CaseResponse>();
    }
}
