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

/// <summary>
/// Break-glass (seed §28, "production break-glass governance"): <c>POST /break-glass</c> asks for a time-boxed
/// elevation; <c>POST /break-glass/{id}/grant</c> starts it (another person: a supervisor or an admin; the holder
/// only with <c>emergency: true</c>, which raises an alert); <c>POST /break-glass/{id}/end</c> ends it early;
/// <c>GET /break-glass</c> is the review list with the actions taken under each grant.
/// </summary>
internal static class BreakGlassEndpoints
{
    private const int ActionsShown = 200;

    /// <summary>A grant that lost a race with another decision on the request is decided again this often.</summary>
    private const int DecisionAttempts = 3;

    public static void MapBreakGlass(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/break-glass").WithTag("Break-glass",
            "Time-boxed, audited elevations for emergencies: requested by a person, granted by another (or self-granted with an alert), reviewed by auditors.");

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
            .WithDescription("Any staff member asks for an elevation of `scope` (`queue:<QUEUE_CODE>`: see and act on that queue's cases; `case:<id>`: that case; `reveal-all`: see classified values unmasked) for `minutes` (at most `BreakGlass:MaxMinutes`). 201 with the request (`REQUESTED`), audited. With `emergency: true` it is self-granted at once: `ACTIVE`, `BreakGlassStarted` with `emergency: true` and a Warning alert in the log.")
            .Produces<BreakGlassResponse>(StatusCodes.Status201Created);

        group.MapPost("/{id:guid}/grant", async (Guid id, GrantBreakGlassRequest? request, HttpContext http, FalloutDbContext db,
                TimeProvider clock, ILogger<BreakGlassGrant> logger) =>
            {
                var caller = http.Caller();
                for (var attempt = 1; ; attempt++)
                {
                    var now = clock.GetUtcNow();
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
                    try
                    {
                        await db.SaveChangesAsync(http.RequestAborted);
                        return TypedResults.Ok(BreakGlassResponse.From(grant, []));
                    }
                    catch (DbUpdateConcurrencyException) when (attempt < DecisionAttempts)
                    {
                        // Another grant or an end came first: read the request again and answer what a later call would
                        // be answered (409 INVALID_TRANSITION once it is no longer REQUESTED).
                        db.ChangeTracker.Clear();
                    }
                }
            })
            .RequireAuthorization(Policies.Staff)
            .WithName("GrantBreakGlass")
            .WithSummary("Grant a break-glass request (another person: supervisor or admin; the holder only in an emergency).")
            .WithDescription("Starts the elevation now for its minutes: `ACTIVE`, audited, `BreakGlassStarted` raised. A supervisor or an admin other than the holder grants it; the holder may grant it only with `emergency: true` (403 `SEGREGATION_OF_DUTIES` otherwise). A request that is not `REQUESTED` answers 409 `INVALID_TRANSITION`, concurrent grants included: one wins, the others are answered as if they came after it (412 `VERSION_CONFLICT` only after three lost races in a row).")
            .Refuses(StatusCodes.Status403Forbidden, ProblemCodes.Forbidden, ProblemCodes.SegregationOfDuties)
            .Refuses(StatusCodes.Status409Conflict)
            .Refuses(StatusCodes.Status412PreconditionFailed)
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
            .WithSummary("End an active elevation before its time (its holder, a supervisor or an admin).")
            .WithDescription("`ENDED` now, audited, `BreakGlassEnded` raised with `expired: false`. A grant that is not `ACTIVE` answers 409 `INVALID_TRANSITION`. Grants also end by themselves at `endsAt` (the sweep, `expired: true`); access never outlives `endsAt`.")
            .Refuses(StatusCodes.Status409Conflict)
            .Refuses(StatusCodes.Status412PreconditionFailed)
            .Produces<BreakGlassResponse>();

        group.MapGet("/", async (HttpContext http, FalloutDbContext db, string? status, int? limit, string? cursor) =>
            {
                var ct = http.RequestAborted;
                var take = Paging.Take(limit);
                var query = db.Set<BreakGlassGrant>().AsNoTracking();
                if (QueryEnum.Parse<BreakGlassStatus>("status", status) is { } only)
                {
                    query = query.Where(g => g.Status == only);
                }
                if (cursor is not null)
                {
                    var (at, before) = KeysetCursor.Decode(cursor);
                    query = query.Where(g => g.RequestedAt < at || (g.RequestedAt == at && g.Id.CompareTo(before) < 0));
                }
                var grants = await query.OrderByDescending(g => g.RequestedAt).ThenByDescending(g => g.Id).Take(take + 1).ToListAsync(ct);
                var actions = await ActionsAsync(db, [.. grants.Take(take).Select(g => g.Id)], ct);
                return TypedResults.Ok(Paging.Of(grants, take, g => KeysetCursor.Encode(g.RequestedAt, g.Id),
                    g => BreakGlassResponse.From(g, actions.TryGetValue(g.Id, out var a) ? a : [])));
            })
            .RequireAuthorization(Policies.BreakGlassReviewer)
            .WithName("ListBreakGlass")
            .WithSummary("The review list: who, why, scope, start and end, and the actions taken under each grant.")
            .WithDescription("For auditors, supervisors and admins: the grants, newest first (optionally of one `status`), each with the audit entries written under it (`actionsTaken`). Keyset pages: pass `nextCursor` as `cursor`.")
            .QueryEnum<BreakGlassStatus>("status")
            .Produces<Page<BreakGlassResponse>>();

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
            .WithSummary("One break-glass grant with the actions taken under it.")
            .WithDescription("Its holder, auditors, supervisors and admins read it; anyone else gets 404, as if absent.")
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
