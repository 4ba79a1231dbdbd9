using FalloutManagement.Api.Modules.Cases.Domain;

namespace FalloutManagement.Api.Modules.Queues.Routing;

/// <summary>
/// Decides at intake where a new case goes and when it is due. Until classification rules exist this maps the
/// source's category hint to the category's default queue (CONTRACT.md §2) and the severity hint to severity;
/// without a hint the case stays DETECTED in FALLOUT_TRIAGE.
/// </summary>
public sealed class IntakeRouting
{
    public static readonly IReadOnlyDictionary<FalloutCategory, string> DefaultQueues = new Dictionary<FalloutCategory, string>
    {
        [FalloutCategory.DATA] = "FULFILLMENT_DATA_FIX",
        [FalloutCategory.RESOURCE] = "RESOURCE_CONTROL",
        [FalloutCategory.ACTIVATION] = "MOBILE_ACTIVATION_L2",
        [FalloutCategory.FIELD] = "FIXED_FIELD_SUPPORT",
        [FalloutCategory.PARTNER] = "PARTNER_WHOLESALE",
        [FalloutCategory.BILLING] = "BILLING_RA",
        [FalloutCategory.COMPLIANCE] = "FRAUD_REVIEW",
    };

    /// <summary>Time to resolve by severity, until SLA policies exist.</summary>
    public static TimeSpan ResolveWithin(Severity severity) => severity switch
    {
        Severity.CRITICAL => TimeSpan.FromHours(4),
        Severity.HIGH => TimeSpan.FromHours(8),
        Severity.MEDIUM => TimeSpan.FromHours(24),
        _ => TimeSpan.FromHours(72),
    };

    public Task<(CaseRouting? Routing, DateTimeOffset SlaDueAt)> RouteAsync(FalloutReport report, DateTimeOffset now, CancellationToken ct)
    {
        var severity = report.SeverityHint ?? Severity.MEDIUM;
        CaseRouting? routing = report.CategoryHint is { } category ? new CaseRouting(category, severity, DefaultQueues[category]) : null;
        return Task.FromResult((routing, now + ResolveWithin(severity)));
    }
}
