using FalloutManagement.Api.Common.Auth;
using FalloutManagement.Api.Common.Persistence;
using FalloutManagement.Api.Common.Problems;
using FalloutManagement.Api.Modules.Cases.Domain;
using Microsoft.EntityFrameworkCore;

namespace FalloutManagement.Api.Modules.Corrections;

/// <summary>
/// The retry limits, how many retries the caller proposed (on any case) within the operator window, and when the caller's
/// budget frees again if it is spent (the retry that must leave the window for one more to fit, plus the window).
/// </summary>
internal sealed record RetryUsage(CorrectionOptions Limits, DateTimeOffset Now, int ByCallerInWindow, DateTimeOffset? CallerBudgetFreesAt = null);

/// <summary>
/// Limits manual RETRY (<c>Corrections:*</c>): retrying the same failure again and again hides its cause, and one person
/// retrying across many cases is a script, not a diagnosis. Per case, at most <see cref="CorrectionOptions.MaxRetriesPerCase"/>
/// within <see cref="CorrectionOptions.RetryWindowHours"/>; per operator, at most <see cref="CorrectionOptions.MaxRetriesPerOperator"/>
/// within <see cref="CorrectionOptions.OperatorRetryWindowMinutes"/>. Rejected retries do not count. The proposal,
/// bulk recovery and allowed-actions use this same check.
/// </summary>
internal static class RetryBudget
{
    /// <summary>The caller's usage now: one read of its recent RETRY proposals' times (at most about the limit of them).</summary>
    public static async Task<RetryUsage> UsageAsync(FalloutDbContext db, CorrectionOptions limits, Caller caller, DateTimeOffset now,
        CancellationToken ct)
    {
        var since = now - limits.OperatorWindow;
        var recent = await db.Set<CorrectionAction>().AsNoTracking()
            .Where(c => c.ProposedBy == caller.Id && c.Type == CorrectionType.RETRY && c.ProposedAt > since && c.Status != CorrectionStatus.REJECTED)
            .Select(c => c.ProposedAt).OrderBy(at => at).ToListAsync(ct);
        return new RetryUsage(limits, now, recent.Count, FreesAt(recent, limits.MaxRetriesPerOperator, limits.OperatorWindow));
    }

    /// <summary>When one more retry fits: the retry whose leaving the window brings the count under the limit, plus the window.</summary>
    private static DateTimeOffset? FreesAt(List<DateTimeOffset> inWindow, int limit, TimeSpan window) =>
        inWindow.Count >= limit ? inWindow[inWindow.Count - limit] + window : null;

    /// <summary>How long until the refused retry would fit both budgets (the case's and the caller's); null when it fits now.</summary>
    public static TimeSpan? RetryAfter(FalloutCase fallout, RetryUsage usage)
    {
        var limits = usage.Limits;
        var since = usage.Now - limits.CaseWindow;
        var caseRetries = fallout.Corrections.Where(c => c.Type == CorrectionType.RETRY && c.Status != CorrectionStatus.REJECTED && c.ProposedAt > since)
            .Select(c => c.ProposedAt).Order().ToList();
        var frees = new[] { FreesAt(caseRetries, limits.MaxRetriesPerCase, limits.CaseWindow), usage.CallerBudgetFreesAt }.Max();
        return frees is { } at && at > usage.Now ? at - usage.Now : null;
    }

    public static string? Refusal(FalloutCase fallout, RetryUsage usage)
    {
        var limits = usage.Limits;
        var since = usage.Now - limits.CaseWindow;
        var retries = fallout.Corrections.Count(c => c.Type == CorrectionType.RETRY && c.Status != CorrectionStatus.REJECTED && c.ProposedAt > since);
        if (retries >= limits.MaxRetriesPerCase)
        {
            return $"This case had {retries} manual retries within {limits.RetryWindowHours} h (the limit is {limits.MaxRetriesPerCase}); "
                + "find the cause or choose another correction.";
        }
        return usage.ByCallerInWindow >= limits.MaxRetriesPerOperator
            ? $"You proposed {usage.ByCallerInWindow} manual retries within {limits.OperatorRetryWindowMinutes} min (the limit is "
                + $"{limits.MaxRetriesPerOperator}); retrying across many cases hides a common cause."
            : null;
    }

    public static void Ensure(FalloutCase fallout, RetryUsage usage)
    {
        if (Refusal(fallout, usage) is { } reason)
        {
            throw new DomainException(StatusCodes.Status429TooManyRequests, ProblemCodes.RateLimited, "Too many retries", reason)
            {
                RetryAfter = RetryAfter(fallout, usage),
            };
        }
    }
}
