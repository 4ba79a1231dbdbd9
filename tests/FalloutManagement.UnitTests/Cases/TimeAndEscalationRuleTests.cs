using FalloutManagement.Api.Common.Auth;
using FalloutManagement.Api.Common.Problems;
using FalloutManagement.Api.Modules.Cases.Domain;
using static FalloutManagement.UnitTests.Cases.CaseBuilder;

namespace FalloutManagement.UnitTests.Cases;

/// <summary>
/// The time sweep's commands run only when their rule holds and then once; a policy's escalation rule acts in the proposal.
/// </summary>
public sealed class TimeAndEscalationRuleTests
{
    private static readonly Actor Sweep = Actor.System("time-sweep");
    private static readonly DateTimeOffset Now = T0.AddHours(1);

    private static void RefusedUnchanged(FalloutCase c, Action act)
    {
        var version = c.Version;
        var error = Assert.IsType<DomainException>(Record.Exception(act), exactMatch: false);
        Assert.Equal(ProblemCodes.InvalidTransition, error.Code);
        Assert.Equal(version, c.Version);
    }

    [Fact]
    public void A_wait_expires_only_after_its_waiting_until_and_only_once()
    {
        var c = InState(CaseStatus.IN_PROGRESS);
        c.Wait(WaitingFor.CUSTOMER, "customer confirms", Now.AddHours(1), Maker, Now);

        RefusedUnchanged(c, () => c.ExpireWait(Sweep, Now.AddMinutes(59)));
        c.ExpireWait(Sweep, Now.AddHours(1));
        Assert.Equal(CaseStatus.IN_PROGRESS, c.Status);
        RefusedUnchanged(c, () => c.ExpireWait(Sweep, Now.AddHours(2)));
    }

    [Fact]
    public void A_reservation_expires_after_its_TTL_once_even_on_a_terminal_case()
    {
        var c = InState(CaseStatus.IN_PROGRESS);
        var reservation = c.HoldReservation("port-1", "PORT", Now.AddHours(1), ReservationExpiryAction.QUARANTINE, Maker, Now);
        c.Cancel("duplicate of another case", Supervisor, Now);

        RefusedUnchanged(c, () => c.ExpireReservation(reservation.Id, Sweep, Now));
        RefusedUnchanged(c, () => c.ExpireReservation(Guid.NewGuid(), Sweep, Now.AddHours(2)));
        c.ExpireReservation(reservation.Id, Sweep, Now.AddHours(2));
        Assert.Equal(ReservationStatus.EXPIRED, reservation.Status);
        RefusedUnchanged(c, () => c.ExpireReservation(reservation.Id, Sweep, Now.AddHours(3)));
    }

    [Fact]
    public void A_decision_token_is_reported_expired_once_after_its_expiry()
    {
        var c = InState(CaseStatus.RESOLVED_CANCEL);
        var token = c.ResumeToken!;

        RefusedUnchanged(c, () => c.ReportTokenExpired(token.TokenId, "FALLOUT_ESCALATION", Sweep, token.ExpiresAt.AddMinutes(-1)));
        c.ReportTokenExpired(token.TokenId, "FALLOUT_ESCALATION", Sweep, token.ExpiresAt);
        Assert.Equal("FALLOUT_ESCALATION", c.Queue);
        RefusedUnchanged(c, () => c.ReportTokenExpired(token.TokenId, "FALLOUT_ESCALATION", Sweep, token.ExpiresAt.AddHours(1)));
    }

    [Fact]
    public void A_service_suspension_is_requested_once_after_the_deadline_and_never_once_the_correction_is_applied()
    {
        var c = InState(CaseStatus.WAITING_PARTNER);
        RefusedUnchanged(c, () => c.RequestServiceSuspension("billing", Now.AddMinutes(1), Sweep, Now));
        c.RequestServiceSuspension("billing", Now, Sweep, Now);
        Assert.Equal(Now, c.ServiceSuspensionRequestedAt);
        Assert.Equal(CaseStatus.WAITING_PARTNER, c.Status);
        var requested = Assert.IsType<FalloutServiceSuspendRequested>(c.PendingChanges[^1].Event);
        Assert.Equal("billing", requested.Executor);
        RefusedUnchanged(c, () => c.RequestServiceSuspension("billing", Now, Sweep, Now.AddHours(1)));

        var applied = InState(CaseStatus.CORRECTION_APPLIED);
        RefusedUnchanged(applied, () => applied.RequestServiceSuspension("billing", Now, Sweep, Now));
    }

    [Fact]
    public void NOTIFY_SUPERVISOR_escalates_in_place_without_voiding_the_approval()
    {
        var c = InState(CaseStatus.IN_PROGRESS);
        var queue = c.Queue;
        var level = c.EscalationLevel;
        var tasks = c.Tasks.Count;

        var correction = c.ProposeCorrection(CorrectionType.RETRY, "{}", "retry", NeedsApproval() with { EscalationRule = "NOTIFY_SUPERVISOR" }, null,
            Maker, Now);

        Assert.Equal(level + 1, c.EscalationLevel);
        Assert.Equal(queue, c.Queue);
        Assert.Equal(tasks, c.Tasks.Count);
        var escalated = Assert.IsType<FalloutCaseEscalated>(c.PendingChanges[^1].Event);
        Assert.Equal(FalloutCase.ActionPolicy.Id, c.PendingChanges[^1].Actor);
        Assert.Equal(queue, escalated.ToQueue);
        c.DecideCorrection(correction.Id, approve: true, "checked", Checker, Now);
        Assert.Equal(CaseStatus.CORRECTION_PROPOSED, c.Status);
    }

    [Theory]
    [InlineData("CUSTOMER_CARE_DECISION", null)]
    [InlineData("REVENUE_ASSURANCE_REVIEW", "BILLING_RA")]
    [InlineData("FRAUD_REVIEW", "FRAUD_REVIEW")]
    public void A_review_rule_creates_one_mandatory_task_in_its_queue(string rule, string? queue)
    {
        var c = InState(CaseStatus.IN_PROGRESS);
        var decision = NoApproval with { EscalationRule = rule, EscalationQueue = queue };

        var first = c.ProposeCorrection(CorrectionType.RETRY, "{}", "retry", decision, null, Maker, Now);
        c.ApplyCorrection(first.Id, "{}", Maker, Now);
        c.Verify(Maker, Now);
        c.VerificationFailed("still wrong", Maker, Now);
        c.ProposeCorrection(CorrectionType.RETRY, "{}", "retry again", decision, null, Maker, Now);

        var task = Assert.Single(c.Tasks, t => t.TaskType == rule);
        Assert.Equal(rule, task.TaskType);
        Assert.True(task.Mandatory);
        Assert.Equal(queue ?? c.Queue, task.Queue);
        Assert.Equal(FalloutCase.ActionPolicy.Id, task.CreatedBy);
    }

    [Fact]
    public void No_escalation_rule_does_nothing_beyond_the_proposal()
    {
        var c = InState(CaseStatus.IN_PROGRESS);
        var version = c.Version;
        var tasks = c.Tasks.Count;

        c.ProposeCorrection(CorrectionType.RETRY, "{}", "retry", NoApproval with { EscalationRule = "NONE" }, null, Maker, Now);

        Assert.Equal(version + 1, c.Version);
        Assert.Equal(tasks, c.Tasks.Count);
    }

    [Fact]
    public void A_wait_on_an_incident_expires_at_its_until_and_linking_an_incident_drops_the_until()
    {
        var expiring = InState(CaseStatus.IN_PROGRESS);
        expiring.Wait(WaitingFor.INCIDENT, "core network outage", Now.AddHours(1), Maker, Now);
        expiring.ExpireWait(Sweep, Now.AddHours(1));
        Assert.Equal(CaseStatus.IN_PROGRESS, expiring.Status);

        var linked = InState(CaseStatus.IN_PROGRESS);
        linked.Wait(WaitingFor.INCIDENT, "core network outage", Now.AddHours(1), Maker, Now);
        linked.LinkIncident(Guid.NewGuid(), "the outage", Supervisor, Now);
        Assert.Null(linked.WaitingUntil);
        RefusedUnchanged(linked, () => linked.ExpireWait(Sweep, Now.AddHours(2)));
    }

    [Fact]
    public void A_late_execution_result_is_recorded_without_moving_the_case()
    {
        var c = InState(CaseStatus.IN_PROGRESS);
        var correction = c.ProposeCorrection(CorrectionType.RETRY, "{\"step\":\"ProvisionMobileSubscriber\"}", "retry",
            NoApproval with { Executor = new CorrectionExecutor("activation-service", TimeSpan.FromMinutes(15)) }, null, Maker, Now);
        c.TimeOutExecution(Actor.System("execution-sweep"), Now.AddMinutes(16));
        var version = c.Version;
        var updatedAt = c.UpdatedAt;
        var changes = c.PendingChanges.Count;

        var (late, effect) = c.ReportExecutionResult(correction.Id, "activation-service",
            new ExecutionReport(correction.CommandId!.Value, ExecutionOutcome.SUCCEEDED, "late", null, null), Actor.System("activation-service"),
            Now.AddMinutes(20));

        Assert.Equal(ExecutionReportEffect.RECORDED_LATE, effect);
        Assert.Equal(ExecutionStatus.TIMED_OUT, late.ExecutionStatus);
        Assert.Equal(CaseStatus.IN_PROGRESS, c.Status);
        Assert.Equal(version, c.Version);
        Assert.Equal(updatedAt, c.UpdatedAt);
        Assert.Equal("EXECUTION_RESULT_LATE", c.PendingChanges[changes].Action);
    }
}

/// <summary>
/// A material change while an executor-run correction waits for its evidence would leave the case stuck (it can no longer
/// be dispatched, nobody may apply it): the service rejects the correction and the case returns to its operator.
/// </summary>
public sealed class OutdatedCorrectionTests
{
    private static readonly DateTimeOffset Now = T0.AddHours(1);

    private static readonly CorrectionDecision NeedsDiff =
        new(RiskLevel.MEDIUM, false, [EvidenceType.DATA_DIFF], "test:diff") { Executor = new CorrectionExecutor("hss-adapter", TimeSpan.FromMinutes(15)) };

    [Fact]
    public void An_escalation_voids_a_correction_still_waiting_for_its_evidence()
    {
        var c = InState(CaseStatus.IN_PROGRESS);
        var correction = c.ProposeCorrection(CorrectionType.DATA_CORRECTION, """{"field":"apnProfile","before":"a","after":"b","system":"hss-adapter"}""",
            "fix the APN", NeedsDiff, null, Maker, Now);
        Assert.Equal(CaseStatus.CORRECTION_PROPOSED, c.Status);
        Assert.Equal(ExecutionStatus.NOT_DISPATCHED, correction.ExecutionStatus);
        c.ClearPendingChanges();

        c.Escalate("vendor outage", null, raiseSeverity: true, Supervisor, Now.AddMinutes(1));

        Assert.Equal(CaseStatus.IN_PROGRESS, c.Status);
        Assert.Equal(CorrectionStatus.REJECTED, correction.Status);
        Assert.Equal(ExecutionStatus.NOT_DISPATCHED, correction.ExecutionStatus);
        Assert.Equal(["CASE_ESCALATED", "CORRECTION_REJECTED"], c.PendingChanges.Select(x => x.Action));
        var rejected = Assert.IsType<FalloutCorrectionRejected>(c.PendingChanges[1].Event);
        Assert.Equal(FalloutCase.MaterialChange.Id, c.PendingChanges[1].Actor);
        Assert.Equal("system:material-change", rejected.Checker);
        // The evidence arriving later dispatches nothing; the operator proposes again.
        c.AttachEvidence(EvidenceType.DATA_DIFF, "console", "diff", null, null, false, false, null, Maker, Now.AddMinutes(2));
        Assert.Equal(ExecutionStatus.NOT_DISPATCHED, correction.ExecutionStatus);
        c.ProposeCorrection(CorrectionType.DATA_CORRECTION, """{"field":"apnProfile","before":"a","after":"b","system":"hss-adapter"}""",
            "fix the APN, again", NeedsDiff, null, Maker, Now.AddMinutes(3));
        Assert.Equal(ExecutionStatus.REQUESTED, c.ActiveCorrection!.ExecutionStatus);
    }

    [Fact]
    public void A_dispatched_or_manual_correction_is_not_voided()
    {
        var dispatched = InState(CaseStatus.IN_PROGRESS);
        dispatched.AttachEvidence(EvidenceType.DATA_DIFF, "console", "diff", null, null, false, false, null, Maker, Now);
        var sent = dispatched.ProposeCorrection(CorrectionType.DATA_CORRECTION, """{"field":"apnProfile","before":"a","after":"b","system":"hss-adapter"}""",
            "fix the APN", NeedsDiff, null, Maker, Now);
        dispatched.Escalate("slow", null, raiseSeverity: false, Supervisor, Now.AddMinutes(1));
        Assert.Equal(ExecutionStatus.REQUESTED, sent.ExecutionStatus);
        Assert.Equal(CaseStatus.CORRECTION_PROPOSED, dispatched.Status);

        var manual = InState(CaseStatus.CORRECTION_PROPOSED);
        var own = manual.ActiveCorrection!;
        manual.Escalate("slow", null, raiseSeverity: false, Supervisor, Now.AddMinutes(1));
        Assert.Equal(CorrectionStatus.READY, own.Status);
        Assert.Equal(CaseStatus.CORRECTION_PROPOSED, manual.Status);
    }
}
