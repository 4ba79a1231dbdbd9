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

public sealed record CommandRule(CaseCommand Command, FrozenSet<CaseStatus> From, FrozenSet<string> Roles, Ownership Ownership);

/// <summary>
/// The one state table of CONTRACT.md §3. The aggregate checks every transition against it and
/// <c>allowed-actions</c> reads it, so the two cannot disagree.
/// </summary>
public static class CaseStateTable
{
    private static readonly CaseStatus[] Waiting = [WAITING_CUSTOMER, WAITING_PARTNER, WAITING_FIELD, WAITING_VENDOR, WAITING_INCIDENT];
    private static readonly CaseStatus[] Open = Enum.GetValues<CaseStatus>().Where(s => !s.IsTerminal()).ToArray();
    private static readonly string[] Workers = [Roles.Operator, Roles.Supervisor];

    public static readonly FrozenDictionary<CaseCommand, CommandRule> Rules = new[]
    {
        Rule(CaseCommand.CLASSIFY, [DETECTED], Workers, Ownership.None),
        Rule(CaseCommand.ASSIGN, [QUEUED, ASSIGNED, IN_PROGRESS, .. Waiting], Workers, Ownership.AssigneeWhenAssigned),
        Rule(CaseCommand.START, [ASSIGNED], Workers, Ownership.Assignee),
        Rule(CaseCommand.WAIT, [IN_PROGRESS], Workers, Ownership.Assignee),
        Rule(CaseCommand.CONTINUE, Waiting, Workers, Ownership.Assignee),
        Rule(CaseCommand.ESCALATE, Open, Workers, Ownership.None),
        Rule(CaseCommand.CREATE_TASK, Open, Workers, Ownership.Assignee),
        Rule(CaseCommand.ASSIGN_TASK, Open, Workers, Ownership.Assignee),
        Rule(CaseCommand.COMPLETE_TASK, Open, Workers, Ownership.Assignee),
        Rule(CaseCommand.PROPOSE_CORRECTION, [IN_PROGRESS], Workers, Ownership.Assignee),
        Rule(CaseCommand.APPROVE_CORRECTION, [APPROVAL_REQUIRED], [Roles.Approver], Ownership.None),
        Rule(CaseCommand.REJECT_CORRECTION, [APPROVAL_REQUIRED], [Roles.Approver], Ownership.None),
        Rule(CaseCommand.APPLY_CORRECTION, [CORRECTION_PROPOSED], Workers, Ownership.Assignee),
        Rule(CaseCommand.VERIFY, [CORRECTION_APPLIED], Workers, Ownership.Assignee),
        Rule(CaseCommand.VERIFICATION_FAILED, [VERIFYING], Workers, Ownership.Assignee),
        Rule(CaseCommand.ATTACH_EVIDENCE, Open, Workers, Ownership.Assignee),
        Rule(CaseCommand.RESOLVE, [VERIFYING], Workers, Ownership.Assignee),
        Rule(CaseCommand.REDEEM_RESUME_TOKEN, [RESOLVED_RESUME], [Roles.Source], Ownership.None),
        Rule(CaseCommand.REISSUE_RESUME_TOKEN, [RESOLVED_RESUME], [Roles.Supervisor], Ownership.None),
        Rule(CaseCommand.CLOSE, [RESOLVED_CANCEL, RESOLVED_COMPENSATE], Workers, Ownership.Assignee),
        Rule(CaseCommand.CANCEL, [DETECTED, CLASSIFIED, QUEUED, ASSIGNED, IN_PROGRESS, .. Waiting], Workers, Ownership.AssigneeWhenAssigned),
        Rule(CaseCommand.RELINK, Open, [Roles.Supervisor], Ownership.None),
        Rule(CaseCommand.LINK_INCIDENT, Open, [Roles.Supervisor], Ownership.None),
        Rule(CaseCommand.UNLINK_INCIDENT, Open, [Roles.Supervisor], Ownership.None),
    }.ToFrozenDictionary(r => r.Command);

    public static bool Allows(CaseCommand command, CaseStatus from) => Rules[command].From.Contains(from);

    /// <summary>Throws <c>INVALID_TRANSITION</c> unless <paramref name="command"/> may run in <paramref name="from"/>.</summary>
    public static void EnsureAllowed(CaseCommand command, CaseStatus from)
    {
        if (!Allows(command, from))
        {
            throw Common.Problems.DomainException.InvalidTransition(
                from.IsTerminal()
                    ? $"The case is {from}: a terminal case takes no command."
                    : $"{command} is not allowed while the case is {from}.");
        }
    }

    private static CommandRule Rule(CaseCommand command, CaseStatus[] from, string[] roles, Ownership ownership) =>
        new(command, from.ToFrozenSet(), roles.ToFrozenSet(StringComparer.Ordinal), ownership);
}
