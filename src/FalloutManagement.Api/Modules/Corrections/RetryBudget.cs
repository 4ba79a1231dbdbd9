using FalloutManagement.Api.Common.Problems;
using FalloutManagement.Api.Modules.Cases.Domain;

namespace FalloutManagement.Api.Modules.Corrections;

/// <summary>
/// Limits manual RETRY on one case (<c>Corrections:MaxRetriesPerCase</c>): retrying the same failure again and again
/// hides its cause. Rejected retries do not count. The proposal and allowed-actions use this same check.
/// </summary>
internal static class RetryBudget
{
    public static string? Refusal(FalloutCase fallout, int max)
    {
        var retries = fallout.Corrections.Count(c => c.Type == CorrectionType.RETRY && c.Status != CorrectionStatus.REJECTED);
        return retries >= max
            ? $"This case already had {retries} manual retries (the limit is {max}); find the cause or choose another correction."
            : null;
    }

    public static void Ensure(FalloutCase fallout, int max)
    {
        if (Refusal(fallout, max) is { } reason)
        {
            throw new DomainException(StatusCodes.Status429TooManyRequests, ProblemCodes.RateLimited, "Too many retries", reason);
        }
    }
}
