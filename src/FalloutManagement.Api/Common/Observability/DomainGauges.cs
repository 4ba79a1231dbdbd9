using System.Diagnostics.Metrics;
using FalloutManagement.Api.Common.Persistence;
using Npgsql;

namespace FalloutManagement.Api.Common.Observability;

/// <summary>
/// Gauges of the work in the database: open cases per queue and state, SLA clocks at risk per clock, corrections
/// waiting for approval, hub deliveries pending and dead-lettered, the age of the oldest pending delivery (the
/// outbox lag), and the cases bulk recovery still has to do. One statement of cheap aggregates (each served by an
/// index on the open rows), run at most once per <c>Metrics:GaugeCacheSeconds</c> (default 15) however often
/// Prometheus scrapes and however many instances run; a failed read keeps the previous values.
/// </summary>
public sealed class DomainGauges
{
    /// <summary>The SLA clock kinds, by name (Common uses no module; a unit test keeps the list equal to the enum's).</summary>
    public static readonly IReadOnlyList<string> ClockKinds = ["TIME_TO_CLASSIFY", "TIME_TO_ASSIGN", "TIME_TO_FIRST_ACTION", "TIME_TO_RESOLVE", "CUSTOMER_PROMISE"];

    private const string Query = """
        SELECT 'open' AS kind, queue AS a, status AS b, count(*)::float8 AS v FROM fallout_cases
         WHERE status NOT IN ('CLOSED', 'CANCELLED') GROUP BY queue, status
        UNION ALL
        SELECT 'at_risk', kind, '', count(*) FROM sla_clocks
         WHERE met_at IS NULL AND breach_notified_at IS NULL AND at_risk_notified_at IS NOT NULL GROUP BY kind
        UNION ALL
        SELECT 'approvals', '', '', count(*) FROM correction_actions WHERE status = 'PENDING_APPROVAL'
        UNION ALL
        SELECT 'hub', status, '', count(*) FROM hub_deliveries WHERE status IN ('PENDING', 'DEAD_LETTERED') GROUP BY status
        UNION ALL
        SELECT 'lag', '', '', coalesce(extract(epoch FROM @now - least(
                   (SELECT min(o.occurred_at) FROM hub_deliveries d JOIN outbox_events o ON o.id = d.event_id WHERE d.status = 'PENDING'),
                   -- Events no delivery row exists for yet: past a subscription's cursor (the relay stopped, or a long
                   -- transaction holds the feed). The feed's index gives each subscription's first one.
                   (SELECT min(next.occurred_at) FROM hub_subscriptions s CROSS JOIN LATERAL (
                        SELECT o.occurred_at FROM outbox_events o
                         WHERE (o.transaction_id, o.position) > (s.cursor_transaction_id::text::xid8, s.cursor_position)
                         ORDER BY o.transaction_id, o.position LIMIT 1) next))), 0)::float8
        UNION ALL
        SELECT 'recovery', '', '', coalesce(sum(total - done - skipped - failed), 0)::float8 FROM recovery_jobs WHERE status = 'RUNNING'
        """;

    private readonly IConfiguration _configuration;
    private readonly TimeProvider _clock;
    private readonly ILogger<DomainGauges> _logger;
    private readonly TimeSpan _cacheFor;
    private readonly Lock _gate = new();
    private Snapshot _snapshot = Snapshot.Empty;
    private DateTimeOffset _readAt = DateTimeOffset.MinValue;

    public DomainGauges(FalloutMetrics metrics, IConfiguration configuration, TimeProvider clock, ILogger<DomainGauges> logger)
    {
        _configuration = configuration;
        _clock = clock;
        _logger = logger;
        _cacheFor = TimeSpan.FromSeconds(configuration.GetValue("Metrics:GaugeCacheSeconds", 15));
        var meter = metrics.Meter;
        meter.CreateObservableGauge("fallout.cases.open", () => Read().Open, "{case}", "Open cases per queue and state.");
        meter.CreateObservableGauge("fallout.sla.clocks_at_risk", () => Read().AtRisk, "{clock}", "Running SLA clocks past their at-risk mark, per clock.");
        meter.CreateObservableGauge("fallout.approvals.pending", () => Read().Approvals, "{correction}", "Corrections waiting for an approver.");
        meter.CreateObservableGauge("fallout.hub.pending", () => Read().HubPending, "{delivery}", "Hub deliveries not yet delivered (first attempt or retry).");
        meter.CreateObservableGauge("fallout.hub.dead_letters", () => Read().DeadLetters, "{delivery}", "Hub deliveries dead-lettered and not redelivered.");
        meter.CreateObservableGauge("fallout.outbox.lag", () => Read().LagSeconds, "s", "Age of the oldest event a hub subscriber has not received yet.");
        meter.CreateObservableGauge("fallout.recovery.remaining", () => Read().RecoveryRemaining, "{case}", "Cases running bulk recovery jobs have still to handle.");
    }

    /// <summary>The cached values, read again when they are older than the cache time.</summary>
    public Snapshot Read()
    {
        lock (_gate)
        {
            var now = _clock.GetUtcNow();
            if (now - _readAt < _cacheFor && now >= _readAt)
            {
                return _snapshot;
            }
            try
            {
                _snapshot = LoadAsync(now).GetAwaiter().GetResult();
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException or InvalidOperationException)
            {
                _logger.LogWarning("Metrics: the domain gauges could not be read ({Reason}); the previous values stand", ex.Message);
            }
            _readAt = now;
            return _snapshot;
        }
    }

    private async Task<Snapshot> LoadAsync(DateTimeOffset now)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        var builder = new NpgsqlConnectionStringBuilder(PersistenceSetup.ConnectionString(_configuration)) { Timeout = 3 };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync(timeout.Token);
        await using var command = new NpgsqlCommand(Query, connection) { CommandTimeout = 5 };
        command.Parameters.AddWithValue("now", now);
        await using var reader = await command.ExecuteReaderAsync(timeout.Token);
        var open = new List<Measurement<long>>();
        var atRisk = new List<Measurement<long>>();
        long approvals = 0, pending = 0, dead = 0, recovery = 0;
        double lag = 0;
        while (await reader.ReadAsync(timeout.Token))
        {
            var (kind, a, b, value) = (reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetDouble(3));
            switch (kind)
            {
                case "open":
                    open.Add(new((long)value, new("queue", a), new("state", b)));
                    break;
                case "at_risk":
                    atRisk.Add(new((long)value, new KeyValuePair<string, object?>("clock", a)));
                    break;
                case "approvals":
                    approvals = (long)value;
                    break;
                case "hub" when a == "PENDING":
                    pending = (long)value;
                    break;
                case "hub":
                    dead = (long)value;
                    break;
                case "lag":
                    lag = value;
                    break;
                case "recovery":
                    recovery = (long)value;
                    break;
            }
        }
        // Every clock kind has its series, 0 when none is at risk: an absent series reads as "no data", not "none".
        foreach (var kind in ClockKinds)
        {
            if (!atRisk.Any(m => m.Tags[0].Value as string == kind))
            {
                atRisk.Add(new(0, new KeyValuePair<string, object?>("clock", kind)));
            }
        }
        return new Snapshot(open, atRisk, approvals, pending, dead, lag, recovery);
    }

    public sealed record Snapshot(IReadOnlyList<Measurement<long>> Open, IReadOnlyList<Measurement<long>> AtRisk, long Approvals,
        long HubPending, long DeadLetters, double LagSeconds, long RecoveryRemaining)
    {
        public static readonly Snapshot Empty = new([], [], 0, 0, 0, 0, 0);
    }
}
