using System.Net;
using FalloutManagement.Api.Modules.Analytics;
using FalloutManagement.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace FalloutManagement.IntegrationTests.Analytics;

/// <summary>
/// The daily rollup on the hand-computed data set (<see cref="AnalyticsFixture"/>): every figure is the same whether a
/// day is read from the rollup or from the live tables, and a change to a folded day shows at once, before any fold.
/// </summary>
public sealed class AnalyticsRollupTests(AnalyticsFixture api) : IClassFixture<AnalyticsFixture>
{
    private const string Period = "from=2026-10-01T00:00:00Z&to=2026-11-02T09:00:00Z";

    /// <summary>Marks the creation day of every case dirty: every reader then computes every day from the live tables.</summary>
    private const string MarkAll = "INSERT INTO analytics_dirty_days (day) SELECT DISTINCT (created_at AT TIME ZONE 'UTC')::date FROM fallout_cases";

    private static readonly string[] Calls =
    [
        $"/analytics/summary?{Period}",
        $"/analytics/summary?{Period}&queue=MOBILE_ACTIVATION_L2",
        $"/analytics/summary?{Period}&category=DATA&stuckAfterHours=300",
        "/analytics/summary?from=2026-10-20T00:00:00Z&to=2026-10-21T00:00:00Z",
        "/analytics/summary?from=2026-10-19T12:00:00Z&to=2026-11-01T18:00:00Z",
        "/analytics/summary.csv?from=2026-06-01T00:00:00Z&to=2026-11-02T09:00:00Z",
        $"/analytics/trends?{Period}",
        $"/analytics/trends?{Period}&category=ACTIVATION",
        "/analytics/trends?from=2026-06-01T00:00:00Z&to=2026-11-02T09:00:00Z",
        $"/analytics/repeat-fallout?{Period}",
        $"/analytics/repeat-fallout?{Period}&queue=MOBILE_ACTIVATION_L2&top=2",
        "/analytics/repeat-fallout?from=2026-10-19T12:00:00Z&to=2026-11-01T18:00:00Z&category=ACTIVATION",
    ];

    private AnalyticsRollupFolder Folder => api.App.Services.GetRequiredService<AnalyticsRollupFolder>();

    [Fact]
    public async Task Figures_are_the_same_from_the_rollup_as_from_the_live_tables_and_a_change_shows_before_the_next_fold()
    {
        // The fixture wrote its cases behind the service's back; the triggers marked their days dirty.
        Assert.True(await Sql.CountAsync(api.ConnectionString, "analytics_dirty_days") > 0);
        var live = await AnswersAsync();

        Assert.True(await Folder.FoldAllAsync() > 0);
        Assert.Equal(0, await Sql.CountAsync(api.ConnectionString, "analytics_dirty_days"));
        Assert.Equal(8, await Sql.ScalarAsync<long>(api.ConnectionString, "SELECT sum(cases) FROM analytics_daily"));
        Assert.True(await Sql.CountAsync(api.ConnectionString, "analytics_daily_clocks") > 0);
        Assert.True(await Sql.CountAsync(api.ConnectionString, "analytics_daily_corrections") > 0);
        Assert.True(await Sql.CountAsync(api.ConnectionString, "analytics_daily_repeat") > 0);
        Assert.Equal(live, await AnswersAsync());

        // G (created 2026-11-01, a folded full day of the period) is now classified an hour after creation: the mean
        // time to classify moves from 0.5 h to (0 + 1 + 2 + 0 + 0 + 1) / 6 h at once, its day being dirty again.
        var g = api.Cases["G"];
        await Sql.ExecuteAsync(api.ConnectionString, "UPDATE fallout_cases SET classified_at = created_at + interval '1 hour' WHERE id = @id", ("id", g));
        Assert.Equal(1, await Sql.CountAsync(api.ConnectionString, "analytics_dirty_days", "day = DATE '2026-11-01'"));
        Assert.Equal(0.6667, (double)(await SummaryAsync())["meanTimeToClassifyHours"]!, 4);
        await Folder.FoldAllAsync();
        Assert.Equal(0.6667, (double)(await SummaryAsync())["meanTimeToClassifyHours"]!, 4);

        // B's classify clock (B created 2026-11-01 23:00, a folded day) met in time after all: 2 of 4 breached, not 3.
        await Sql.ExecuteAsync(api.ConnectionString,
            "UPDATE sla_clocks SET met_at = due_at - interval '1 hour' WHERE case_id = @id AND kind = 'TIME_TO_CLASSIFY'", ("id", api.Cases["B"]));
        var breach = (await SummaryAsync())["slaBreach"]!.AsArray().Single(b => (string?)b!["clock"] == "TIME_TO_CLASSIFY")!;
        Assert.Equal(2, (int)breach["breached"]!);

        // Back to the hand-computed data set, folded: the same answers as the live tables gave at first.
        await Sql.ExecuteAsync(api.ConnectionString, "UPDATE fallout_cases SET classified_at = created_at WHERE id = @id", ("id", g));
        await Sql.ExecuteAsync(api.ConnectionString,
            "UPDATE sla_clocks SET met_at = due_at + interval '30 minutes' WHERE case_id = @id AND kind = 'TIME_TO_CLASSIFY'", ("id", api.Cases["B"]));
        await Folder.FoldAllAsync();
        Assert.Equal(live, await AnswersAsync());
    }

    /// <summary>
    /// db/sql/015: a move between open statuses marks no day, and none is needed — the folded days answer as the live
    /// tables do after it. Leaves every day marked, as the fixture found it.
    /// </summary>
    [Fact]
    public async Task A_move_between_open_statuses_needs_no_mark_the_rollup_answers_as_the_live_tables_after_it()
    {
        var open = await Sql.ScalarAsync<Guid>(api.ConnectionString,
            "SELECT id FROM fallout_cases WHERE status NOT IN ('CLOSED', 'CANCELLED') ORDER BY created_at LIMIT 1");
        var status = await Sql.ScalarAsync<string>(api.ConnectionString, "SELECT status FROM fallout_cases WHERE id = @id", ("id", open));
        var owner = await Sql.ScalarAsync<string>(api.ConnectionString, "SELECT coalesce(assigned_user, '') FROM fallout_cases WHERE id = @id", ("id", open));
        try
        {
            await Folder.FoldAllAsync();
            await Sql.ExecuteAsync(api.ConnectionString,
                "UPDATE fallout_cases SET status = @s, assigned_user = 'olga' WHERE id = @id",
                ("s", status == "IN_PROGRESS" ? "WAITING_VENDOR" : "IN_PROGRESS"), ("id", open));
            Assert.Equal(0, await Sql.CountAsync(api.ConnectionString, "analytics_dirty_days"));
            var folded = await AnswersAsync();
            // Every day read from the live tables again: the same answers.
            await Sql.ExecuteAsync(api.ConnectionString, MarkAll);
            Assert.Equal(await AnswersAsync(), folded);
        }
        finally
        {
            await Sql.ExecuteAsync(api.ConnectionString, "UPDATE fallout_cases SET status = @s, assigned_user = NULLIF(@o, '') WHERE id = @id",
                ("s", status), ("o", owner), ("id", open));
            await Sql.ExecuteAsync(api.ConnectionString, MarkAll);
        }
    }

    /// <summary>
    /// db/sql/014: the fold runs without JIT (one day's statements are key lookups over a few thousand rows; JIT cost more
    /// than a second per statement at 1M cases) and folds day by day, so a fold of several days writes what one fold
    /// per day writes.
    /// </summary>
    [Fact]
    public async Task The_fold_runs_without_jit_and_several_days_fold_as_each_day_alone()
    {
        Assert.Equal("jit=off", await Sql.ScalarAsync<string>(api.ConnectionString,
            "SELECT array_to_string(proconfig, ',') FROM pg_proc WHERE proname = 'analytics_fold'"));

        const string Rollup = """
            SELECT string_agg(t, E'\n' ORDER BY t) FROM (
                SELECT format('%s', d) AS t FROM analytics_daily d UNION ALL SELECT format('%s', c) FROM analytics_daily_clocks c
                UNION ALL SELECT format('%s', x) FROM analytics_daily_corrections x UNION ALL SELECT format('%s', r) FROM analytics_daily_repeat r) s
            """;
        await Sql.ExecuteAsync(api.ConnectionString, MarkAll);
        var days = await Sql.ScalarAsync<long>(api.ConnectionString,
            "SELECT count(DISTINCT day) FROM analytics_dirty_days WHERE day < (now() AT TIME ZONE 'UTC')::date");
        Assert.True(days > 1);
        Assert.Equal((int)days, await Sql.ScalarAsync<int>(api.ConnectionString, "SELECT analytics_fold(1000)"));
        var together = await Sql.ScalarAsync<string>(api.ConnectionString, Rollup);

        await Sql.ExecuteAsync(api.ConnectionString, MarkAll);
        for (var i = 0; i < days; i++)
        {
            Assert.Equal(1, await Sql.ScalarAsync<int>(api.ConnectionString, "SELECT analytics_fold(1)"));
        }
        Assert.Equal(together, await Sql.ScalarAsync<string>(api.ConnectionString, Rollup));
        Assert.Contains("MOBILE_ACTIVATION_L2", together);

        // The background folder: batches of AnalyticsRollupFolder.DaysPerFold days until none is left.
        Assert.True(days > AnalyticsRollupFolder.DaysPerFold);
        await Sql.ExecuteAsync(api.ConnectionString, MarkAll);
        Assert.Equal((int)days, await Folder.FoldAllAsync());
        Assert.Equal(together, await Sql.ScalarAsync<string>(api.ConnectionString, Rollup));

        // Dirty again, as the fixture left them (the other test starts from the live tables).
        await Sql.ExecuteAsync(api.ConnectionString, MarkAll);
    }

    private async Task<System.Text.Json.Nodes.JsonObject> SummaryAsync() =>
        await (await api.Supervisor().GetAsync($"/analytics/summary?{Period}")).ExpectAsync(HttpStatusCode.OK);

    private async Task<List<string>> AnswersAsync()
    {
        var answers = new List<string>();
        foreach (var call in Calls)
        {
            using var response = await api.Supervisor().GetAsync(call);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            answers.Add($"{call}\n{await response.Content.ReadAsStringAsync()}");
        }
        return answers;
    }
}
