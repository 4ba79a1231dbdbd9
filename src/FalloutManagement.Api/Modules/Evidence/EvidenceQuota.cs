using FalloutManagement.Api.Common.Problems;
using FalloutManagement.Api.Modules.Cases.Domain;

namespace FalloutManagement.Api.Modules.Evidence;

/// <summary>
/// Configuration section <c>Evidence</c>: how much evidence one case may hold. Evidence is append-only, so without a
/// quota a careless or hostile client could grow a case (and the database) without bound.
/// </summary>
internal sealed class EvidenceQuota
{
    public const string Section = "Evidence";

    /// <summary>Items per case; one more is 409 <c>EVIDENCE_QUOTA_EXCEEDED</c>.</summary>
    public int MaxItemsPerCase { get; set; } = 100;

    /// <summary>Stored content bytes per case; content that would pass it is 413 <c>EVIDENCE_QUOTA_EXCEEDED</c>.</summary>
    public long MaxBytesPerCase { get; set; } = 16 * 1024 * 1024;

    /// <summary>Refuses a new item (with <paramref name="contentBytes"/> of content) the case has no room for.</summary>
    public void Ensure(FalloutCase fallout, long contentBytes)
    {
        if (fallout.Evidence.Count >= MaxItemsPerCase)
        {
            throw new DomainException(StatusCodes.Status409Conflict, ProblemCodes.EvidenceQuotaExceeded, "Evidence quota exceeded",
                $"This case holds {fallout.Evidence.Count} evidence items, the most one case may hold ({MaxItemsPerCase}).");
        }
        var stored = fallout.Evidence.Sum(e => e.ContentLength ?? 0);
        if (stored + contentBytes > MaxBytesPerCase)
        {
            throw new DomainException(StatusCodes.Status413PayloadTooLarge, ProblemCodes.EvidenceQuotaExceeded, "Evidence quota exceeded",
                $"This case holds {stored} bytes of evidence content; {contentBytes} more would pass the {MaxBytesPerCase} bytes one case may hold.");
        }
    }
}
