using System.Text.Json;
using FalloutManagement.Api.Common.Auth;
using FalloutManagement.Api.Common.Persistence;
using FalloutManagement.Api.Common.Problems;

namespace FalloutManagement.Api.Modules.Events.Feed;

/// <summary>A page of the feed; <c>nextCursor</c> is where to continue (the same cursor again when nothing new settled).</summary>
internal sealed record EventPage(IReadOnlyList<JsonElement> Items, string NextCursor);

/// <summary><c>GET /events?after=&amp;limit=&amp;caseId=&amp;type=</c>: the ordered, gap-free event feed.</summary>
internal static class GetEventsEndpoint
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    public static void MapGetEvents(this IEndpointRouteBuilder app) =>
        app.MapGet("/events", HandleAsync)
            .RequireAuthorization(Policies.EventReader)
            .WithTags("Events")
            .WithName("GetEvents")
            .WithSummary("Read the event feed")
            .WithDescription("The ordered, gap-free outbox feed of domain events; follow `nextCursor` (pass it as `after`).")
            .Produces<EventPage>();

    private static async Task<IResult> HandleAsync(HttpContext http, FalloutDbContext db, string? after, int? limit, Guid? caseId, string? type)
    {
        var take = limit ?? DefaultLimit;
        if (take is < 1 or > MaxLimit)
        {
            throw DomainException.Validation("limit", $"limit must be between 1 and {MaxLimit}.");
        }
        var types = type?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (types is not null && (types.Length == 0 || types.Any(t => !EventCatalog.EventTypes.Contains(t))))
        {
            throw DomainException.Validation("type", $"type must be a comma-separated list of {string.Join(", ", EventCatalog.EventTypes)}.");
        }
        var cursor = FeedCursor.Parse(after);
        var events = await EventFeed.ReadAsync(db, cursor, take, caseId, types, http.RequestAborted);
        var next = events.Count > 0 ? events[^1].Cursor : cursor;
        return TypedResults.Ok(new EventPage([.. events.Select(e => EventFeed.Parse(e.PayloadJson))], next.ToString()));
    }
}
