using FalloutManagement.Api.Common.Http;
using System.Globalization;
using System.Text;
using FalloutManagement.Api.Common.Auth;
using FalloutManagement.Api.Common.Problems;
using FalloutManagement.Api.Modules.Cases.Domain;

namespace FalloutManagement.Api.Modules.Analytics;

/// <summary>
/// <c>GET /analytics/summary</c> (JSON, or CSV for <c>Accept: text/csv</c>), <c>/analytics/summary.csv</c>,
/// <c>/analytics/repeat-fallout</c> and <c>/analytics/trends</c>, for supervisors and auditors.
/// </summary>
internal static class AnalyticsModule
{
    public const int DefaultTop = 10;
    public const int MaxTop = 100;
    private const string CsvType = "text/csv";

    public static IServiceCollection AddAnalyticsModule(this IServiceCollection services)
    {
        services.AddScoped<AnalyticsQueries>();
        services.AddSingleton<AnalyticsRollupFolder>();
        services.AddHostedService(provider => provider.GetRequiredService<AnalyticsRollupFolder>());
        return services;
    }

    public static RouteGroupBuilder MapAnalyticsModule(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/analytics").WithTag("Analytics", "Fallout volumes, SLA performance, repeat fallout and trends for supervisors and auditors.").RequireAuthorization(Policies.AnalyticsReader);

        group.MapGet("/summary", async (HttpContext http, AnalyticsQueries queries, TimeProvider clock, DateTimeOffset? from, DateTimeOffset? to,
                string? queue, string? category, int? stuckAfterHours) =>
            {
                var summary = await queries.SummaryAsync(AnalyticsFilter.Parse(clock.GetUtcNow(), from, to, queue, category, stuckAfterHours),
                    http.RequestAborted);
                return WantsCsv(http) ? Csv(summary) : Results.Ok(summary);
            })
            .WithName("AnalyticsSummary")
            .QueryEnum<FalloutCategory>("category")
            .WithSummary("Summarise fallout")
            .WithDescription("Counts, SLA breaches, resolution times and corrections over a period (`from`, `to`), narrowed by the query's filters.")
            .Produces<AnalyticsSummary>()
            .Produces<string>(StatusCodes.Status200OK, CsvType);

        group.MapGet("/summary.csv", async (HttpContext http, AnalyticsQueries queries, TimeProvider clock, DateTimeOffset? from, DateTimeOffset? to,
                string? queue, string? category, int? stuckAfterHours) =>
                Csv(await queries.SummaryAsync(AnalyticsFilter.Parse(clock.GetUtcNow(), from, to, queue, category, stuckAfterHours), http.RequestAborted)))
            .WithName("AnalyticsSummaryCsv")
            .QueryEnum<FalloutCategory>("category")
            .WithSummary("Summarise fallout as CSV")
            .WithDescription("The summary of GET /analytics/summary as text/csv.")
            .Produces<string>(StatusCodes.Status200OK, CsvType);

        group.MapGet("/repeat-fallout", async (HttpContext http, AnalyticsQueries queries, TimeProvider clock, DateTimeOffset? from,
                DateTimeOffset? to, string? queue, string? category, int? top) =>
            {
                var limit = top ?? DefaultTop;
                if (limit is < 1 or > MaxTop)
                {
                    throw DomainException.Validation("top", $"top must be between 1 and {MaxTop}.");
                }
                return TypedResults.Ok(await queries.RepeatFalloutAsync(AnalyticsFilter.Parse(clock.GetUtcNow(), from, to, queue, category), limit,
                    http.RequestAborted));
            })
            .WithName("AnalyticsRepeatFallout")
            .QueryEnum<FalloutCategory>("category")
            .WithSummary("Report repeat fallout")
            .WithDescription("Orders, items and reason codes that fell out more than once in the period.")
            .Produces<RepeatFalloutReport>();

        group.MapGet("/trends", async (HttpContext http, AnalyticsQueries queries, TimeProvider clock, DateTimeOffset? from, DateTimeOffset? to,
                string? queue, string? category) =>
                TypedResults.Ok(await queries.TrendsAsync(AnalyticsFilter.Parse(clock.GetUtcNow(), from, to, queue, category), http.RequestAborted)))
            .WithName("AnalyticsTrends")
            .QueryEnum<FalloutCategory>("category")
            .WithSummary("Report fallout trends")
            .WithDescription("Cases opened and resolved per time bucket over the period.")
            .Produces<TrendReport>();
        return group;
    }

    private static bool WantsCsv(HttpContext http) =>
        http.Request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals(CsvType, StringComparison.OrdinalIgnoreCase));

    /// <summary>The summary as long-format CSV (<c>figure,dimension,key,value</c>), one figure per row, for spreadsheets.</summary>
    private static IResult Csv(AnalyticsSummary s)
    {
        var csv = new StringBuilder("figure,dimension,key,value\n");
        void Row(string figure, string dimension, string key, object? value) =>
            csv.Append(Escape(figure)).Append(',').Append(Escape(dimension)).Append(',').Append(Escape(key)).Append(',')
                .Append(Escape(Convert.ToString(value, CultureInfo.InvariantCulture) ?? "")).Append('\n');

        Row("period", "", "from", s.From.ToString("O", CultureInfo.InvariantCulture));
        Row("period", "", "to", s.To.ToString("O", CultureInfo.InvariantCulture));
        Row("openCases", "", "", s.OpenCases);
        foreach (var c in s.OpenByCategory)
        {
            Row("openCases", "category", c.Key, c.Count);
        }
        foreach (var c in s.OpenBySeverity)
        {
            Row("openCases", "severity", c.Key, c.Count);
        }
        foreach (var c in s.OpenByQueue)
        {
            Row("openCases", "queue", c.Key, c.Count);
        }
        Row("averageAgeHours", "", "", s.AverageAgeHours);
        Row("p90AgeHours", "", "", s.P90AgeHours);
        Row("casesCreated", "", "", s.CasesCreated);
        foreach (var b in s.SlaBreach)
        {
            Row("slaBreachRate", "clock", b.Clock, b.Rate);
        }
        Row("meanTimeToClassifyHours", "", "", s.MeanTimeToClassifyHours);
        Row("meanTimeToResolveHours", "", "", s.MeanTimeToResolveHours);
        Row("reopenRate", "", "", s.ReopenRate);
        foreach (var c in s.ManualCorrectionsByType)
        {
            Row("manualCorrections", "type", c.Key, c.Count);
        }
        Row("automationRecoveryRate", "", "", s.AutomationRecoveryRate);
        Row("stuckCases", "", "", s.StuckCases);
        Row("stuckOrders", "", "", s.StuckOrders);
        foreach (var r in s.RevenueAtRisk)
        {
            Row("revenueAtRisk", "currency", r.Currency, r.Amount);
        }
        return Results.Text(csv.ToString(), $"{CsvType}; charset=utf-8", Encoding.UTF8);
    }

    /// <summary>Quotes a field when it needs it, and defuses spreadsheet formulas (a leading =, +, - or @).</summary>
    private static string Escape(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '@' && !double.TryParse(value, CultureInfo.InvariantCulture, out _))
        {
            value = "'" + value;
        }
        return value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : value;
    }
}
