using FalloutManagement.Api.Common.Auth;
using FalloutManagement.Api.Common.Problems;
using FalloutManagement.Api.Modules.Cases.Domain;

namespace FalloutManagement.Api.Modules.Cases;

/// <summary>
/// The Access paragraph of docs/api-guide.md: operators see and work only their queues' cases (others are absent
/// to them) and act only on cases assigned to them; supervisors see and act on every queue; approvers and
/// auditors read everything; source systems report and redeem only.
/// </summary>
public static class CaseAccess
{
    public static bool CanSee(Caller caller, FalloutCase fallout) =>
        caller.IsInAnyRole(Roles.Supervisor, Roles.Auditor, Roles.Approver)
        || (caller.IsInRole(Roles.Operator) && caller.Queues.Contains(fallout.Queue));

    /// <summary>Throws 404 when the caller may not see the case, as if it did not exist.</summary>
    public static void EnsureVisible(Caller caller, FalloutCase fallout)
    {
        if (!CanSee(caller, fallout))
        {
            throw DomainException.NotFound($"Fallout case {fallout.Id} was not found.");
        }
    }

    /// <summary>Whether the caller's roles and ownership allow the command; the state is checked by the aggregate.</summary>
    public static string? Refusal(Caller caller, FalloutCase fallout, CaseCommand command)
    {
        var rule = CaseStateTable.Rules[command];
        if (!rule.Roles.Any(caller.IsInRole))
        {
            return $"{command} needs one of the roles {string.Join(", ", rule.Roles)}.";
        }
        // Supervisors act on every queue; approvers and sources act by their own role, not by ownership.
        if (caller.IsInRole(Roles.Supervisor) || rule.Roles.Any(r => r != Roles.Operator && caller.IsInRole(r)))
        {
            return null;
        }
        // From here the caller acts as an operator.
        if (!caller.Queues.Contains(fallout.Queue))
        {
            return $"The case is in queue {fallout.Queue}, which you do not work.";
        }
        var mustOwn = rule.Ownership == Ownership.Assignee
            || (rule.Ownership == Ownership.AssigneeWhenAssigned && fallout.AssignedUser is not null);
        return mustOwn && fallout.AssignedUser != caller.Id
            ? fallout.AssignedUser is null
                ? "Claim the case before working it."
                : $"The case is assigned to {fallout.AssignedUser}; only they or a supervisor may do this."
            : null;
    }

    public static void EnsureCanAct(Caller caller, FalloutCase fallout, CaseCommand command)
    {
        if (Refusal(caller, fallout, command) is { } reason)
        {
            throw DomainException.Forbidden(reason);
        }
    }
}
