namespace FalloutManagement.Api.Modules.Analytics;

internal sealed record CountBy(string Key, int Count);

/// <summary>One SLA clock kind over the period's cases: how many such clocks ran, how many breached, and the share.</summary>
internal sealed record ClockBreach(string Clock, int Clocks, int Breached, double Rate);

internal sealed record RevenueAtRisk(string Currency, decimal Amount);

internal sealed record AnalyticsSummary(
    DateTimeOffset From,
    DateTimeOffset To,
    DateTimeOffset AsOf,
    string? Queue,
    string? Category,
    int OpenCases,
    IReadOnlyList<CountBy> OpenByCategory,
    IReadOnlyList<CountBy> OpenBySeverity,
    IReadOnlyList<CountBy> OpenByQueue,
    double AverageAgeHours,
    double P90AgeHours,
    int CasesCreated,
    IReadOnlyList<ClockBreach> SlaBreach,
    double? MeanTimeToClassifyHours,
    double? MeanTimeToResolveHours,
    int CasesResolved,
    int Reopened,
    double ReopenRate,
    IReadOnlyList<CountBy> ManualCorrectionsByType,
    int AutomationRecovered,
    double AutomationRecoveryRate,
    double StuckAfterHours,
    int StuckCases,
    int StuckOrders,
    IReadOnlyList<RevenueAtRisk> RevenueAtRisk);

internal sealed record RepeatFallout(string Dimension, string Key, int Cases, int Occurrences);

internal sealed record RepeatFalloutReport(DateTimeOffset From, DateTimeOffset To, IReadOnlyList<RepeatFallout> Items);

internal sealed record TrendPoint(DateOnly Day, string Category, int Cases, int Occurrences);

internal sealed record TrendReport(DateTimeOffset From, DateTimeOffset To, IReadOnlyList<TrendPoint> Items);
