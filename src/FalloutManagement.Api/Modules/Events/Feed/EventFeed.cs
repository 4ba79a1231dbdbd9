using System.Data.Common;
using System.Text.Json;
using FalloutManagement.Api.Common.Persistence;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace FalloutManagement.Api.Modules.Events.Feed;

internal sealed record FeedEvent(FeedCursor Cursor, Guid EventId, string EventType, Guid? CaseId, string PayloadJson);

/// <summary>
/// Reads the outbox as an ordered, gap-free feed. Rows are ordered by (writing transaction id, position) and only
/// rows of transactions older than every transaction still running are returned, so no transaction can commit
/// a row behind a cursor already handed out (docs/events.md, "Why the feed is gap-free").
/// </summary>
internal static class EventFeed
{
    /// <summary>The SQL condition that holds a row back while an older transaction might still commit.</summary>
    public const string SettledCondition = "o.transaction_id < pg_snapshot_xmin(pg_current_snapshot())";

    public static async Task<IReadOnlyList<FeedEvent>> ReadAsync(FalloutDbContext db, FeedCursor after, int limit, Guid? caseId,
        IReadOnlyList<string>? eventTypes, CancellationToken ct)
    {
        return await db.RunOnConnectionAsync(async connection =>
        {
            await using var command = new NpgsqlCommand($"""
                SELECT o.transaction_id::text::bigint, o.position, o.id, o.event_type, o.case_id, o.payload_json::text
                  FROM outbox_events o
                 WHERE {SettledCondition}
                   AND (o.transaction_id, o.position) > (@tx::text::xid8, @position)
                   AND (@case_id::uuid IS NULL OR o.case_id = @case_id)
                   AND (@types::text[] IS NULL OR o.event_type = ANY(@types))
                 ORDER BY o.transaction_id, o.position
                 LIMIT @limit
                """, connection);
            command.Parameters.AddWithValue("tx", (long)after.TransactionId);
            command.Parameters.AddWithValue("position", after.Position);
            command.Parameters.Add(new NpgsqlParameter("case_id", NpgsqlDbType.Uuid) { Value = (object?)caseId ?? DBNull.Value });
            command.Parameters.Add(new NpgsqlParameter("types", NpgsqlDbType.Array | NpgsqlDbType.Text)
            {
                Value = eventTypes is { Count: > 0 } ? eventTypes.ToArray() : DBNull.Value,
            });
            command.Parameters.AddWithValue("limit", limit);
            var events = new List<FeedEvent>();
            await using DbDataReader reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                events.Add(new FeedEvent(new FeedCursor((ulong)reader.GetInt64(0), reader.GetInt64(1)), reader.GetGuid(2), reader.GetString(3),
                    reader.IsDBNull(4) ? null : reader.GetGuid(4), reader.GetString(5)));
            }
            return events;
        }, ct);
    }

    /// <summary>The cursor of the newest settled event: a new hub subscription starts after it.</summary>
    public static async Task<FeedCursor> HeadAsync(FalloutDbContext db, CancellationToken ct)
    {
        return await db.RunOnConnectionAsync(async connection =>
        {
            await using var command = new NpgsqlCommand($"""
                SELECT o.transaction_id::text::bigint, o.position
                  FROM outbox_events o
                 WHERE {SettledCondition}
                 ORDER BY o.transaction_id DESC, o.position DESC
                 LIMIT 1
                """, connection);
            await using var reader = await command.ExecuteReaderAsync(ct);
            return await reader.ReadAsync(ct) ? new FeedCursor((ulong)reader.GetInt64(0), reader.GetInt64(1)) : FeedCursor.Start;
        }, ct);
    }

    public static JsonElement Parse(string payloadJson)
    {
        using var document = JsonDocument.Parse(payloadJson);
        return document.RootElement.Clone();
    }
}
