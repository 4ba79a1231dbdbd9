using FalloutManagement.Api.Modules.Cases.Domain;
using FalloutManagement.Api.Modules.Queues.Domain;

namespace FalloutManagement.Api.Modules.Queues.Routing;

/// <summary>
/// Picks the classification rule for a report and derives the routing. Precedence: lowest priority number,
/// then the more specific rule (more conditions set; an exact reason code beats a pattern), then the older id.
/// Severity is the rule's, raised to the source's hint when the hint is higher, then one step for the
/// ENTERPRISE segment.
/// </summary>
internal static class ClassificationMatcher
{
    public const string EnterpriseSegment = "ENTERPRISE";

    public static ClassificationRule? Match(IEnumerable<ClassificationRule> rules, FalloutReport report) =>
        rules.Where(r => r.Active && Matches(r, report))
            .OrderBy(r => r.Priority)
            .ThenByDescending(Specificity)
            .ThenBy(r => r.Id)
            .FirstOrDefault();

    public static CaseRouting Route(ClassificationRule rule, FalloutReport report) =>
        new(rule.Category, SeverityFor(rule.Severity, report.SeverityHint, report.CustomerSegment), rule.Queue);

    public static Severity SeverityFor(Severity ruleSeverity, Severity? hint, string? customerSegment)
    {
        var severity = hint is { } h && h > ruleSeverity ? h : ruleSeverity;
        return string.Equals(customerSegment, EnterpriseSegment, StringComparison.OrdinalIgnoreCase) ? severity.RaisedOneStep() : severity;
    }

    /// <summary>
    /// Every condition the rule sets must match. A source's category hint is trusted for the category: a rule that
    /// would classify into another category does not apply to a hinted report.
    /// </summary>
    public static bool Matches(ClassificationRule rule, FalloutReport report) =>
        (report.CategoryHint is null || report.CategoryHint == rule.Category)
        && (rule.SourceSystem is null || rule.SourceSystem == report.SourceSystem)
        && (rule.CategoryHint is null || rule.CategoryHint == report.CategoryHint)
        && (rule.FailedStepKey is null || rule.FailedStepKey == report.FailedStepKey)
        && (rule.ReasonCode is null || ReasonMatches(rule.ReasonCode, report.ReasonCode));

    /// <summary>
    /// A reason code with <c>%</c> is a LIKE pattern (<c>%</c> = any run of characters). <c>_</c> stays literal:
    /// every reason code is full of underscores.
    /// </summary>
    public static bool IsPattern(string reasonCode) => reasonCode.Contains('%', StringComparison.Ordinal);

    /// <summary>
    /// Matches in linear time without a regular expression: the first part is a prefix, the last a suffix, the parts
    /// between occur in order (leftmost is enough when <c>%</c> is the only wildcard). It replaced a regex with a 100 ms
    /// timeout that, on a CPU-starved host (the intake storm benchmark at load average 75), timed out on a trivial
    /// pattern and failed the intake with a 500.
    /// </summary>
    public static bool ReasonMatches(string pattern, string reasonCode)
    {
        if (!IsPattern(pattern))
        {
            return pattern == reasonCode;
        }
        var parts = pattern.Split('%');
        var first = parts[0];
        var last = parts[^1];
        if (reasonCode.Length < first.Length + last.Length
            || !reasonCode.StartsWith(first, StringComparison.Ordinal) || !reasonCode.EndsWith(last, StringComparison.Ordinal))
        {
            return false;
        }
        var position = first.Length;
        var end = reasonCode.Length - last.Length;
        foreach (var part in parts.AsSpan(1, parts.Length - 2))
        {
            var at = reasonCode.IndexOf(part, position, end - position, StringComparison.Ordinal);
            if (at < 0)
            {
                return false;
            }
            position = at + part.Length;
        }
        return true;
    }

    private static int Specificity(ClassificationRule rule) =>
        (rule.SourceSystem is null ? 0 : 2) + (rule.CategoryHint is null ? 0 : 2) + (rule.FailedStepKey is null ? 0 : 2)
        + (rule.ReasonCode is null ? 0 : IsPattern(rule.ReasonCode) ? 1 : 2);
}
