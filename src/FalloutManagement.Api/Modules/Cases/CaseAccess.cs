using FalloutManagement.Api.Common;
using FalloutManagement.Api.Common.Auth;
using FalloutManagement.Api.Common.Problems;
using FalloutManagement.Api.Modules.Cases.Domain;
using Microsoft.EntityFrameworkCore;

namespace FalloutManagement.Api.Modules.Cases;

/// <summary>
/// The access rule of docs/security.md: operators see and work only their queues' cases (others are absent
/// to them) and act only on cases assigned to them; supervisors see and act on every queue; approvers and
/// auditors read everything; source systems report as themselves and redeem only the tokens of their own cases
/// or, when they orchestrate orders, of the orders' cases.
/// </summary>
public static class CaseAccess
{
    /// <summary>Supervisors, approvers and auditors see every queue; anyone else only the queues of its claim.</summary>
    public static bool SeesEveryQueue(Caller caller) => caller.IsInAnyRole(Roles.Supervisor, Roles.Auditor, Roles.Approver);

    /// <summary>An active break-glass grant whose scope covers the case lets its holder see it as a supervisor would.</summary>
    public static bool CanSee(Caller caller, FalloutCase fallout) =>
        SeesEveryQueue(caller) || (caller.IsInRole(Roles.Operator) && caller.Queues.Contains(fallout.Queue))
        || caller.IsElevatedFor(fallout.Id, fallout.Queue);

    /// <summary>The cases the caller may see, as a query: every case, or those of its queues and break-glass scopes.</summary>
    public static IQueryable<FalloutCase> Visible(IQueryable<FalloutCase> cases, Caller caller)
    {
        if (SeesEveryQueue(caller))
        {
            return cases;
        }
        // The queues as literals (EF.Constant), not an array parameter: a prepared statement gets PostgreSQL's generic
        // plan after five runs, planned without the queues, and `queue = ANY($1)` then walks the all-queues
        // (sla_due_at, id) index filtering by queue — at 1M cases an operator of one small queue waited 226 ms for a
        // page that its own plan reads in 4 ms. EF Core writes one queue as `queue = '…'` (the (queue, sla_due_at, id)
        // index then gives the page in order), several as `IN (…)`. Only codes a queue can have are written into the
        // SQL: no queue has another, so dropping the rest changes nothing the caller sees.
        var queues = (caller.IsInRole(Roles.Operator) ? caller.Queues : Enumerable.Empty<string>())
            .Concat(caller.Elevations.Where(e => e.Kind == ElevationKind.QUEUE).Select(e => e.Target!))
            .Where(QueueCodes.IsValid).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var ids = caller.Elevations.Where(e => e.Kind == ElevationKind.CASE).Select(e => Guid.Parse(e.Target!)).ToList();
        // Without case elevations no OR: with `OR id = ANY('{}')` PostgreSQL could not walk the (queue, sla_due_at, id)
        // index for a work-list page and read and sorted the whole queue instead (23 ms instead of 0.4 ms at 1M cases).
        return ids.Count == 0
            ? cases.Where(c => EF.Constant(queues).Contains(c.Queue))
            : cases.Where(c => EF.Constant(queues).Contains(c.Queue) || ids.Contains(c.Id));
    }

    /// <summary>
    /// Whether a source may see and redeem the case's resume/decision token: the system that reported the case
    /// (<c>sub</c> equals its <c>sourceSystem</c>) or an order orchestrator (<c>orchestrates: true</c>).
    /// </summary>
    public static bool MaySeeTokens(Caller caller, string caseSourceSystem) =>
        !caller.IsInRole(Roles.Source) || caller.Orchestrates || string.Equals(caller.Id, caseSourceSystem, StringComparison.Ordinal);

    /// <summary>Throws 404 when a source may not redeem the case's token, as if the case did not exist.</summary>
    public static void EnsureMayRedeem(Caller caller, FalloutCase fallout)
    {
        if (!MaySeeTokens(caller, fallout.SourceSystem))
        {
            throw DomainException.NotFound($"Fallout case {fallout.Id} was not found.");
        }
    }

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
        if (rule.Roles.Count == 0)
        {
            return $"{command} is run by the service itself, when its rules hold.";
        }
        if (!rule.Roles.Any(caller.IsInRole))
        {
            return $"{command} needs one of the roles {string.Join(", ", rule.Roles)}.";
        }
        // Supervisors act on every queue; approvers and sources act by their own role, not by ownership; a break-glass
        // grant covering the case lets a worker act as a supervisor would, within the grant's scope only.
        if (caller.IsInRole(Roles.Supervisor) || rule.Roles.Any(r => r != Roles.Operator && caller.IsInRole(r))
            || (rule.Roles.Contains(Roles.Supervisor) && caller.IsElevatedFor(fallout.Id, fallout.Queue)))
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
            ? fallout.AssignedUser is not null
                ? $"The case is assigned to {fallout.AssignedUser}; only they or a supervisor may do this."
                : CaseStateTable.Rules[CaseCommand.ASSIGN].From.Contains(fallout.Status)
                    ? "Claim the case before working it."
                    // Nobody claims a case before it is queued: triage (classifying a DETECTED case) is a supervisor's.
                    : $"A {fallout.Status} case cannot be claimed; a supervisor does this."
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
