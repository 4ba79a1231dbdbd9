using FalloutManagement.Api.Common.Auth;
using FalloutManagement.Api.Modules.Cases.Domain;

namespace FalloutManagement.UnitTests.Cases;

/// <summary>Builds cases in any resting state by driving the aggregate's real transitions.</summary>
public static class CaseBuilder
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);
    public static readonly Actor Source = new("activation-service", new HashSet<string> { Roles.Source }, false);
    public static readonly Actor Maker = new("olga.operator", new HashSet<string> { Roles.Operator }, false);
    public static readonly Actor Checker = new("ana.approver", new HashSet<string> { Roles.Approver }, true);
    public static readonly Actor Supervisor = new("sam.supervisor", new HashSet<string> { Roles.Supervisor }, false);

    public static readonly TimeSpan TokenLifetime = TimeSpan.FromHours(24);

    public static FalloutReport Report(string? item = "soi-1", string? step = "ProvisionMobileSubscriber") => new(
        "activation-service", "evt-1", "corr-1", "DUPLICATE_SUBSCRIBER_MISMATCH", "Subscriber exists with another IMSI",
        CustomerId: "cust-1", ServiceOrderId: "so-1", ServiceOrderItemId: item, ResourceId: "res-1",
        CategoryHint: FalloutCategory.ACTIVATION, SeverityHint: Severity.HIGH, FailedStepKey: step, OrderVersion: 7);

    public static FalloutCase Detected() => FalloutCase.Report(Report(), null, T0.AddHours(8), Source, T0);

    public static FalloutCase Queued() =>
        FalloutCase.Report(Report(), new CaseRouting(FalloutCategory.ACTIVATION, Severity.HIGH, "MOBILE_ACTIVATION_L2"), T0.AddHours(8), Source, T0);

    public static CorrectionDecision NoApproval => new(RiskLevel.LOW, false, [], "test:low");

    public static CorrectionDecision NeedsApproval(RiskLevel risk = RiskLevel.HIGH) => new(risk, true, [], "test:high");

    /// <summary>A case resting in <paramref name="status"/>, with one open optional task and one proving evidence item once queued.</summary>
    public static FalloutCase InState(CaseStatus status)
    {
        var now = T0.AddMinutes(1);
        if (status == CaseStatus.DETECTED)
        {
            var detected = Detected();
            detected.CreateTask("TRIAGE", "Find the right queue", null, null, mandatory: false, Supervisor, now);
            return detected;
        }
        var c = Queued();
        c.CreateTask("CALL_VENDOR", "Ask the HSS vendor for a read-back", null, null, mandatory: false, Supervisor, now);
        c.AttachEvidence(EvidenceType.READ_BACK_SNAPSHOT, "HSS", "s3://evidence/1", "sha256:00", null, false, true, null, Supervisor, now);
        switch (status)
        {
            case CaseStatus.QUEUED:
                return c;
            case CaseStatus.CANCELLED:
                c.Cancel("duplicate", Supervisor, now);
                return c;
        }
        c.Assign(Maker.Id, null, null, Maker, now);
        if (status == CaseStatus.ASSIGNED)
        {
            return c;
        }
        c.Start(Maker, now);
        if (status.IsWaiting())
        {
            c.Wait(Enum.Parse<WaitingFor>(status.ToString()["WAITING_".Length..]), "waiting", null, Maker, now, party: status == CaseStatus.WAITING_INCIDENT ? null : "PARTNER-A");
            return c;
        }
        if (status == CaseStatus.IN_PROGRESS)
        {
            return c;
        }
        if (status == CaseStatus.APPROVAL_REQUIRED)
        {
            c.ProposeCorrection(CorrectionType.MANUAL_PROVISIONING, "{}", "fix it", NeedsApproval(), null, Maker, now);
            return c;
        }
        var correction = c.ProposeCorrection(CorrectionType.RETRY, "{}", "retry", NoApproval, null, Maker, now);
        if (status == CaseStatus.CORRECTION_PROPOSED)
        {
            return c;
        }
        c.ApplyCorrection(correction.Id, "{\"ok\":true}", Maker, now);
        if (status == CaseStatus.CORRECTION_APPLIED)
        {
            return c;
        }
        c.Verify(Maker, now);
        if (status == CaseStatus.VERIFYING)
        {
            return c;
        }
        var evidence = c.Evidence[0].Id;
        switch (status)
        {
            case CaseStatus.RESOLVED_RESUME:
                c.Resolve(ResolutionDecision.RESUME, ResumeMode.RETRY_FAILED_STEP, evidence, "fixed", TokenLifetime, Maker, now);
                return c;
            case CaseStatus.RESOLVED_COMPENSATE:
                c.Resolve(ResolutionDecision.COMPENSATE, null, evidence, "compensate", TokenLifetime, Maker, now);
                return c;
        }
        c.Resolve(ResolutionDecision.CANCEL, null, evidence, "cancel", TokenLifetime, Maker, now);
        if (status == CaseStatus.RESOLVED_CANCEL)
        {
            return c;
        }
        // A cancellation closes when order management redeems its decision token.
        c.RedeemResumeToken(c.ResumeToken!.TokenId, c.ResumeToken.ExpectedOrderVersion ?? 0, Source, now);
        return status == CaseStatus.CLOSED ? c : throw new ArgumentOutOfRangeException(nameof(status), status, "Not a resting state.");
    }
}
