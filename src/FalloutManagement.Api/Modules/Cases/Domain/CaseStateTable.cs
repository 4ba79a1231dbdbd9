using System.Collections.Frozen;
using FalloutManagement.Api.Common.Auth;
using static FalloutManagement.Api.Modules.Cases.Domain.CaseStatus;

namespace FalloutManagement.Api.Modules.Cases.Domain;

/// <summary>Whether an operator must own the case (be its assignee) to run a command. Supervisors never need to.</summary>
public enum Ownership
{
    /// <summary>Queue access is enough.</summary>
    None,

    /// <summary>The operator must be the case's assignee.</summary>
    Assignee,

    /// <summary>The operator must be the assignee when the case has one; an unassigned case needs queue access only.</summary>
    AssigneeWhenAssigned,
}

/// <summary>Where a command takes the case: one state, the state it is in, or a state computed from input and case.</summary>
public sealed record CaseTarget(CaseStatus? To, string Description)
{
    public static readonly CaseTarget Stays = new(null, "stays");

    public static CaseTarget State(CaseStatus to) => new(to, to.ToString());

    public static CaseTarget Computed(string description) => new(null, description);

    public override string ToString() => Description;
}

/// <summary>
/// One row of the state table: from-states, target, roles, ownership, and the named rules guarding the command.
/// <see cref="PreChecks"/> run before the from-state check (they give a more telling refusal than
/// INVALID_TRANSITION in a state the command never runs in); <see cref="Rules"/> run after it.
/// </summary>
public sealed record CommandRule(CaseCommand Command, FrozenSet<CaseStatus> From, CaseTarget Target, FrozenSet<string> Roles,
    Ownership Ownership, IReadOnlyList<ICaseRule> PreChecks, IReadOnlyList<ICaseRule> Rules);

/// <summary>
/// The one state table of the fallout case: the whole specification of every command. The aggregate checks every
/// transition against it, <c>allowed-actions</c> evaluates the same rows and rules, and bulk recovery asks it, so
/// they cannot disagree.
/// </summary>
public static class CaseStateTable
{
    private static readonly CaseStatus[] Waiting = [WAITING_CUSTOMER, WAITING_PARTNER, WAITING_FIELD, WAITING_VENDOR, WAITING_INCIDENT];
    private static readonly CaseStatus[] WaitingOnParties = [WAITING_CUSTOMER, WAITING_PARTNER, WAITING_FIELD, WAITING_VENDOR];
    private static readonly CaseStatus[] Resolved = [RESOLVED_RESUME, RESOLVED_CANCEL, RESOLVED_COMPENSATE];
    private static readonly CaseStatus[] Open = Enum.GetValues<CaseStatus>().Where(s => !s.IsTerminal()).ToArray();
    private static readonly CaseStatus[] Any = Enum.GetValues<CaseStatus>();

    /// <summary>Where a case stands before its correction was applied.</summary>
    private static readonly CaseStatus[] NotYetCorrected =
        [DETECTED, CLASSIFIED, QUEUED, ASSIGNED, IN_PROGRESS, .. Waiting, APPROVAL_REQUIRED, CORRECTION_PROPOSED];
    private static readonly string[] Workers = [Roles.Operator, Roles.Supervisor];
    private static readonly ICaseRule[] None = [];

    /// <summary>Commands no caller runs: the service runs them itself when their rules hold (dispatch, time-out).</summary>
    private static readonly string[] BySystem = [];

    public static readonly FrozenDictionary<CaseCommand, CommandRule> Rules = new[]
    {
        Row(CaseCommand.CLASSIFY, [DETECTED], CaseTarget.State(QUEUED), Workers, Ownership.Assignee),
        Row(CaseCommand.ASSIGN, [QUEUED, ASSIGNED, IN_PROGRESS, .. Waiting],
            CaseTarget.Computed("ASSIGNED from QUEUED; a hand-over keeps the state"), Workers, Ownership.AssigneeWhenAssigned),
        Row(CaseCommand.START, [ASSIGNED], CaseTarget.State(IN_PROGRESS), Workers, Ownership.Assignee),
        Row(CaseCommand.WAIT, [IN_PROGRESS], CaseTarget.Computed("WAITING_* by what the case waits for"), Workers, Ownership.Assignee),
        Row(CaseCommand.CONTINUE, Waiting, CaseTarget.State(IN_PROGRESS), Workers, Ownership.Assignee),
        Row(CaseCommand.ESCALATE, Open, CaseTarget.Computed("stays; an ASSIGNED case moved to another queue goes back to QUEUED"),
            Workers, Ownership.Assignee),
        Row(CaseCommand.CREATE_TASK, Open, CaseTarget.Stays, Workers, Ownership.Assignee),
        Row(CaseCommand.ASSIGN_TASK, Open, CaseTarget.Stays, Workers, Ownership.Assignee),
        Row(CaseCommand.COMPLETE_TASK, Open, CaseTarget.Stays, Workers, Ownership.Assignee),
        Row(CaseCommand.PROPOSE_CORRECTION, [IN_PROGRESS],
            CaseTarget.Computed("APPROVAL_REQUIRED when the policy needs approval, else CORRECTION_PROPOSED"), Workers, Ownership.Assignee),
        Row(CaseCommand.APPROVE_CORRECTION, [APPROVAL_REQUIRED], CaseTarget.State(CORRECTION_PROPOSED), [Roles.Approver], Ownership.None,
            rules: [new CorrectionAwaitsApproval(), new CheckerIsApprover(), new MakerIsNotChecker(), new HighRiskApprovalNeedsStepUp(),
                new ApprovalNotOutdated()]),
        Row(CaseCommand.REJECT_CORRECTION, [APPROVAL_REQUIRED], CaseTarget.State(IN_PROGRESS), [Roles.Approver], Ownership.None,
            rules: [new CorrectionAwaitsApproval(), new CheckerIsApprover(), new MakerIsNotChecker()]),
        Row(CaseCommand.APPLY_CORRECTION, [CORRECTION_PROPOSED], CaseTarget.State(CORRECTION_APPLIED), Workers, Ownership.Assignee,
            preChecks: [new ApprovedBeforeApply()], rules: [new CorrectionReady(), new ExecutedByPerson(), new RequiredEvidencePresent()]),
        Row(CaseCommand.VERIFY, [CORRECTION_APPLIED], CaseTarget.State(VERIFYING), Workers, Ownership.Assignee),
        Row(CaseCommand.VERIFICATION_FAILED, [VERIFYING], CaseTarget.State(IN_PROGRESS), Workers, Ownership.Assignee),
        Row(CaseCommand.ATTACH_EVIDENCE, Open, CaseTarget.Stays, Workers, Ownership.Assignee),
        Row(CaseCommand.RESOLVE, [VERIFYING], CaseTarget.Computed("RESOLVED_RESUME, RESOLVED_CANCEL or RESOLVED_COMPENSATE by the decision"),
            Workers, Ownership.Assignee,
            rules: [new ResolutionEvidenceRequired(), new MandatoryTasksDone(), new ResumeNeedsOrderStep()]),
        Row(CaseCommand.REDEEM_RESUME_TOKEN, Resolved, CaseTarget.State(CLOSED), [Roles.Source], Ownership.None,
            preChecks: [new TokenNotUsed()], rules: [new TokenOfThisCase(), new TokenNotExpired(), new OrderVersionMatches()]),
        Row(CaseCommand.REISSUE_RESUME_TOKEN, Resolved, CaseTarget.Stays, [Roles.Supervisor], Ownership.None,
            rules: [new ReissueNeedsExpiredToken()]),
        Row(CaseCommand.CLOSE, [RESOLVED_CANCEL, RESOLVED_COMPENSATE], CaseTarget.State(CLOSED), Workers, Ownership.Assignee,
            preChecks: [new DecisionClosesByRedemption()]),
        Row(CaseCommand.CANCEL, [DETECTED, CLASSIFIED, QUEUED, ASSIGNED, IN_PROGRESS, .. Waiting], CaseTarget.State(CANCELLED), Workers,
            Ownership.Assignee),
        Row(CaseCommand.RELINK, Open, CaseTarget.Computed("stays; a new incident parks or releases the case as LINK/UNLINK_INCIDENT do"),
            [Roles.Supervisor], Ownership.None),
        Row(CaseCommand.LINK_INCIDENT, Open, CaseTarget.Computed("WAITING_INCIDENT from QUEUED, ASSIGNED, IN_PROGRESS; else stays"),
            [Roles.Supervisor], Ownership.None, rules: [new NotLinkedToAnIncident()]),
        Row(CaseCommand.UNLINK_INCIDENT, Open,
            CaseTarget.Computed("from WAITING_INCIDENT: QUEUED (no owner), ASSIGNED (owner never acted) or IN_PROGRESS; else stays"),
            [Roles.Supervisor], Ownership.None, rules: [new LinkedToTheIncident()]),
        Row(CaseCommand.DISPATCH_CORRECTION, [CORRECTION_PROPOSED], CaseTarget.Stays, BySystem, Ownership.None,
            rules: [new CorrectionReady(), new ExecutedBySystem(), new NotYetDispatched(), new RequiredEvidencePresent(), new ApprovalNotOutdated()]),
        Row(CaseCommand.REPORT_EXECUTION_RESULT, [CORRECTION_PROPOSED],
            CaseTarget.Computed("CORRECTION_APPLIED when SUCCEEDED, IN_PROGRESS when FAILED or REJECTED"), [Roles.Executor], Ownership.None,
            rules: [new ExecutionAwaited()]),
        Row(CaseCommand.TIME_OUT_EXECUTION, [CORRECTION_PROPOSED], CaseTarget.State(IN_PROGRESS), BySystem, Ownership.None,
            rules: [new ExecutionAwaited(), new ExecutionDeadlinePassed()]),
        Row(CaseCommand.EXTERNAL_UPDATE, WaitingOnParties, CaseTarget.State(IN_PROGRESS), [Roles.Partner, Roles.Executor], Ownership.None,
            rules: [new WaitingOnTheParty()]),
        Row(CaseCommand.HOLD_RESERVATION, Open, CaseTarget.Stays, Workers, Ownership.Assignee),
        Row(CaseCommand.EXPIRE_WAIT, Waiting, CaseTarget.State(IN_PROGRESS), BySystem, Ownership.None, rules: [new WaitDeadlinePassed()]),
        // A held resource is released or quarantined even after its case ended: the inventory must get it back.
        Row(CaseCommand.EXPIRE_RESERVATION, Any, CaseTarget.Stays, BySystem, Ownership.None, rules: [new ReservationDue()]),
        Row(CaseCommand.EXPIRE_DECISION_TOKEN, Resolved, CaseTarget.Computed("stays; the case goes to its queue's escalation queue, one level up"),
            BySystem, Ownership.None, rules: [new TokenOfThisCase(), new TokenExpiredUnused()]),
        Row(CaseCommand.REQUEST_SERVICE_SUSPENSION, NotYetCorrected, CaseTarget.Stays, BySystem, Ownership.None,
            rules: [new DeadlinePassed(), new SuspensionNotYetRequested()]),
        Row(CaseCommand.VOID_OUTDATED_CORRECTION, [CORRECTION_PROPOSED], CaseTarget.State(IN_PROGRESS), BySystem, Ownership.None,
            rules: [new CorrectionReady(), new ExecutedBySystem(), new NotYetDispatched(), new ApprovalOutdated()]),
    }.ToFrozenDictionary(r => r.Command);

    /// <summary>Whether the service runs the command itself (no role may call it).</summary>
    public static bool IsSystemCommand(CaseCommand command) => Rules[command].Roles.Count == 0;

    public static bool Allows(CaseCommand command, CaseStatus from) => Rules[command].From.Contains(from);

    /// <summary>The first refusal of the command's pre-checks, from-state and rules, in that order; null when it may run.</summary>
    public static Refusal? Refusal(CaseCommand command, RuleContext context) =>
        StateRefusal(command, context) ?? RulesRefusal(command, context);

    /// <summary>The pre-checks and the from-state check.</summary>
    public static Refusal? StateRefusal(CaseCommand command, RuleContext context)
    {
        var row = Rules[command];
        if (FirstRefusal(row.PreChecks, context) is { } refusal)
        {
            return refusal;
        }
        var from = context.Case.Status;
        return row.From.Contains(from)
            ? null
            : Domain.Refusal.InvalidTransition(from.IsTerminal()
                ? $"The case is {from}: a terminal case takes no command."
                : $"{command} is not allowed while the case is {from}.");
    }

    public static Refusal? RulesRefusal(CaseCommand command, RuleContext context) => FirstRefusal(Rules[command].Rules, context);

    /// <summary>Throws the first refusal (INVALID_TRANSITION or the rule's own code) unless the command may run.</summary>
    public static void Ensure(CaseCommand command, RuleContext context)
    {
        if (Refusal(command, context) is { } refusal)
        {
            throw refusal.ToException();
        }
    }

    /// <summary>Throws unless the command may run in the case's state (pre-checks included); its rules are checked apart.</summary>
    public static void EnsureState(CaseCommand command, RuleContext context)
    {
        if (StateRefusal(command, context) is { } refusal)
        {
            throw refusal.ToException();
        }
    }

    public static void EnsureRules(CaseCommand command, RuleContext context)
    {
        if (RulesRefusal(command, context) is { } refusal)
        {
            throw refusal.ToException();
        }
    }

    /// <summary>The state a fixed-target command moves the case to.</summary>
    public static CaseStatus TargetOf(CaseCommand command) =>
        Rules[command].Target.To ?? throw new InvalidOperationException($"{command} has no fixed target state.");

    /// <summary>
    /// States from which bulk recovery can propose a retry: where PROPOSE_CORRECTION runs, or WAITING_INCIDENT, which
    /// CONTINUE takes there (the incident that parked the case is resolved).
    /// </summary>
    public static bool RetryableInBulk(CaseStatus status) =>
        Allows(CaseCommand.PROPOSE_CORRECTION, status)
        || (status == WAITING_INCIDENT && Allows(CaseCommand.CONTINUE, status) && Allows(CaseCommand.PROPOSE_CORRECTION, TargetOf(CaseCommand.CONTINUE)));

    private static Refusal? FirstRefusal(IReadOnlyList<ICaseRule> rules, RuleContext context)
    {
        foreach (var rule in rules)
        {
            if (rule.Check(context) is { } refusal)
            {
                return refusal;
            }
        }
        return null;
    }

    private static CommandRule Row(CaseCommand command, CaseStatus[] from, CaseTarget target, string[] roles, Ownership ownership,
        ICaseRule[]? preChecks = null, ICaseRule[]? rules = null) =>
        new(command, from.ToFrozenSet(), target, roles.ToFrozenSet(StringComparer.Ordinal), ownership, preChecks ?? None, rules ?? None);
}
