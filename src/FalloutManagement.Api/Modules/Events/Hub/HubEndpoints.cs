using FalloutManagement.Api.Common.Auth;
using FalloutManagement.Api.Common.Http;
using FalloutManagement.Api.Common.Persistence;
using FalloutManagement.Api.Common.Problems;
using FalloutManagement.Api.Modules.Events.Feed;
using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace FalloutManagement.Api.Modules.Events.Hub;

internal sealed record RegisterHubRequest(string? Callback, string? Query, string? Secret);

internal sealed class RegisterHubRequestValidator : AbstractValidator<RegisterHubRequest>
{
    public const int MinSecretLength = 16;

    public RegisterHubRequestValidator()
    {
        RuleFor(r => r.Callback).NotEmpty().MaximumLength(2000)
            .Must(IsCallback)
            .WithMessage("callback must be an absolute http or https URL without credentials.");
        RuleFor(r => r.Secret).NotEmpty().Length(MinSecretLength, 200);
        RuleFor(r => r.Query).MaximumLength(2000);
    }

    private static bool IsCallback(string? callback)
    {
        if (!Uri.TryCreate(callback, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || !string.IsNullOrEmpty(uri.UserInfo))
        {
            return false;
        }
        try
        {
            // A host that parses but has no IDN form (or no absolute form) would fail later, when it is stored or called.
            return uri.IdnHost.Length > 0 && uri.AbsoluteUri.Length > 0;
        }
        catch (UriFormatException)
        {
            return false;
        }
    }
}

/// <summary>A hub registration as the API shows it: never the secret.</summary>
internal sealed record HubSubscriptionResponse(Guid Id, string Callback, string? Query, string CreatedBy, DateTimeOffset CreatedAt)
{
    public static HubSubscriptionResponse From(HubSubscription s) => new(s.Id, s.Callback, s.Query, s.CreatedBy, s.CreatedAt);
}


internal sealed record DeadLetterResponse(Guid EventId, string? EventType, Guid CaseId, int Attempts, int? LastStatusCode, string? LastError,
    DateTimeOffset? DeadLetteredAt);


internal sealed record DeliveryResponse(Guid SubscriptionId, Guid EventId, string Status, int Attempts, DateTimeOffset NextAttemptAt);

/// <summary>
/// TM Forum style hub: <c>POST /hub</c>, <c>GET /hub</c>, <c>GET /hub/{id}</c>, <c>DELETE /hub/{id}</c>, dead letters
/// and their redelivery. Admins manage every registration; a source system sees and manages only its own.
/// </summary>
internal static class HubEndpoints
{
    public static void MapHub(this IEndpointRouteBuilder app)
    {
        var hub = app.MapGroup("/hub").WithTag("Events", "The ordered event feed and TM Forum style hub subscriptions with signed callbacks.").RequireAuthorization(Policies.HubManager);
        hub.MapPost("/", RegisterAsync).Validate<RegisterHubRequest>().WithName("RegisterHub")
            .WithSummary("Subscribe a callback")
            .WithDescription("Registers a callback (TM Forum hub style) for the events matching `query` (eventType=A,B, caseId=... and/or executor=<code>). Each event is POSTed at least once, in order per case, signed with X-Fallout-Signature (HMAC-SHA256 of the body with `secret`), masked for the registering caller's roles. `executor=<code>` makes it that executor's command channel: only the events addressed to that executor (its commands and their outcomes), delivered whole with the executable payload, which every other reader gets masked. An admin registers it for any executor; a fallout.executor registers only its own (the filter is added when its query names none; another code is 403); anyone else naming an executor is 403.")
            .Refuses(StatusCodes.Status403Forbidden, ProblemCodes.Forbidden)
            .Produces<HubSubscriptionResponse>(StatusCodes.Status201Created);
        hub.MapGet("/", ListAsync).WithName("ListHubs")
            .WithSummary("List hub subscriptions")
            .WithDescription("The callback subscriptions the caller may manage.").Produces<Page<HubSubscriptionResponse>>();
        hub.MapGet("/{id:guid}", async (Guid id, HttpContext http, FalloutDbContext db) =>
                TypedResults.Ok(HubSubscriptionResponse.From(await FindAsync(db, http.Caller(), id, http.RequestAborted))))
            .WithName("GetHub")
            .WithSummary("Get a hub subscription")
            .WithDescription("One callback subscription with its delivery state.").Produces<HubSubscriptionResponse>();
        hub.MapDelete("/{id:guid}", DeleteAsync).WithName("DeleteHub")
            .WithSummary("Unsubscribe a callback")
            .WithDescription("Deletes the subscription; no further deliveries.").Produces(StatusCodes.Status204NoContent);
        hub.MapGet("/{id:guid}/dead-letters", DeadLettersAsync).WithName("ListHubDeadLetters")
            .WithSummary("List dead-lettered deliveries")
            .WithDescription("Events that failed delivery to this callback after every retry.").Produces<Page<DeadLetterResponse>>();
        hub.MapPost("/{id:guid}/dead-letters/{eventId:guid}/redeliver", RedeliverAsync).WithName("RedeliverHubDeadLetter")
            .WithSummary("Redeliver a dead-lettered event")
            .WithDescription("Puts a dead-lettered event back in line for delivery, its attempts reset. 409 INVALID_TRANSITION when the event is not dead-lettered.")
            .Refuses(StatusCodes.Status409Conflict)
            .Produces<DeliveryResponse>(StatusCodes.Status202Accepted);
    }

    private static async Task<IResult> RegisterAsync(RegisterHubRequest request, HttpContext http, FalloutDbContext db, TimeProvider clock,
        CallbackAddressGuard guard)
    {
        var ct = http.RequestAborted;
        await guard.EnsureAllowedAsync(new Uri(request.Callback!), ct);
        var caller = http.Caller();
        var query = ForCaller(HubQuery.Parse(request.Query), caller);
        var now = clock.GetUtcNow();
        // A registration receives what is written from now on; the feed (GET /events) serves the history.
        var start = await EventFeed.HeadAsync(db, ct);
        var subscription = new HubSubscription(Guid.CreateVersion7(now), new Uri(request.Callback!), query, request.Secret!,
            caller.Id, now, start, caller.Roles, caller.Orchestrates);
        db.Set<HubSubscription>().Add(subscription);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/hub/{subscription.Id}", HubSubscriptionResponse.From(subscription));
    }

    private static async Task<IResult> ListAsync(HttpContext http, FalloutDbContext db, int? limit, string? cursor)
    {
        var take = Paging.Take(limit);
        var caller = http.Caller();
        var query = db.Set<HubSubscription>().AsNoTracking();
        if (!caller.IsInRole(Roles.Admin))
        {
            query = query.Where(s => s.CreatedBy == caller.Id);
        }
        if (cursor is not null)
        {
            var (at, id) = KeysetCursor.Decode(cursor);
            query = query.Where(s => s.CreatedAt > at || (s.CreatedAt == at && s.Id.CompareTo(id) > 0));
        }
        var rows = await query.OrderBy(s => s.CreatedAt).ThenBy(s => s.Id).Take(take + 1).ToListAsync(http.RequestAborted);
        return TypedResults.Ok(Paging.Of(rows, take, s => KeysetCursor.Encode(s.CreatedAt, s.Id), HubSubscriptionResponse.From));
    }

    private static async Task<IResult> DeleteAsync(Guid id, HttpContext http, FalloutDbContext db)
    {
        var subscription = await FindAsync(db, http.Caller(), id, http.RequestAborted);
        await db.Set<HubSubscription>().Where(s => s.Id == subscription.Id).ExecuteDeleteAsync(http.RequestAborted);
        return TypedResults.NoContent();
    }

    private static async Task<IResult> DeadLettersAsync(Guid id, HttpContext http, FalloutDbContext db, int? limit, string? cursor)
    {
        var take = Paging.Take(limit);
        var subscription = await FindAsync(db, http.Caller(), id, http.RequestAborted);
        var after = cursor is null ? long.MinValue : KeysetCursor.DecodeNumber(KeysetCursor.DecodeKey(cursor, 1)[0]);
        var rows = await (from d in db.Set<HubDelivery>().AsNoTracking()
                          where d.SubscriptionId == subscription.Id && d.Status == HubDeliveryStatus.DEAD_LETTERED && d.EventPosition > after
                          join e in db.Set<OutboxEvent>().AsNoTracking() on d.EventId equals e.Id into events
                          from e in events.DefaultIfEmpty()
                          orderby d.EventPosition
                          select new
                          {
                              d.EventPosition,
                              Letter = new DeadLetterResponse(d.EventId, e.EventType, d.CaseId, d.Attempts, d.LastStatusCode, d.LastError, d.DeadLetteredAt),
                          })
            .Take(take + 1).ToListAsync(http.RequestAborted);
        return TypedResults.Ok(Paging.Of(rows, take, r => KeysetCursor.EncodeKey(KeysetCursor.Text(r.EventPosition)), r => r.Letter));
    }

    private static async Task<IResult> RedeliverAsync(Guid id, Guid eventId, HttpContext http, FalloutDbContext db, TimeProvider clock)
    {
        var ct = http.RequestAborted;
        var subscription = await FindAsync(db, http.Caller(), id, ct);
        var now = clock.GetUtcNow();
        var delivery = await db.Set<HubDelivery>().AsNoTracking().FirstOrDefaultAsync(d => d.SubscriptionId == subscription.Id && d.EventId == eventId, ct)
            ?? throw DomainException.NotFound($"Event {eventId} has no delivery for hub registration {id}.");
        var moved = await db.Set<HubDelivery>()
            .Where(d => d.SubscriptionId == subscription.Id && d.EventId == eventId && d.Status == HubDeliveryStatus.DEAD_LETTERED)
            .ExecuteUpdateAsync(u => u
                .SetProperty(d => d.Status, HubDeliveryStatus.PENDING)
                .SetProperty(d => d.Attempts, 0)
                .SetProperty(d => d.NextAttemptAt, now)
                .SetProperty(d => d.DeadLetteredAt, (DateTimeOffset?)null)
                .SetProperty(d => d.ClaimId, (Guid?)null), ct);
        if (moved == 0)
        {
            throw DomainException.InvalidTransition($"Event {eventId} is {delivery.Status} for this registration, not dead-lettered.");
        }
        return TypedResults.Accepted($"/hub/{id}/dead-letters",
            new DeliveryResponse(subscription.Id, eventId, nameof(HubDeliveryStatus.PENDING), 0, now));
    }

    /// <summary>
    /// A <c>fallout.executor</c> (neither admin nor source) receives only the events of corrections dispatched to it: its
    /// registration filters by its own executor code, and naming another executor is forbidden.
    /// </summary>
    /// <summary>
    /// Who may name an executor: an admin (any executor: it sets up an executor's command channel); a fallout.executor only
    /// itself, and its registration is always narrowed to its own code; nobody else (the channel carries executable payloads).
    /// </summary>
    private static HubQuery ForCaller(HubQuery query, Caller caller)
    {
        if (caller.IsInRole(Roles.Admin))
        {
            return query;
        }
        if (!caller.IsInRole(Roles.Executor))
        {
            return query.Executor is null
                ? query
                : throw DomainException.Forbidden("Only an admin, or the executor itself, registers a subscription for an executor (query executor=...).");
        }
        if (caller.Executor is not { } own || (query.Executor is { } named && named != own))
        {
            throw DomainException.Forbidden(caller.Executor is null
                ? "A fallout.executor token must name its executor code (claim executor)."
                : $"Executor {caller.Executor} may subscribe only to the events of its own corrections (executor={caller.Executor}).");
        }
        return query.WithExecutor(own);
    }

    private static async Task<HubSubscription> FindAsync(FalloutDbContext db, Caller caller, Guid id, CancellationToken ct)
    {
        var subscription = await db.Set<HubSubscription>().AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, ct);
        // Another source system's registration is absent to this one.
        if (subscription is null || (!caller.IsInRole(Roles.Admin) && subscription.CreatedBy != caller.Id))
        {
            throw DomainException.NotFound($"Hub registration {id} was not found.");
        }
        return subscription;
    }
}
