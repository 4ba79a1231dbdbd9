using FalloutManagement.Api.Common.Auth;
using FalloutManagement.Api.Common.Http;
using FalloutManagement.Api.Common.Persistence;
using FalloutManagement.Api.Common.Problems;
using FalloutManagement.Api.Modules.Audit;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FalloutManagement.Api.Modules.BreakGlass;

internal sealed record BreakGlassRequest(string? Reason, string? Scope, int? Minutes, bool? Emergency);

internal sealed class BreakGlassRequestValidator : AbstractValidator<BreakGlassRequest>
{
    public BreakGlassRequestValidator(IOptions<BreakGlassOptions> options)
    {
        RuleFor(r => r.Reason).NotEmpty().MaximumLength(2000);
        RuleFor(r => r.Scope).NotEmpty().Must(s => BreakGlassScope.TryParse(s, out _, out _))
            .WithMessage("scope is queue:<QUEUE_CODE>, case:<case id> or reveal-all.");
        RuleFor(r => r.Minutes).NotNull().InclusiveBetween(1, options.Value.MaxMinutes);
    }
}

internal sealed record GrantBreakGlassRequest(bool? Emergency);

internal sealed record BreakGlassAction(Guid AuditEntryId, string Action, Guid? CaseId, DateTimeOffset OccurredAt);

internal sealed record BreakGlassResponse(Guid Id, string Holder, string Reason, string Scope, int Minutes, BreakGlassStatus Status,
    bool Emergency, DateTimeOffset RequestedAt, string? GrantedBy, DateTimeOffset? StartsAt, DateTimeOffset? EndsAt, DateTimeOffset? EndedAt,
    string? EndedBy, long Version, IReadOnlyList<BreakGlassAction> ActionsTaken)
{
    public static BreakGlassResponse From(BreakGlassGrant g, IReadOnlyList<BreakGlassAction> actions) =>
        new(g.Id, g.Holder, g.Reason, g.Scope, g.Minutes, g.Status, g.Emergency, g.RequestedAt, g.GrantedBy, g.StartsAt, g.EndsAt, g.EndedAt,
            g.EndedBy, g.Version, actions);
}

internal sealed record BreakGlassPage(IReadOnlyList<BreakGlassResponse> Items, string? NextCursor);

/// <summary>
/// Break-glass (seed §28, "production break-glass governance"): <c>POST /break-glass</c> asks for a time-boxed
/// elevation; <c>POST /break-glass/{id}/grant</c> starts it (another person: a supervisor or an admin; the holder
/// only with <c>emergency: true</c>, which raises an alert); <c>POST /break-glass/{id}/end</c> ends it early;
/// <c>GET /break-glass</c> is the review list with the actions taken under each grant.
/// </summary>
internal static class BreakGlassEndpoints
{
    private const int ActionsShown = 200;
    private const int PageSize = 200;

    public static void MapBreakGlass(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/break-glass").WithTags("Break-glass");

        group.MapPost("/", async (BreakGlassRequest request, HttpContext http, FalloutDbContext db, TimeProvider clock,
                ILogger<BreakGlassGrant> logger) =>
            {
                var now = clock.GetUtcNow();
                var caller = http.Caller();
                BreakGlassScope.TryParse(request.Scope, out var kind, out var target);
                var grant = new BreakGlassGrant(Guid.CreateVersion7(now), caller.Id, request.Reason!.Trim(), kind, target, request.Minutes!.Value, now);
                db.Add(grant);
                BreakGlassRecords.Requested(db, http, grant, now);
                if (request.Emergency == true)
                {
                    Start(db, http, grant, caller.Id, emergency: true, now, logger);
                }
                await db.SaveChangesAsync(http.RequestAborted);
                return TypedResults.Created($"/break-glass/{grant.Id}", BreakGlassResponse.From(grant, []));
            })
            .RequireAuthorization(Policies.Staff)
            .Validate<BreakGlassRequest>()
            .WithName("RequestBreakGlass")
            .WithSummary("Ask for a time-boxed elevation (reason, scope, minutes); emergency: true grants it at once, with an alert.")
            .Produces<BreakGlassResponse>(StatusCodes.Status201Created);

        group.MapPost("/{id:guid}/grant", async (Guid id, GrantBreakGlassRequest? request, HttpContext http, FalloutDbContext db,
                TimeProvider clock, ILogger<BreakGlassGrant> logger) =>
            {
                var now = clock.GetUtcNow();
                var caller = http.Caller();
                var grant = await db.Set<BreakGlassGrant>().FirstOrDefaultAsync(g => g.Id == id, http.RequestAborted)
                    ?? throw DomainException.NotFound($"Break-glass request {id} was not found.");
                var self = caller.Id == grant.Holder;
                if (!self && !caller.IsInAnyRole(Roles.Supervisor, Roles.Admin))
                {
                    throw DomainException.Forbidden("A supervisor or an admin grants break-glass requests.");
                }
                if (self && !caller.IsInAnyRole(Roles.Supervisor, Roles.Admin) && request?.Emergency != true)
                {
                    throw DomainException.Denied(ProblemCodes.SegregationOfDuties, "Segregation of duties",
                        "Another person grants a break-glass request; self-granting is for emergencies only.");
                }
                Start(db, http, grant, caller.Id, emergency: request?.Emergency == true && self, now, logger);
                await SaveAsync(db, http);
                return TypedResults.Ok(BreakGlassResponse.From(grant, []));
            })
            .RequireAuthorization(Policies.Staff)
            .WithName("GrantBreakGlass")
            .WithSummary("Grant a break-glass request (another person: supervisor or admin; the holder only in an emergency).")
            .Produces<BreakGlassResponse>();

        group.MapPost("/{id:guid}/end", async (Guid id, HttpContext http, FalloutDbContext db, TimeProvider clock) =>
            {
                var now = clock.GetUtcNow();
                var caller = http.Caller();
                var grant = await db.Set<BreakGlassGrant>().FirstOrDefaultAsync(g => g.Id == id, http.RequestAborted)
                    ?? throw DomainException.NotFound($"Break-glass grant {id} was not found.");
                if (caller.Id != grant.Holder && !caller.IsInAnyRole(Roles.Supervisor, Roles.Admin))
                {
                    throw DomainException.Forbidden("The holder, a supervisor or an admin ends a break-glass grant.");
                }
                grant.End(caller.Id, now);
                BreakGlassRecords.Ended(db, http, grant, now);
                await SaveAsync(db, http);
                return TypedResults.Ok(BreakGlassResponse.From(grant, []));
            })
            .RequireAuthorization(Policies.Staff)
            .WithName("EndBreakGlass")
            .Produces<BreakGlassResponse>();

        group.MapGet("/", async (HttpContext http, FalloutDbContext db, BreakGlassStatus? status) =>
            {
                var ct = http.RequestAborted;
                var grants = await db.Set<BreakGlassGrant>().AsNoTracking().Where(g => status == null || g.Status == status)
                    .OrderByDescending(g => g.RequestedAt).ThenByDescending(g => g.Id).Take(PageSize).ToListAsync(ct);
                var actions = await ActionsAsync(db, [.. grants.Select(g => g.Id)], ct);
                return TypedResults.Ok(new BreakGlassPage(
                    [.. grants.Select(g => BreakGlassResponse.From(g, actions.TryGetValue(g.Id, out var a) ? a : []))], null));
            })
            .RequireAuthorization(Policies.BreakGlassReviewer)
            .WithName("ListBreakGlass")
            .WithSummary("The review list: who, why, scope, start and end, and the actions taken under each grant.")
            .Produces<BreakGlassPage>();

        group.MapGet("/{id:guid}", async (Guid id, HttpContext http, FalloutDbContext db) =>
            {
                var caller = http.Caller();
                var grant = await db.Set<BreakGlassGrant>().AsNoTracking().FirstOrDefaultAsync(g => g.Id == id, http.RequestAborted);
                if (grant is null || (grant.Holder != caller.Id && !caller.IsInAnyRole(Roles.Auditor, Roles.Supervisor, Roles.Admin)))
                {
                    throw DomainException.NotFound($"Break-glass grant {id} was not found.");
                }
                var actions = await ActionsAsync(db, [grant.Id], http.RequestAborted);
                return TypedResults.Ok(BreakGlassResponse.From(grant, actions.TryGetValue(grant.Id, out var a) ? a : []));
            })
            .RequireAuthorization(Policies.Staff)
            .WithName("GetBreakGlass")
            .Produces<BreakGlassResponse>();
    }

    private static void Start(FalloutDbContext db, HttpContext http, BreakGlassGrant grant, string grantor, bool emergency, DateTimeOffset now,
        ILogger logger)
    {
        grant.Grant(grantor, emergency, now);
        BreakGlassRecords.Started(db, http, grant, now);
        if (emergency)
        {
            // The alert: a Warning for the log pipeline's alerting, beside the BreakGlassStarted event (emergency: true).
            logger.LogWarning("Break-glass {BreakGlassId} self-granted in emergency by {Holder} for {Scope} until {EndsAt}",
                grant.Id, grant.Holder, grant.Scope, grant.EndsAt);
        }
    }

    private static async Task SaveAsync(FalloutDbContext db, HttpContext http)
    {
        try
        {
            await db.SaveChangesAsync(http.RequestAborted);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw DomainException.VersionConflict("The break-glass grant changed meanwhile; read it again.");
        }
    }

    private static async Task<Dictionary<Guid, List<BreakGlassAction>>> ActionsAsync(FalloutDbContext db, List<Guid> ids, CancellationToken ct)
    {
        var rows = await db.Set<AuditEntry>().AsNoTracking().Where(e => e.BreakGlassId != null && ids.Contains(e.BreakGlassId.Value))
            .OrderBy(e => e.OccurredAt).ThenBy(e => e.Id)
            .Select(e => new { GrantId = e.BreakGlassId!.Value, e.Id, e.Action, e.CaseId, e.OccurredAt }).ToListAsync(ct);
        return rows.GroupBy(r => r.GrantId).ToDictionary(g => g.Key,
            g => g.Take(ActionsShown).Select(r => new BreakGlassAction(r.Id, r.Action, r.CaseId, r.OccurredAt)).ToList());
    }
}
