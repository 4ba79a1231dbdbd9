namespace FalloutManagement.Api.Modules.Cases.Domain;

public enum ResumeTokenStatus { ISSUED, REDEEMED, EXPIRED }

/// <summary>
/// A one-time permission for the order system to continue exactly from the failed step at the expected
/// order version. Redemption changes the case's version, so of many racing redemptions the database lets one win.
/// </summary>
public sealed class ResumeToken
{
    private ResumeToken() { }

    internal ResumeToken(Guid tokenId, Guid caseId, string serviceOrderItemId, string failedStepKey, ResumeMode mode,
        Guid evidenceId, IReadOnlyList<Guid> correctionActionIds, DateTimeOffset issuedAt, DateTimeOffset expiresAt,
        long? expectedOrderVersion, string issuedBy)
    {
        TokenId = tokenId;
        CaseId = caseId;
        ServiceOrderItemId = serviceOrderItemId;
        FailedStepKey = failedStepKey;
        Mode = mode;
        EvidenceId = evidenceId;
        CorrectionActionIds = [.. correctionActionIds];
        IssuedAt = issuedAt;
        ExpiresAt = expiresAt;
        ExpectedOrderVersion = expectedOrderVersion;
        IssuedBy = issuedBy;
        Status = ResumeTokenStatus.ISSUED;
    }

    public Guid TokenId { get; private set; }
    public Guid CaseId { get; private set; }
    public string ServiceOrderItemId { get; private set; } = "";
    public string FailedStepKey { get; private set; } = "";
    public ResumeMode Mode { get; private set; }
    public Guid EvidenceId { get; private set; }
    public List<Guid> CorrectionActionIds { get; private set; } = [];
    public DateTimeOffset IssuedAt { get; private set; }
    public DateTimeOffset ExpiresAt { get; private set; }
    public long? ExpectedOrderVersion { get; private set; }
    public string IssuedBy { get; private set; } = "";

    /// <summary>The stored status; <see cref="StatusAt"/> also reports an issued token past its expiry as <c>EXPIRED</c>.</summary>
    public ResumeTokenStatus Status { get; private set; }
    public DateTimeOffset? RedeemedAt { get; private set; }
    public string? RedeemedBy { get; private set; }

    public ResumeTokenStatus StatusAt(DateTimeOffset now) =>
        Status == ResumeTokenStatus.ISSUED && now >= ExpiresAt ? ResumeTokenStatus.EXPIRED : Status;

    internal void Redeem(string actor, DateTimeOffset now)
    {
        Status = ResumeTokenStatus.REDEEMED;
        RedeemedBy = actor;
        RedeemedAt = now;
    }

    internal void Expire() => Status = ResumeTokenStatus.EXPIRED;
}
