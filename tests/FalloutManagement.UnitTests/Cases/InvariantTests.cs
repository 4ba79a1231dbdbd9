using FalloutManagement.Api.Common.Auth;
using FalloutManagement.Api.Common.Problems;
using FalloutManagement.Api.Modules.Cases.Domain;
using static FalloutManagement.UnitTests.Cases.CaseBuilder;

namespace FalloutManagement.UnitTests.Cases;

/// <summary>The invariants of docs/lifecycle.md, each refused with its own code and leaving the case unchanged.</summary>
public sealed class InvariantTests
{
    private static readonly DateTimeOffset Now = T0.AddHours(1);

    private static DomainException Refused(FalloutCase c, Action act, string code)
    {
        var version = c.Version;
        var status = c.Status;
        var error = Assert.IsType<DomainException>(Record.Exception(act), exactMatch: false);
        Assert.Equal(code, error.Code);
        Assert.Equal(version, c.Version);
        Assert.Equal(status, c.Status);
        return error;
    }

    [Fact]
    public void The_maker_cannot_approve_their_own_correction()
    {
        var c = InState(CaseStatus.APPROVAL_REQUIRED);
        var makerAsApprover = new Actor(Maker.Id, new HashSet<string> { Roles.Approver }, true);

        var error = Refused(c, () => c.DecideCorrection(c.ActiveCorrection!.Id, true, "ok", makerAsApprover, Now), ProblemCodes.SegregationOfDuties);
        Assert.Equal(403, error.Status);
    }

    [Fact]
    public void A_checker_without_the_approver_role_is_refused()
    {
        var c = InState(CaseStatus.APPROVAL_REQUIRED);

        Refused(c, () => c.DecideCorrection(c.ActiveCorrection!.Id, true, "ok", Supervisor, Now), ProblemCodes.Forbidden);
    }

    [Theory]
    [InlineData(RiskLevel.HIGH)]
    [InlineData(RiskLevel.CRITICAL)]
    public void High_risk_approval_needs_step_up(RiskLevel risk)
    {
        var c = InState(CaseStatus.IN_PROGRESS);
        var correction = c.ProposeCorrection(CorrectionType.FORCE_COMPLETE, "{}", "force", NeedsApproval(risk), null, Maker, Now);
        var withoutMfa = Checker with { HasMfa = false };

        Refused(c, () => c.DecideCorrection(correction.Id, true, "ok", withoutMfa, Now), ProblemCodes.StepUpRequired);
        c.DecideCorrection(correction.Id, true, "verified by call-back", Checker, Now);
        Assert.Equal(CaseStatus.CORRECTION_PROPOSED, c.Status);
        Assert.Equal(Checker.Id, correction.ApprovedBy);
    }

    [Fact]
    public void Medium_risk_approval_needs_no_step_up_and_rejection_never_does()
    {
        var c = InState(CaseStatus.IN_PROGRESS);
        var medium = c.ProposeCorrection(CorrectionType.DATA_CORRECTION, "{}", "fix", NeedsApproval(RiskLevel.MEDIUM), null, Maker, Now);
        c.DecideCorrection(medium.Id, false, "wrong field", Checker with { HasMfa = false }, Now);
        Assert.Equal(CaseStatus.IN_PROGRESS, c.Status);
        Assert.Equal(CorrectionStatus.REJECTED, medium.Status);
    }

    [Fact]
    public void A_correction_needing_approval_cannot_be_applied_before_it_is_approved()
    {
        var c = InState(CaseStatus.APPROVAL_REQUIRED);

        Refused(c, () => c.ApplyCorrection(c.ActiveCorrection!.Id, "{}", Maker, Now), ProblemCodes.ApprovalRequired);
    }

    [Fact]
    public void An_approval_after_a_material_change_of_the_case_is_void()
    {
        var c = InState(CaseStatus.APPROVAL_REQUIRED);
        c.Escalate("customer complained", "MOBILE_ACTIVATION_L2", raiseSeverity: true, Supervisor, Now);

        Refused(c, () => c.DecideCorrection(c.ActiveCorrection!.Id, true, "ok", Checker, Now), ProblemCodes.VersionConflict);
        // Rejecting the void proposal is still possible, so the case can move on.
        c.DecideCorrection(c.ActiveCorrection!.Id, false, "proposal outdated", Checker, Now);
        Assert.Equal(CaseStatus.IN_PROGRESS, c.Status);
    }

    [Fact]
    public void Evidence_attached_while_approval_is_pending_does_not_void_it()
    {
        var c = InState(CaseStatus.APPROVAL_REQUIRED);
        c.AttachEvidence(EvidenceType.READ_BACK_SNAPSHOT, "HSS", "ref", null, null, false, false, null, Maker, Now);

        c.DecideCorrection(c.ActiveCorrection!.Id, true, "read-back attached", Checker, Now);
        Assert.Equal(CaseStatus.CORRECTION_PROPOSED, c.Status);
    }

    [Fact]
    public void Required_evidence_types_must_be_attached_before_apply()
    {
        var c = InState(CaseStatus.IN_PROGRESS);
        var decision = new CorrectionDecision(RiskLevel.MEDIUM, false, [EvidenceType.VENDOR_REQUEST_ID], "policy:x");
        var correction = c.ProposeCorrection(CorrectionType.MANUAL_PROVISIONING, "{}", "manual", decision, null, Maker, Now);

        Refused(c, () => c.ApplyCorrection(correction.Id, "{}", Maker, Now), ProblemCodes.EvidenceRequired);
        c.AttachEvidence(EvidenceType.VENDOR_REQUEST_ID, "HSS", "req-991", null, null, false, false, null, Maker, Now);
        c.ApplyCorrection(correction.Id, "{}", Maker, Now);
        Assert.Equal(CaseStatus.CORRECTION_APPLIED, c.Status);
    }

    [Fact]
    public void No_resolution_without_evidence_that_proves_it()
    {
        var c = InState(CaseStatus.VERIFYING);
        var notProof = c.AttachEvidence(EvidenceType.SCREENSHOT, "console", "ref", null, null, false, false, null, Maker, Now);

        Refused(c, () => c.Resolve(ResolutionDecision.RESUME, null, notProof.Id, "fixed", TokenLifetime, Maker, Now), ProblemCodes.EvidenceRequired);
        Refused(c, () => c.Resolve(ResolutionDecision.RESUME, null, Guid.NewGuid(), "fixed", TokenLifetime, Maker, Now), ProblemCodes.EvidenceRequired);
    }

    [Fact]
    public void Superseded_evidence_no_longer_proves_a_resolution()
    {
        var c = InState(CaseStatus.VERIFYING);
        var original = c.Evidence[0];
        c.AttachEvidence(EvidenceType.READ_BACK_SNAPSHOT, "HSS", "ref-2", null, null, false, false, original.Id, Maker, Now);

        Refused(c, () => c.Resolve(ResolutionDecision.RESUME, null, original.Id, "fixed", TokenLifetime, Maker, Now), ProblemCodes.EvidenceRequired);
    }

    [Fact]
    public void An_open_mandatory_task_blocks_resolution()
    {
        var c = InState(CaseStatus.VERIFYING);
        var task = c.CreateTask("FIELD_VISIT", "Confirm ONT serial on site", null, null, mandatory: true, Maker, Now);

        Refused(c, () => c.Resolve(ResolutionDecision.CANCEL, null, c.Evidence[0].Id, "x", TokenLifetime, Maker, Now), ProblemCodes.InvalidTransition);
        c.CompleteTask(task.Id, "serial confirmed", Maker, Now);
        c.Resolve(ResolutionDecision.CANCEL, null, c.Evidence[0].Id, "x", TokenLifetime, Maker, Now);
        Assert.Equal(CaseStatus.RESOLVED_CANCEL, c.Status);
    }

    [Fact]
    public void A_resume_mode_must_fit_the_decision()
    {
        var c = InState(CaseStatus.VERIFYING);

        var error = Assert.IsType<ValidationProblemException>(Record.Exception(() =>
            c.Resolve(ResolutionDecision.CANCEL, ResumeMode.RETRY_FAILED_STEP, c.Evidence[0].Id, "x", TokenLifetime, Maker, Now)));
        Assert.True(error.Errors.ContainsKey("resumeMode"));
    }

    [Fact]
    public void Resolving_for_resume_issues_a_token_for_the_failed_step_and_order_version()
    {
        var c = InState(CaseStatus.RESOLVED_RESUME);

        var token = c.ResumeToken!;
        Assert.Equal("soi-1", token.ServiceOrderItemId);
        Assert.Equal("ProvisionMobileSubscriber", token.FailedStepKey);
        Assert.Equal(7, token.ExpectedOrderVersion);
        Assert.Equal(ResumeMode.RETRY_FAILED_STEP, token.Mode);
        Assert.Equal(c.Evidence[0].Id, token.EvidenceId);
        Assert.Single(token.CorrectionActionIds);
        Assert.Equal(token.IssuedAt + TokenLifetime, token.ExpiresAt);
    }

    [Fact]
    public void A_case_resolved_for_resume_cannot_be_closed_by_hand()
    {
        var c = InState(CaseStatus.RESOLVED_RESUME);

        Refused(c, () => c.Close("done", Supervisor, Now), ProblemCodes.InvalidTransition);
    }

    [Fact]
    public void A_resume_token_is_redeemed_exactly_once_and_closes_the_case()
    {
        var c = InState(CaseStatus.RESOLVED_RESUME);
        var token = c.ResumeToken!;

        var instruction = c.RedeemResumeToken(token.TokenId, 7, Source, Now);

        Assert.Equal(CaseStatus.CLOSED, c.Status);
        Assert.Equal("ProvisionMobileSubscriber", instruction.FailedStepKey);
        Assert.Equal(ResumeTokenStatus.REDEEMED, token.Status);
        Refused(c, () => c.RedeemResumeToken(token.TokenId, 7, Source, Now), ProblemCodes.TokenUsed);
    }

    [Fact]
    public void A_resume_token_is_refused_for_another_order_version()
    {
        var c = InState(CaseStatus.RESOLVED_RESUME);

        Refused(c, () => c.RedeemResumeToken(c.ResumeToken!.TokenId, 8, Source, Now), ProblemCodes.OrderVersionMismatch);
    }

    [Fact]
    public void An_expired_token_is_refused_and_only_then_can_be_reissued()
    {
        var c = InState(CaseStatus.RESOLVED_RESUME);
        var old = c.ResumeToken!;
        Refused(c, () => c.ReissueResumeToken("not yet", TokenLifetime, Supervisor, Now), ProblemCodes.InvalidTransition);
        var later = old.ExpiresAt.AddSeconds(1);

        Refused(c, () => c.RedeemResumeToken(old.TokenId, 7, Source, later), ProblemCodes.TokenExpired);
        var fresh = c.ReissueResumeToken("order system was down", TokenLifetime, Supervisor, later);

        Assert.NotEqual(old.TokenId, fresh.TokenId);
        Refused(c, () => c.RedeemResumeToken(old.TokenId, 7, Source, later), ProblemCodes.TokenExpired);
        c.RedeemResumeToken(fresh.TokenId, 7, Source, later);
        Assert.Equal(CaseStatus.CLOSED, c.Status);
    }

    [Fact]
    public void Order_item_and_resource_references_change_only_by_relink()
    {
        var referenceProperties = new[] { nameof(FalloutCase.ServiceOrderId), nameof(FalloutCase.ServiceOrderItemId), nameof(FalloutCase.ResourceId) };
        foreach (var name in referenceProperties)
        {
            Assert.False(typeof(FalloutCase).GetProperty(name)!.SetMethod!.IsPublic, name);
        }
        var c = InState(CaseStatus.IN_PROGRESS);
        c.Relink(null, null, "res-2", "static IP moved to a new port", Supervisor, Now);
        Assert.Equal("res-2", c.ResourceId);
        Assert.Equal("CASE_RELINKED", c.PendingChanges[^1].Action);
    }

    [Fact]
    public void A_terminal_case_takes_no_command()
    {
        foreach (var terminal in new[] { CaseStatus.CLOSED, CaseStatus.CANCELLED })
        {
            var c = InState(terminal);
            Refused(c, () => c.AttachEvidence(EvidenceType.DOCUMENT, "x", "y", null, null, false, true, null, Supervisor, Now), ProblemCodes.InvalidTransition);
            Refused(c, () => c.Escalate("late", null, true, Supervisor, Now), ProblemCodes.InvalidTransition);
            Refused(c, () => c.Cancel("again", Supervisor, Now), ProblemCodes.InvalidTransition);
        }
    }

    [Fact]
    public void Intake_with_routing_records_detected_classified_and_queued()
    {
        var c = Queued();

        Assert.Equal(["CASE_DETECTED", "CASE_CLASSIFIED", "CASE_QUEUED"], c.PendingChanges.Select(x => x.Action));
        Assert.Equal(["FalloutCaseDetected", "FalloutCaseClassified", "FalloutCaseStateChanged"], c.PendingChanges.Select(x => x.Event?.EventType));
        Assert.Equal(CaseStatus.CLASSIFIED, c.PendingChanges[1].After.Status);
        Assert.Equal(3, c.Version);
    }

    [Fact]
    public void A_hand_over_keeps_the_working_state_and_needs_a_reason()
    {
        var c = InState(CaseStatus.WAITING_FIELD);

        Assert.IsType<ValidationProblemException>(Record.Exception(() => c.Assign("bob", null, null, Supervisor, Now)));
        c.Assign("bob", null, "shift change", Supervisor, Now);
        Assert.Equal(CaseStatus.WAITING_FIELD, c.Status);
        Assert.Equal("bob", c.AssignedUser);
    }
}
