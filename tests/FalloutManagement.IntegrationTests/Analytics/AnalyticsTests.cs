using System.Net;
using System.Text.Json.Nodes;
using FalloutManagement.IntegrationTests.Infrastructure;
using Npgsql;

namespace FalloutManagement.IntegrationTests.Analytics;

/// <summary>
/// Fixture: a fresh database holding only a small hand-made data set (written behind the service's back), so every
/// figure can be computed by hand. "Now" is the fake clock's 2026-11-02T09:00Z; the period is October 1 to now.
/// </summary>
public sealed class AnalyticsFixture : ApiFixture, IAsyncLifetime
{
    public static readonly DateTimeOffset Now = FalloutApp.FakeClock().GetUtcNow();

    public Dictionary<string, Guid> Cases { get; } = [];

    async Task IAsyncLifetime.InitializeAsync()
    {
        await InitializeAsync();
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        // key, status, category, severity, queue, created, classified, resolved, closed, due (hours from now), item/step, order, revenue, reason, occurrences, source, product
        await Case(connection, "A", "IN_PROGRESS", "ACTIVATION", "HIGH", "MOBILE_ACTIVATION_L2", -100, -100, null, null, -92, "soi-1", "so-1", 100m, "EUR", "R1", 3, "hss-adapter", "P1");
        await Case(connection, "B", "QUEUED", "ACTIVATION", "LOW", "MOBILE_ACTIVATION_L2", -10, -9, null, null, 62, "soi-2", "so-2", 50m, "EUR", "R1", 1, "hss-adapter", "P1");
        await Case(connection, "C", "WAITING_INCIDENT", "DATA", "MEDIUM", "FULFILLMENT_DATA_FIX", -200, -198, null, null, -176, "soi-3", "so-3", 30m, "USD", "R2", 5, "order-service", "P2");
        await Case(connection, "D", "DETECTED", null, "MEDIUM", "FALLOUT_TRIAGE", -1, null, null, null, 23, "soi-4", "so-4", null, null, "R3", 1, "order-service", null);
        await Case(connection, "E", "CLOSED", "ACTIVATION", "HIGH", "MOBILE_ACTIVATION_L2", -300, -300, -290, -289, -292, "soi-1", "so-1", 999m, "EUR", "R1", 2, "hss-adapter", null);
        await Case(connection, "F", "RESOLVED_RESUME", "BILLING", "CRITICAL", "BILLING_RA", -50, -50, -30, null, -46, "soi-6", "so-6", 200m, "USD", "R2", 1, "billing-gw", null);
        await Case(connection, "G", "CANCELLED", "DATA", "LOW", "FULFILLMENT_DATA_FIX", -20, -20, null, -19, 52, "soi-7", "so-7", null, null, "R4", 1, "order-service", null);
        await Case(connection, "H", "CLOSED", "PARTNER", "LOW", "PARTNER_WHOLESALE", -900, -900, -880, -880, -800, "soi-8", "so-8", null, null, "R1", 9, "partner-gw", null);
        await Correction(connection, "E", "RETRY", "olga", applied: -295);
        await Correction(connection, "F", "RETRY", "olga", applied: -45);
        await Correction(connection, "F", "MANUAL_PROVISIONING", "olga", applied: -40);
        await Correction(connection, "A", "DATA_CORRECTION", "olga", applied: null);
        await Correction(connection, "B", "RETRY", "system:auto-retry", applied: -9);
        await Correction(connection, "H", "DATA_CORRECTION", "olga", applied: -885);
        // kind, due, met, paused since (hours from now); each resolve clock falls due when the case's SLA does. A clock
        // starts when its case is created, as SlaPlanner starts them.
        await SlaClock(connection, "A", "TIME_TO_RESOLVE", -92, met: null);
        await SlaClock(connection, "B", "TIME_TO_RESOLVE", 62, met: null);
        await SlaClock(connection, "C", "TIME_TO_RESOLVE", -176, met: null);
        await SlaClock(connection, "D", "TIME_TO_RESOLVE", 23, met: null);
        await SlaClock(connection, "E", "TIME_TO_RESOLVE", -292, met: -290);
        await SlaClock(connection, "F", "TIME_TO_RESOLVE", -46, met: -30);
        await SlaClock(connection, "G", "TIME_TO_RESOLVE", 52, met: -19);
        await SlaClock(connection, "H", "TIME_TO_RESOLVE", -800, met: -880);
        await SlaClock(connection, "A", "TIME_TO_CLASSIFY", -99, met: -100);
        await SlaClock(connection, "B", "TIME_TO_CLASSIFY", -9.5, met: -9);
        await SlaClock(connection, "C", "TIME_TO_CLASSIFY", -199, met: -198);
        await SlaClock(connection, "D", "TIME_TO_CLASSIFY", -0.5, met: null);
        await SlaClock(connection, "F", "TIME_TO_FIRST_ACTION", -49, met: null, pausedSince: -49.5);
        await SlaClock(connection, "C", "TIME_TO_FIRST_ACTION", -190, met: null, pausedSince: -180);
        // The resource dimension of repeat fallout: msisdn-1 on A, B and E (3 cases, 6 occurrences in the period), ip-9 on
        // C and D (2 cases, 6 occurrences) and on H, whose 9 occurrences are before the period.
        await Resource(connection, "msisdn-1", "A", "B", "E");
        await Resource(connection, "ip-9", "C", "D", "H");
    }

    private Task<int> Resource(NpgsqlConnection connection, string resource, params string[] keys) =>
        Sql.ExecuteAsync(connection, "UPDATE fallout_cases SET resource_id = @resource WHERE id = ANY(@ids)",
            ("resource", resource), ("ids", keys.Select(k => Cases[k]).ToArray()));

    private async Task SlaClock(NpgsqlConnection connection, string key, string kind, double due, double? met, double? pausedSince = null)
    {
        await using var command = new NpgsqlCommand("""
            INSERT INTO sla_clocks (id, case_id, kind, started_at, budget, due_at, at_risk_at, paused_total, paused_since, met_at, state)
            SELECT @id, c.id, @kind, c.created_at, @due - c.created_at, @due, @due - interval '12 minutes', interval '0', @paused, @met, @state
              FROM fallout_cases c WHERE c.id = @case
            """, connection);
        command.Parameters.AddWithValue("id", Guid.CreateVersion7());
        command.Parameters.AddWithValue("case", Cases[key]);
        command.Parameters.AddWithValue("kind", kind);
        command.Parameters.AddWithValue("due", At(due));
        command.Parameters.AddWithValue("paused", pausedSince is { } p ? At(p) : DBNull.Value);
        command.Parameters.AddWithValue("met", met is { } m ? At(m) : DBNull.Value);
        command.Parameters.AddWithValue("state", met is not null ? "MET" : pausedSince is not null ? "PAUSED" : "ON_TRACK");
        await command.ExecuteNonQueryAsync();
    }

    private async Task Case(NpgsqlConnection connection, string key, string status, string? category, string severity, string queue,
        double created, double? classified, double? resolved, double? closed, double due, string item, string order, decimal? revenue,
        string? currency, string reason, int occurrences, string source, string? product)
    {
        var id = Guid.CreateVersion7();
        Cases[key] = id;
        await using var command = new NpgsqlCommand("""
            INSERT INTO fallout_cases (id, source_system, source_event_id, correlation_id, severity, status, reason_code, message, queue,
                occurrence_count, last_occurrence_at, escalation_level, sla_due_at, created_at, updated_at, version, material_version,
                category, classified_at, resolved_at, closed_at, service_order_id, service_order_item_id, failed_step_key,
                revenue_at_risk_amount, revenue_at_risk_currency, attributes_json)
            VALUES (@id, @source, @event, 'corr', @severity, @status, @reason, 'm', @queue, @occurrences, @created, 0, @due, @created, @created, 1, 1,
                @category, @classified, @resolved, @closed, @order, @item, 'ProvisionMobileSubscriber', @revenue, @currency, @attributes::jsonb)
            """, connection);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("source", source);
        command.Parameters.AddWithValue("event", $"evt-{key}");
        command.Parameters.AddWithValue("severity", severity);
        command.Parameters.AddWithValue("status", status);
        command.Parameters.AddWithValue("reason", reason);
        command.Parameters.AddWithValue("queue", queue);
        command.Parameters.AddWithValue("occurrences", occurrences);
        command.Parameters.AddWithValue("created", At(created));
        command.Parameters.AddWithValue("due", At(due));
        command.Parameters.AddWithValue("category", (object?)category ?? DBNull.Value);
        command.Parameters.AddWithValue("classified", classified is { } c ? At(c) : DBNull.Value);
        command.Parameters.AddWithValue("resolved", resolved is { } r ? At(r) : DBNull.Value);
        command.Parameters.AddWithValue("closed", closed is { } x ? At(x) : DBNull.Value);
        command.Parameters.AddWithValue("order", order);
        command.Parameters.AddWithValue("item", item);
        command.Parameters.AddWithValue("revenue", (object?)revenue ?? DBNull.Value);
        command.Parameters.AddWithValue("currency", (object?)currency ?? DBNull.Value);
        command.Parameters.AddWithValue("attributes", product is null ? DBNull.Value : $$"""{"productCode":"{{product}}"}""");
        await command.ExecuteNonQueryAsync();
    }

    private async Task Correction(NpgsqlConnection connection, string key, string type, string proposedBy, double? applied)
    {
        await using var command = new NpgsqlCommand("""
            INSERT INTO correction_actions (id, case_id, type, status, risk_level, approval_required, required_evidence, payload_json, reason,
                proposed_by, proposed_at, based_on_version, applied_at)
            VALUES (@id, @case, @type, @status, 'LOW', FALSE, '{}', '{}', 'r', @by, @proposed, 1, @applied)
            """, connection);
        command.Parameters.AddWithValue("id", Guid.CreateVersion7());
        command.Parameters.AddWithValue("case", Cases[key]);
        command.Parameters.AddWithValue("type", type);
        command.Parameters.AddWithValue("status", applied is null ? "READY" : "APPLIED");
        command.Parameters.AddWithValue("by", proposedBy);
        command.Parameters.AddWithValue("proposed", At((applied ?? -1) - 1));
        command.Parameters.AddWithValue("applied", applied is { } a ? At(a) : DBNull.Value);
        await command.ExecuteNonQueryAsync();
    }

    private static DateTimeOffset At(double hoursFromNow) => Now.AddHours(hoursFromNow);
}

public sealed class AnalyticsTests(AnalyticsFixture api) : IClassFixture<AnalyticsFixture>
{
    private const string Period = "from=2026-10-01T00:00:00Z&to=2026-11-02T09:00:00Z";

    private static Dictionary<string, int> Counts(JsonNode? list) =>
        list!.AsArray().ToDictionary(i => (string)i!["key"]!, i => (int)i!["count"]!);

    [Fact]
    public async Task The_summary_matches_the_hand_computed_figures()
    {
        var s = await (await api.Supervisor().GetAsync($"/analytics/summary?{Period}")).ExpectAsync(HttpStatusCode.OK);

        // Open now: A, B, C, D, F (RESOLVED_RESUME is not closed yet); H is outside the period but still counts as closed.
        Assert.Equal(5, (int)s["openCases"]!);
        Assert.Equal(new Dictionary<string, int> { ["ACTIVATION"] = 2, ["DATA"] = 1, ["UNCLASSIFIED"] = 1, ["BILLING"] = 1 }, Counts(s["openByCategory"]));
        Assert.Equal(new Dictionary<string, int> { ["HIGH"] = 1, ["LOW"] = 1, ["MEDIUM"] = 2, ["CRITICAL"] = 1 }, Counts(s["openBySeverity"]));
        Assert.Equal(new Dictionary<string, int>
        {
            ["MOBILE_ACTIVATION_L2"] = 2, ["FULFILLMENT_DATA_FIX"] = 1, ["FALLOUT_TRIAGE"] = 1, ["BILLING_RA"] = 1,
        }, Counts(s["openByQueue"]));
        // Ages 100, 10, 200, 1, 50 h: mean 72.2; p90 (interpolated) 100 + 0.6 * 100 = 160.
        Assert.Equal(72.2, (double)s["averageAgeHours"]!, 3);
        Assert.Equal(160, (double)s["p90AgeHours"]!, 3);
        // Created in the period: A..G (7), H's clocks do not count. Per clock kind:
        //   TIME_TO_CLASSIFY: A on time, B and C classified late, D unclassified past due -> 3 of 4;
        //   TIME_TO_FIRST_ACTION: F paused before its due time (not breached), C paused after it -> 1 of 2;
        //   TIME_TO_RESOLVE: A and C open past due, E and F resolved late; B, D not due, G met in time -> 4 of 7.
        Assert.Equal(7, (int)s["casesCreated"]!);
        var breach = s["slaBreach"]!.AsArray().ToDictionary(b => (string)b!["clock"]!, b => b!);
        Assert.Equal(["TIME_TO_CLASSIFY", "TIME_TO_FIRST_ACTION", "TIME_TO_RESOLVE"], breach.Keys);
        Assert.Equal((4, 3, 0.75), ((int)breach["TIME_TO_CLASSIFY"]["clocks"]!, (int)breach["TIME_TO_CLASSIFY"]["breached"]!, (double)breach["TIME_TO_CLASSIFY"]["rate"]!));
        Assert.Equal((2, 1, 0.5), ((int)breach["TIME_TO_FIRST_ACTION"]["clocks"]!, (int)breach["TIME_TO_FIRST_ACTION"]["breached"]!, (double)breach["TIME_TO_FIRST_ACTION"]["rate"]!));
        Assert.Equal(7, (int)breach["TIME_TO_RESOLVE"]["clocks"]!);
        Assert.Equal(4, (int)breach["TIME_TO_RESOLVE"]["breached"]!);
        Assert.Equal(0.5714, (double)breach["TIME_TO_RESOLVE"]["rate"]!, 4);
        // Classified: A 0, B 1, C 2, E 0, F 0, G 0 h -> 0.5 h. Resolved: E 10 h, F 20 h -> 15 h.
        Assert.Equal(0.5, (double)s["meanTimeToClassifyHours"]!, 4);
        Assert.Equal(15, (double)s["meanTimeToResolveHours"]!, 4);
        Assert.Equal(2, (int)s["casesResolved"]!);
        // A reopens E's order item and step (E closed before A was created).
        Assert.Equal(1, (int)s["reopened"]!);
        Assert.Equal(0.1429, (double)s["reopenRate"]!, 4);
        // Applied corrections by people on cases of the period: E RETRY, F RETRY, F MANUAL_PROVISIONING (B's is by the system,
        // A's was never applied, H's case is outside the period).
        Assert.Equal(new Dictionary<string, int> { ["RETRY"] = 2, ["MANUAL_PROVISIONING"] = 1 }, Counts(s["manualCorrectionsByType"]));
        // Of the 2 resolved cases only E was recovered by retries alone.
        Assert.Equal(1, (int)s["automationRecovered"]!);
        Assert.Equal(0.5, (double)s["automationRecoveryRate"]!, 4);
        // Open longer than 72 h: A and C, on orders so-1 and so-3.
        Assert.Equal(2, (int)s["stuckCases"]!);
        Assert.Equal(2, (int)s["stuckOrders"]!);
        var revenue = s["revenueAtRisk"]!.AsArray().ToDictionary(r => (string)r!["currency"]!, r => (decimal)r!["amount"]!);
        Assert.Equal(new Dictionary<string, decimal> { ["EUR"] = 150m, ["USD"] = 230m }, revenue);
    }

    [Fact]
    public async Task Queue_category_and_stuck_threshold_narrow_the_figures()
    {
        var byQueue = await (await api.Auditor().GetAsync($"/analytics/summary?{Period}&queue=MOBILE_ACTIVATION_L2")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(2, (int)byQueue["openCases"]!);
        Assert.Equal(3, (int)byQueue["casesCreated"]!);
        // A (resolve past due) and E (resolved late); of the classify clocks only B's is late.
        var resolve = byQueue["slaBreach"]!.AsArray().Single(b => (string?)b!["clock"] == "TIME_TO_RESOLVE")!;
        Assert.Equal(2, (int)resolve["breached"]!);
        Assert.Equal(1, (int)byQueue["slaBreach"]!.AsArray().Single(b => (string?)b!["clock"] == "TIME_TO_CLASSIFY")!["breached"]!);

        var byCategory = await (await api.Auditor().GetAsync($"/analytics/summary?{Period}&category=DATA&stuckAfterHours=300")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(1, (int)byCategory["openCases"]!);
        Assert.Equal(2, (int)byCategory["casesCreated"]!);
        Assert.Equal(0, (int)byCategory["stuckCases"]!);
    }

    [Fact]
    public async Task Repeat_fallout_ranks_reasons_target_systems_resources_and_products()
    {
        var report = await (await api.Supervisor().GetAsync($"/analytics/repeat-fallout?{Period}&top=2")).ExpectAsync(HttpStatusCode.OK);

        var items = report["items"]!.AsArray().Select(i => i!.AsObject()).ToList();
        var reasons = items.Where(i => i.Str("dimension") == "reason").ToList();
        Assert.Equal(["R1", "R2"], reasons.Select(r => r.Str("key")));
        Assert.Equal(3, (int)reasons[0]["cases"]!);
        Assert.Equal(6, (int)reasons[0]["occurrences"]!);
        Assert.Equal(2, (int)reasons[1]["cases"]!);
        var products = items.Where(i => i.Str("dimension") == "product").ToList();
        Assert.Equal(["P2", "P1"], products.Select(r => r.Str("key")));
        Assert.Equal(4, (int)products[1]["occurrences"]!);
        var targets = items.Where(i => i.Str("dimension") == "targetSystem").ToList();
        Assert.Equal("order-service", targets[0].Str("key"));
        Assert.Equal(7, (int)targets[0]["occurrences"]!);
    }

    [Fact]
    public async Task Repeat_fallout_ranks_resources_by_occurrences_then_cases_within_the_period_and_filter()
    {
        var report = await (await api.Supervisor().GetAsync($"/analytics/repeat-fallout?{Period}&top=2")).ExpectAsync(HttpStatusCode.OK);
        var resources = Resources(report);
        Assert.Equal(new List<(string, int, int)> { ("msisdn-1", 3, 6), ("ip-9", 2, 6) }, resources);

        var byQueue = await (await api.Supervisor().GetAsync($"/analytics/repeat-fallout?{Period}&queue=FULFILLMENT_DATA_FIX")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(new List<(string, int, int)> { ("ip-9", 1, 5) }, Resources(byQueue));
        var byCategory = await (await api.Supervisor().GetAsync($"/analytics/repeat-fallout?{Period}&category=ACTIVATION")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(new List<(string, int, int)> { ("msisdn-1", 3, 6) }, Resources(byCategory));

        static List<(string, int, int)> Resources(JsonObject report) =>
            [.. report["items"]!.AsArray().Select(i => i!.AsObject()).Where(i => i.Str("dimension") == "resource")
                .Select(i => (i.Str("key")!, (int)i["cases"]!, (int)i["occurrences"]!))];
    }

    [Fact]
    public async Task The_resource_dimension_reads_its_own_narrow_index()
    {
        const string Scans = "SELECT coalesce(sum(idx_scan), 0) FROM pg_stat_user_indexes WHERE indexrelname = 'ix_fallout_cases_resource_analytics'";
        var before = await Sql.ScalarAsync<long>(api.ConnectionString, Scans);

        await (await api.Supervisor().GetAsync($"/analytics/repeat-fallout?{Period}")).ExpectAsync(HttpStatusCode.OK);

        // The service's backend reports its statistics once it is idle (PostgreSQL waits up to 10 s to batch them).
        var deadline = DateTime.UtcNow.AddSeconds(30);
        long after;
        while ((after = await Sql.ScalarAsync<long>(api.ConnectionString, Scans)) == before && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250);
        }
        Assert.True(after > before, "the resource query did not scan ix_fallout_cases_resource_analytics");
    }

    [Fact]
    public async Task Trends_count_cases_per_day_and_category()
    {
        var report = await (await api.Auditor().GetAsync($"/analytics/trends?{Period}")).ExpectAsync(HttpStatusCode.OK);

        var items = report["items"]!.AsArray().Select(i => i!.AsObject()).ToList();
        Assert.Equal(7, items.Sum(i => (int)i["cases"]!));
        var e = Assert.Single(items, i => i.Str("day") == "2026-10-20");
        Assert.Equal("ACTIVATION", e.Str("category"));
        Assert.Equal(2, (int)e["occurrences"]!);
        Assert.Contains(items, i => i.Str("category") == "UNCLASSIFIED" && i.Str("day") == "2026-11-02");
    }

    [Fact]
    public async Task The_summary_exports_as_csv()
    {
        var response = await api.Auditor().GetAsync($"/analytics/summary.csv?{Period}");
        var request = new HttpRequestMessage(HttpMethod.Get, $"/analytics/summary?{Period}");
        request.Headers.Accept.ParseAdd("text/csv");
        var negotiated = await api.Supervisor().SendAsync(request);

        foreach (var r in new[] { response, negotiated })
        {
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            Assert.Equal("text/csv", r.Content.Headers.ContentType?.MediaType);
            var lines = (await r.Content.ReadAsStringAsync()).Split('\n');
            Assert.Equal("figure,dimension,key,value", lines[0]);
            Assert.Contains("openCases,,,5", lines);
            Assert.Contains("openCases,category,ACTIVATION,2", lines);
            Assert.Contains("revenueAtRisk,currency,USD,230.00", lines);
            Assert.Contains("slaBreachRate,clock,TIME_TO_RESOLVE,0.5714", lines);
        }
    }

    [Theory]
    [InlineData("/analytics/summary?from=2026-11-02T00:00:00Z&to=2026-11-01T00:00:00Z", "from")]
    [InlineData("/analytics/summary?from=2024-01-01T00:00:00Z&to=2026-11-01T00:00:00Z", "from")]
    [InlineData("/analytics/summary?category=NOPE", "category")]
    [InlineData("/analytics/summary?stuckAfterHours=0", "stuckAfterHours")]
    [InlineData("/analytics/repeat-fallout?top=0", "top")]
    [InlineData("/analytics/trends?category=3", "category")]
    public async Task Bad_queries_are_refused(string url, string field)
    {
        var problem = await (await api.Supervisor().GetAsync(url)).ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");

        Assert.NotNull(problem["errors"]![field]);
    }
}
