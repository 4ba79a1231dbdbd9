using System.Net.Http.Headers;
using FalloutManagement.Api.Common.Observability;
using FalloutManagement.Api.Common.Persistence;
using FalloutManagement.Api.Modules.Events.Feed;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using Polly.Timeout;

namespace FalloutManagement.Api.Modules.Events.Hub;

/// <summary>What one relay round did.</summary>
internal sealed record RelayRound(int FannedOut, int Attempted, int Delivered, int Failed, int DeadLettered);

/// <summary>
/// Delivers the feed to hub subscribers, safely with several instances on one database:
/// <list type="number">
/// <item>fan-out: each subscription row is locked (<c>FOR UPDATE SKIP LOCKED</c>) while the settled part of the
/// feed after its cursor becomes delivery rows, so only one instance advances a cursor at a time;</item>
/// <item>dispatch: one statement claims, with <c>FOR UPDATE SKIP LOCKED</c> and a lease, the oldest pending
/// delivery of each (subscription, case) whose attempt is due; the callbacks are then called outside any
/// transaction, with bounded concurrency and a per-request timeout, and the outcome is recorded against the claim.</item>
/// </list>
/// A failed attempt is retried with exponential back-off and jitter and dead-lettered after
/// <see cref="HubOptions.MaxAttempts"/>; until then it holds back the later events of its case for that subscriber.
/// </summary>
internal sealed class HubRelay(IConfiguration configuration, IOptions<HubOptions> options, IHttpClientFactory httpClients,
    TimeProvider clock, IEventRedaction redaction, FalloutMetrics metrics, ILogger<HubRelay> logger)
{
    public const string HttpClientName = "fallout-hub";
    private const int MaxRoundsPerCall = 1000;

    private HubOptions Options => options.Value;

    /// <summary>Fans the feed out and delivers everything due now, until nothing due is left.</summary>
    public async Task<RelayRound> RelayOnceAsync(CancellationToken ct = default)
    {
        var fannedOut = await FanOutAsync(ct);
        int attempted = 0, delivered = 0, failed = 0, dead = 0;
        for (var round = 0; round < MaxRoundsPerCall; round++)
        {
            var claimed = await ClaimAsync(ct);
            if (claimed.Count == 0)
            {
                break;
            }
            var outcomes = new List<Outcome>();
            await Parallel.ForEachAsync(claimed, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, Options.MaxConcurrency), CancellationToken = ct },
                async (delivery, token) =>
                {
                    var outcome = await SendAsync(delivery, token);
                    lock (outcomes)
                    {
                        outcomes.Add(outcome);
                    }
                });
            foreach (var outcome in outcomes)
            {
                attempted++;
                var status = await RecordAsync(outcome, ct);
                delivered += status == HubDeliveryStatus.DELIVERED ? 1 : 0;
                failed += status == HubDeliveryStatus.PENDING ? 1 : 0;
                if (status == HubDeliveryStatus.DEAD_LETTERED)
                {
                    dead++;
                    // An operator acts on a dead letter (GET /hub/{id}/dead-letters, redeliver): the log says which one.
                    logger.LogWarning("Hub delivery of {EventId} to subscription {SubscriptionId} dead-lettered after {Attempts} attempts (last {StatusCode} {Error})",
                        outcome.Delivery.EventId, outcome.Delivery.SubscriptionId, outcome.Delivery.Attempt, outcome.StatusCode, outcome.Error);
                }
            }
        }
        metrics.HubDeliveries(delivered, failed, dead);
        return new RelayRound(fannedOut, attempted, delivered, failed, dead);
    }

    private NpgsqlConnection Connection() => new(PersistenceSetup.ConnectionString(configuration));

    private async Task<int> FanOutAsync(CancellationToken ct)
    {
        var ids = new List<Guid>();
        await using (var connection = Connection())
        {
            await connection.OpenAsync(ct);
            await using var list = new NpgsqlCommand("SELECT id FROM hub_subscriptions ORDER BY created_at, id", connection);
            await using var reader = await list.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                ids.Add(reader.GetGuid(0));
            }
        }
        var total = 0;
        foreach (var id in ids)
        {
            total += await FanOutAsync(id, ct);
        }
        return total;
    }

    private async Task<int> FanOutAsync(Guid subscriptionId, CancellationToken ct)
    {
        await using var connection = Connection();
        await connection.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using var lockRow = new NpgsqlCommand(
            "SELECT 1 FROM hub_subscriptions WHERE id = @id FOR UPDATE SKIP LOCKED", connection, transaction);
        lockRow.Parameters.AddWithValue("id", subscriptionId);
        if (await lockRow.ExecuteScalarAsync(ct) is null)
        {
            return 0; // Deleted, or another instance is fanning it out right now.
        }
        var inserted = 0;
        while (true)
        {
            await using var step = new NpgsqlCommand($"""
                WITH s AS (
                    SELECT cursor_transaction_id, cursor_position, event_types, case_id, executor FROM hub_subscriptions WHERE id = @id
                ), batch AS (
                    SELECT o.id, o.case_id, o.position, o.transaction_id, o.event_type, o.payload_json ->> 'executor' AS executor
                      FROM outbox_events o, s
                     WHERE {EventFeed.SettledCondition}
                       AND (o.transaction_id, o.position) > (s.cursor_transaction_id::text::xid8, s.cursor_position)
                     ORDER BY o.transaction_id, o.position
                     LIMIT @batch
                ), inserted AS (
                    INSERT INTO hub_deliveries (subscription_id, event_id, case_id, event_position, status, attempts, next_attempt_at, created_at)
                    SELECT @id, b.id, coalesce(b.case_id, '00000000-0000-0000-0000-000000000000'), b.position, 'PENDING', 0, @now, @now
                      FROM batch b, s
                     WHERE (s.event_types IS NULL OR b.event_type = ANY(s.event_types))
                       AND (s.case_id IS NULL OR b.case_id = s.case_id)
                       AND (s.executor IS NULL OR b.executor = s.executor)
                    ON CONFLICT DO NOTHING
                    RETURNING 1
                ), last AS (
                    SELECT transaction_id, position FROM batch ORDER BY transaction_id DESC, position DESC LIMIT 1
                ), moved AS (
                    UPDATE hub_subscriptions h SET cursor_transaction_id = last.transaction_id::text::bigint, cursor_position = last.position
                      FROM last WHERE h.id = @id
                    RETURNING 1
                )
                SELECT (SELECT count(*) FROM batch), (SELECT count(*) FROM inserted), (SELECT count(*) FROM moved)
                """, connection, transaction);
            step.Parameters.AddWithValue("id", subscriptionId);
            step.Parameters.AddWithValue("batch", Math.Max(1, Options.BatchSize) * 10);
            step.Parameters.AddWithValue("now", clock.GetUtcNow());
            await using var reader = await step.ExecuteReaderAsync(ct);
            await reader.ReadAsync(ct);
            var read = reader.GetInt64(0);
            inserted += (int)reader.GetInt64(1);
            await reader.CloseAsync();
            if (read == 0)
            {
                break;
            }
        }
        await transaction.CommitAsync(ct);
        return inserted;
    }

    private sealed record ClaimedDelivery(Guid SubscriptionId, Guid EventId, int Attempt, Guid ClaimId, string Callback, string Secret,
        string EventType, string Body, EventSubscriber Subscriber);

    private sealed record Outcome(ClaimedDelivery Delivery, bool Success, int? StatusCode, string? Error);

    private async Task<IReadOnlyList<ClaimedDelivery>> ClaimAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var claimId = Guid.CreateVersion7(now);
        await using var connection = Connection();
        await connection.OpenAsync(ct);
        // The head of each (subscription, case): no older delivery of that case is still pending for that subscriber.
        await using var command = new NpgsqlCommand("""
            WITH heads AS (
                SELECT d.subscription_id, d.event_id
                  FROM hub_deliveries d
                 WHERE d.status = 'PENDING' AND d.next_attempt_at <= @now
                   AND NOT EXISTS (SELECT 1 FROM hub_deliveries e
                                    WHERE e.subscription_id = d.subscription_id AND e.case_id = d.case_id
                                      AND e.status = 'PENDING' AND e.event_position < d.event_position)
                 ORDER BY d.next_attempt_at, d.event_position
                 LIMIT @batch
                 FOR UPDATE OF d SKIP LOCKED
            ), claimed AS (
                UPDATE hub_deliveries d SET claim_id = @claim, attempts = d.attempts + 1, next_attempt_at = @lease_until
                  FROM heads WHERE d.subscription_id = heads.subscription_id AND d.event_id = heads.event_id
                RETURNING d.subscription_id, d.event_id, d.attempts
            )
            SELECT c.subscription_id, c.event_id, c.attempts, s.callback, s.secret, o.event_type, o.payload_json::text,
                   s.created_by, coalesce(s.owner_roles, '{}'), s.orchestrates, s.executor
              FROM claimed c
              JOIN hub_subscriptions s ON s.id = c.subscription_id
              JOIN outbox_events o ON o.id = c.event_id
            """, connection);
        command.Parameters.AddWithValue("now", now);
        command.Parameters.AddWithValue("batch", Math.Max(1, Options.BatchSize));
        command.Parameters.AddWithValue("claim", claimId);
        command.Parameters.AddWithValue("lease_until", now.AddSeconds(Options.ClaimLeaseSeconds));
        var claimed = new List<ClaimedDelivery>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            claimed.Add(new ClaimedDelivery(reader.GetGuid(0), reader.GetGuid(1), reader.GetInt32(2), claimId, reader.GetString(3),
                reader.GetString(4), reader.GetString(5), reader.GetString(6),
                new EventSubscriber(reader.GetString(7), reader.GetFieldValue<string[]>(8), reader.GetBoolean(9),
                    reader.IsDBNull(10) ? null : reader.GetString(10))));
        }
        return claimed;
    }

    private async Task<Outcome> SendAsync(ClaimedDelivery delivery, CancellationToken ct)
    {
        // The subscriber gets what its owner may read: masked values, and token ids only where it may see them.
        var body = System.Text.Encoding.UTF8.GetBytes(await redaction.ForSubscriberAsync(delivery.Body, delivery.Subscriber, ct));
        using var request = new HttpRequestMessage(HttpMethod.Post, delivery.Callback) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.TryAddWithoutValidation(HubSignature.Header, HubSignature.Sign(delivery.Secret, body));
        request.Headers.TryAddWithoutValidation("X-Fallout-Event-Id", delivery.EventId.ToString());
        request.Headers.TryAddWithoutValidation("X-Fallout-Event-Type", delivery.EventType);
        request.Headers.TryAddWithoutValidation("X-Fallout-Delivery-Attempt", delivery.Attempt.ToString(System.Globalization.CultureInfo.InvariantCulture));
        try
        {
            using var response = await httpClients.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            return response.IsSuccessStatusCode
                ? new Outcome(delivery, true, (int)response.StatusCode, null)
                : new Outcome(delivery, false, (int)response.StatusCode, $"callback answered {(int)response.StatusCode}");
        }
        catch (Exception ex) when (!ct.IsCancellationRequested
            && ex is HttpRequestException or TimeoutRejectedException or OperationCanceledException)
        {
            logger.LogInformation("Hub delivery of {EventId} to {Callback} failed: {Error}", delivery.EventId, delivery.Callback, ex.Message);
            return new Outcome(delivery, false, null, ex.GetType().Name + ": " + ex.Message);
        }
    }

    private async Task<HubDeliveryStatus?> RecordAsync(Outcome outcome, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var delivery = outcome.Delivery;
        await using var connection = Connection();
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(outcome.Success
            ? """
              UPDATE hub_deliveries SET status = 'DELIVERED', delivered_at = @now, last_status_code = @code, last_error = NULL, claim_id = NULL
               WHERE subscription_id = @subscription AND event_id = @event AND claim_id = @claim
              RETURNING status
              """
            : """
              UPDATE hub_deliveries
                 SET status = CASE WHEN attempts >= @max_attempts THEN 'DEAD_LETTERED' ELSE 'PENDING' END,
                     dead_lettered_at = CASE WHEN attempts >= @max_attempts THEN @now END,
                     next_attempt_at = @next, last_status_code = @code, last_error = @error, claim_id = NULL
               WHERE subscription_id = @subscription AND event_id = @event AND claim_id = @claim
              RETURNING status
              """, connection);
        command.Parameters.AddWithValue("now", now);
        command.Parameters.Add(new NpgsqlParameter("code", NpgsqlDbType.Integer) { Value = (object?)outcome.StatusCode ?? DBNull.Value });
        command.Parameters.AddWithValue("subscription", delivery.SubscriptionId);
        command.Parameters.AddWithValue("event", delivery.EventId);
        command.Parameters.AddWithValue("claim", delivery.ClaimId);
        command.Parameters.AddWithValue("max_attempts", Options.MaxAttempts);
        command.Parameters.AddWithValue("next", now + Options.BackOff(delivery.Attempt, Random.Shared.NextDouble()));
        command.Parameters.Add(new NpgsqlParameter("error", NpgsqlDbType.Varchar)
        {
            Value = (object?)outcome.Error?[..Math.Min(outcome.Error.Length, 1000)] ?? DBNull.Value,
        });
        var status = await command.ExecuteScalarAsync(ct) as string;
        return status is null ? null : Enum.Parse<HubDeliveryStatus>(status);
    }
}

/// <summary>Runs <see cref="HubRelay.RelayOnceAsync"/> every <see cref="HubOptions.PollIntervalSeconds"/> when enabled.</summary>
internal sealed class HubRelayService(HubRelay relay, IOptions<HubOptions> options, TimeProvider clock, ILogger<HubRelayService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.RelayEnabled)
        {
            return;
        }
        var interval = TimeSpan.FromSeconds(Math.Max(0.1, options.Value.PollIntervalSeconds));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await relay.RelayOnceAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Hub relay round failed; retrying after {Interval}", interval);
            }
            try
            {
                await Task.Delay(interval, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
