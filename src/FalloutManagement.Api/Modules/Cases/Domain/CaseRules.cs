using FalloutManagement.Api.Common.Auth;
using FalloutManagement.Api.Common.Problems;

namespace FalloutManagement.Api.Modules.Cases.Domain;

/// <summary>Why a rule refuses a command: the problem's status, stable code, title and detail.</summary>
public sealed record Refusal(int Status, string Code, string Title, string Detail)
{
    public static Refusal InvalidTransition(string detail) =>
        new(StatusCodes.Status409Conflict, ProblemCodes.InvalidTransition, "Invalid transition", detail);

    public DomainException ToException() => new(Status, Code, Title, Detail);
}

/// <summary>
/// What a rule looks at: the case, who asks, when, and the command's input where it has one. <c>allowed-actions</c>
/// asks without input (null): a rule then answers for the case as it stands (any qualifying evidence, the correction
/// awaiting a decision, the current token).
/// </summary>
public sealed record RuleContext(FalloutCase Case, Actor? Actor, DateTimeOffset Now)
{
    public Guid? CorrectionId { get; init; }
    public Guid? EvidenceId { get; init; }
    public Guid? TokenId { get; init; }
    public long? OrderVersion { get; init; }
    public ResolutionDecision? Decision { get; init; }
    public Guid? IncidentId { get; init; }

    /// <summary>The partner or executor code of an external update's caller.</summary>
    public string? Party { get; init; }
    public WaitingFor? WaitingFor { get; init; }

    /// <summary>The reservation a reservation command acts on.</summary>
    public Guid? ReservationId { get; init; }

    /// <summary>The deadline a time rule fires at (the charging-repair deadline of a service suspension).</summary>
    public DateTimeOffset? Deadline { get; init; }

    public CorrectionAction? Correction => CorrectionId is { } id ? Case.Corrections.FirstOrDefault(c => c.Id == id) : Case.ActiveCorrection;

    public ResumeToken? Token => TokenId is { } id ? Case.ResumeTokens.FirstOrDefault(t => t.TokenId == id) : Case.ResumeToken;
}

/// <summary>A named business rule guarding a command (the state table lists which): null when it passes.</summary>
public interface ICaseRule
{
    string Name => GetType().Name;

    Refusal? Check(RuleContext context);
}

/// <summary>The checker of a correction is never its maker.</summary>
public sealed class MakerIsNotChecker : ICaseRule
{
    public Refusal? Check(RuleContext c) => c.Actor is { } actor && c.Correction is { } correction && actor.Id == correction.ProposedBy
        ? new(StatusCodes.Status403Forbidden, ProblemCodes.SegregationOfDuties, "Segregation of duties",
            "The checker must not be the maker of the correction.")
        : null;
}

/// <summary>The correction a command acts on is in the status the command needs.</summary>
public abstract class CorrectionInStatus(CorrectionStatus required, string otherwise) : ICaseRule
{
    public Refusal? Check(RuleContext c) => c.Correction is { } correction && correction.Status != required
        ? Refusal.InvalidTransition($"Correction {correction.Id} is {correction.Status}{otherwise}.")
        : null;
}

/// <summary>Only a correction awaiting approval can be approved or rejected.</summary>
public sealed class CorrectionAwaitsApproval() : CorrectionInStatus(CorrectionStatus.PENDING_APPROVAL, ", not awaiting approval");

/// <summary>Only a correction that is ready (proposed, approved where needed) can be applied.</summary>
public sealed class CorrectionReady() : CorrectionInStatus(CorrectionStatus.READY, " and cannot be applied");

/// <summary>Approving a HIGH or CRITICAL risk correction needs step-up authentication (mfa in amr).</summary>
public sealed class HighRiskApprovalNeedsStepUp : ICaseRule
{
    public Refusal? Check(RuleContext c) =>
        c.Actor is { HasMfa: false } && c.Correction is { RiskLevel: RiskLevel.HIGH or RiskLevel.CRITICAL } correction
            ? new(StatusCodes.Status403Forbidden, ProblemCodes.StepUpRequired, "Step-up required",
                $"Approving a {correction.RiskLevel} risk correction needs step-up authentication (mfa in amr).")
            : null;
}

/// <summary>An approval after a material change of the case (since the proposal) is void.</summary>
public sealed class ApprovalNotOutdated : ICaseRule
{
    public Refusal? Check(RuleContext c) => c.Correction is { } correction && c.Case.MaterialVersion > correction.BasedOnVersion
        ? new(StatusCodes.Status412PreconditionFailed, ProblemCodes.VersionConflict, "Version conflict",
            $"The case changed at version {c.Case.MaterialVersion}, after the correction was proposed at version {correction.BasedOnVersion}; the approval is void. Reject it and propose again.")
        : null;
}

/// <summary>The case changed materially after the correction was proposed (the inverse of <see cref="ApprovalNotOutdated"/>).</summary>
public sealed class ApprovalOutdated : ICaseRule
{
    public Refusal? Check(RuleContext c) => c.Correction is { } correction && c.Case.MaterialVersion > correction.BasedOnVersion
        ? null
        : Refusal.InvalidTransition("The case has not changed materially since its correction was proposed.");
}

/// <summary>A correction needing approval is not applied before a checker approved it.</summary>
public sealed class ApprovedBeforeApply : ICaseRule
{
    public Refusal? Check(RuleContext c) =>
        c.Case.Status == CaseStatus.APPROVAL_REQUIRED || c.Correction is { Status: CorrectionStatus.PENDING_APPROVAL }
            ? new(StatusCodes.Status409Conflict, ProblemCodes.ApprovalRequired, "Approval required",
                "The correction needs a checker's approval before it can be applied.")
            : null;
}

/// <summary>A correction its owning system executes is not applied by an operator: the executor reports its result.</summary>
public sealed class ExecutedByPerson : ICaseRule
{
    public Refusal? Check(RuleContext c) => c.Correction is { ExecutedBySystem: true } correction
        ? new(StatusCodes.Status409Conflict, ProblemCodes.ExecutedByOwningSystem, "Executed by its owning system",
            $"A {correction.Type} correction is executed by {correction.Executor}, which reports the result; it is not applied by hand.")
        : null;
}

/// <summary>Only a correction an owning system executes is dispatched.</summary>
public sealed class ExecutedBySystem : ICaseRule
{
    public Refusal? Check(RuleContext c) => c.Correction is { ExecutedBySystem: false } correction
        ? Refusal.InvalidTransition($"A {correction.Type} correction is carried out by a person and applied by the operator.")
        : null;
}

/// <summary>A correction is dispatched once.</summary>
public sealed class NotYetDispatched : ICaseRule
{
    public Refusal? Check(RuleContext c) => c.Correction is { } correction && correction.ExecutionStatus != ExecutionStatus.NOT_DISPATCHED
        ? Refusal.InvalidTransition($"Correction {correction.Id} was already dispatched (execution {correction.ExecutionStatus}).")
        : null;
}

/// <summary>A result or a time-out needs an execution that was requested and has not ended.</summary>
public sealed class ExecutionAwaited : ICaseRule
{
    public Refusal? Check(RuleContext c) => c.Correction is not { ExecutionStatus: ExecutionStatus.REQUESTED }
        ? Refusal.InvalidTransition(c.Correction is { } correction
            ? $"Correction {correction.Id} awaits no execution result (execution {correction.ExecutionStatus})."
            : "The case has no correction awaiting an execution result.")
        : null;
}

/// <summary>An execution times out only after its deadline.</summary>
public sealed class ExecutionDeadlinePassed : ICaseRule
{
    public Refusal? Check(RuleContext c) => c.Correction is { ExecutionDeadline: { } deadline } && c.Now < deadline
        ? Refusal.InvalidTransition($"The execution's deadline {deadline:O} has not passed.")
        : null;
}

/// <summary>The evidence types the correction's policy requires are on the case before it is applied.</summary>
public sealed class RequiredEvidencePresent : ICaseRule
{
    public Refusal? Check(RuleContext c)
    {
        var missing = c.Correction?.RequiredEvidence.Where(t => !c.Case.Evidence.Any(e => e.EvidenceType == t)).ToList() ?? [];
        return missing.Count > 0
            ? new(StatusCodes.Status409Conflict, ProblemCodes.EvidenceRequired, "Evidence required",
                $"The policy requires evidence of type {string.Join(", ", missing)} before this correction is applied.")
            : null;
    }
}

/// <summary>No resolution without evidence on the case that proves it (<c>provesResolution</c>, not superseded).</summary>
public sealed class ResolutionEvidenceRequired : ICaseRule
{
    /// <summary>The evidence items a resolution may name.</summary>
    public static IReadOnlyList<Guid> Qualifying(FalloutCase fallout)
    {
        var superseded = fallout.Evidence.Where(e => e.SupersedesEvidenceId is not null).Select(e => e.SupersedesEvidenceId!.Value).ToHashSet();
        return fallout.Evidence.Where(e => e.ProvesResolution && !superseded.Contains(e.Id)).Select(e => e.Id).ToList();
    }

    public Refusal? Check(RuleContext c)
    {
        var qualifying = Qualifying(c.Case);
        return (c.EvidenceId is { } id ? qualifying.Contains(id) : qualifying.Count > 0)
            ? null
            : new(StatusCodes.Status409Conflict, ProblemCodes.EvidenceRequired, "Evidence required",
                "A resolution needs evidence on this case with provesResolution = true (and not superseded).");
    }
}

/// <summary>An open mandatory task blocks resolution.</summary>
public sealed class MandatoryTasksDone : ICaseRule
{
    public static IReadOnlyList<Guid> OpenMandatory(FalloutCase fallout) =>
        fallout.Tasks.Where(t => t.Mandatory && t.Status == CaseTaskStatus.OPEN).Select(t => t.Id).ToList();

    public Refusal? Check(RuleContext c) => OpenMandatory(c.Case) is { Count: > 0 } open
        ? Refusal.InvalidTransition($"Mandatory tasks are still open: {string.Join(", ", open)}.")
        : null;
}

/// <summary>A RESUME resolution needs a step to resume: the case's service order item and failed step.</summary>
public sealed class ResumeNeedsOrderStep : ICaseRule
{
    public Refusal? Check(RuleContext c) =>
        c.Decision == ResolutionDecision.RESUME && (c.Case.ServiceOrderItemId is null || c.Case.FailedStepKey is null)
            ? Refusal.InvalidTransition("A case without serviceOrderItemId and failedStepKey has no step to resume; resolve it for cancellation or compensation.")
            : null;
}

/// <summary>A resume token works once.</summary>
public sealed class TokenNotUsed : ICaseRule
{
    public Refusal? Check(RuleContext c) => c.Token?.Status == ResumeTokenStatus.REDEEMED
        ? new(StatusCodes.Status409Conflict, ProblemCodes.TokenUsed, "Token used", "The resume token was already redeemed.")
        : null;
}

/// <summary>The token named belongs to this case.</summary>
public sealed class TokenOfThisCase : ICaseRule
{
    public Refusal? Check(RuleContext c) => c.Token is null
        ? new(StatusCodes.Status404NotFound, ProblemCodes.NotFound, "Not found",
            c.TokenId is { } id ? $"Resume token {id} does not belong to this case." : "The case has no resume token.")
        : null;
}

/// <summary>A resume token works only before <c>expiresAt</c>.</summary>
public sealed class TokenNotExpired : ICaseRule
{
    public Refusal? Check(RuleContext c) => c.Token is { } token && token.StatusAt(c.Now) == ResumeTokenStatus.EXPIRED
        ? new(StatusCodes.Status409Conflict, ProblemCodes.TokenExpired, "Token expired", $"The resume token expired at {token.ExpiresAt:O}.")
        : null;
}

/// <summary>A resume token works only at the order version it expects (the order did not move on meanwhile).</summary>
public sealed class OrderVersionMatches : ICaseRule
{
    public Refusal? Check(RuleContext c) =>
        c.Token?.ExpectedOrderVersion is { } expected && c.OrderVersion is { } actual && expected != actual
            ? new(StatusCodes.Status409Conflict, ProblemCodes.OrderVersionMismatch, "Order version mismatch",
                $"The token expects order version {expected}; the order is at {actual}. Re-evaluate the case.")
            : null;
}

/// <summary>Only an expired, unused resume token is re-issued.</summary>
public sealed class ReissueNeedsExpiredToken : ICaseRule
{
    public Refusal? Check(RuleContext c) => c.Case.ResumeToken switch
    {
        null => Refusal.InvalidTransition("The case has no resume token to re-issue."),
        var token when token.StatusAt(c.Now) != ResumeTokenStatus.EXPIRED => Refusal.InvalidTransition("Only an expired resume token can be re-issued."),
        _ => null,
    };
}

/// <summary>
/// A resolved case holding a decision token (every resolution issues one: resume, cancel, compensate) closes only when
/// order management redeems it, never by hand. Only a case resolved for cancellation or compensation before decision
/// tokens existed (no token) is closed by hand.
/// </summary>
public sealed class DecisionClosesByRedemption : ICaseRule
{
    public Refusal? Check(RuleContext c) => c.Case.Status == CaseStatus.RESOLVED_RESUME || c.Case.ResumeToken is not null
        ? Refusal.InvalidTransition($"A case {c.Case.Status} closes only when order management redeems its decision token.")
        : null;
}

/// <summary>
/// An external update comes from the party the case waits on (404 otherwise, as if the case did not exist for it) and names
/// what the case waits for.
/// </summary>
public sealed class WaitingOnTheParty : ICaseRule
{
    public Refusal? Check(RuleContext c)
    {
        if (c.Party is { } party && c.Case.WaitingParty != party)
        {
            return new(StatusCodes.Status404NotFound, ProblemCodes.NotFound, "Not found", $"No case {c.Case.Id} is waiting on {party}.");
        }
        return c.WaitingFor is { } waitingFor && c.Case.WaitingFor != waitingFor
            ? Refusal.InvalidTransition($"The case waits for {c.Case.WaitingFor}, not {waitingFor}.")
            : null;
    }
}

/// <summary>The sweep ends a wait only once its <c>waitingUntil</c> has passed.</summary>
public sealed class WaitDeadlinePassed : ICaseRule
{
    public Refusal? Check(RuleContext c) => c.Case.WaitingUntil is { } until && until <= c.Now
        ? null
        : Refusal.InvalidTransition(c.Case.WaitingUntil is { } later
            ? $"The wait runs until {later:O}."
            : $"The case is {c.Case.Status} with no waitingUntil: only a person or the party it waits on ends the wait.");
}

/// <summary>The sweep expires a reservation still held past its TTL (the one named, or any when none is).</summary>
public sealed class ReservationDue : ICaseRule
{
    public Refusal? Check(RuleContext c)
    {
        var held = c.Case.Reservations.Where(r => r.Status == ReservationStatus.HELD && (c.ReservationId is not { } id || r.Id == id));
        return held.Any(r => r.ExpiresAt <= c.Now)
            ? null
            : Refusal.InvalidTransition(c.ReservationId is { } named
                ? $"Reservation {named} is not held past its expiry on this case."
                : "The case holds no reservation past its expiry.");
    }
}

/// <summary>The sweep reports a decision token once: issued, unused and past its expiry.</summary>
public sealed class TokenExpiredUnused : ICaseRule
{
    public Refusal? Check(RuleContext c) => c.Token is { Status: ResumeTokenStatus.ISSUED } token && token.ExpiresAt <= c.Now
        ? null
        : Refusal.InvalidTransition(c.Token is { } t ? $"Resume token {t.TokenId} is {t.StatusAt(c.Now)}, not newly expired." : "The case has no resume token.");
}

/// <summary>A time rule acts only once its deadline has passed.</summary>
public sealed class DeadlinePassed : ICaseRule
{
    public Refusal? Check(RuleContext c) => c.Deadline is { } deadline && deadline <= c.Now
        ? null
        : Refusal.InvalidTransition(c.Deadline is { } later ? $"The deadline {later:O} has not passed." : "No deadline applies to the case.");
}

/// <summary>A service is asked to be suspended once per case.</summary>
public sealed class SuspensionNotYetRequested : ICaseRule
{
    public Refusal? Check(RuleContext c) => c.Case.ServiceSuspensionRequestedAt is { } at
        ? Refusal.InvalidTransition($"The service's suspension was already requested at {at:O}.")
        : null;
}

/// <summary>A case is linked to at most one incident at a time.</summary>
public sealed class NotLinkedToAnIncident : ICaseRule
{
    public Refusal? Check(RuleContext c) => c.Case.IncidentId is { } current
        ? Refusal.InvalidTransition(current == c.IncidentId
            ? $"The case is already linked to incident {current}."
            : $"The case is linked to incident {current}; unlink it first.")
        : null;
}

/// <summary>Unlinking needs the link (to the incident named, when one is).</summary>
public sealed class LinkedToTheIncident : ICaseRule
{
    public Refusal? Check(RuleContext c) => c.Case.IncidentId is null || (c.IncidentId is { } id && c.Case.IncidentId != id)
        ? new(StatusCodes.Status404NotFound, ProblemCodes.NotFound, "Not found", $"The case is not linked to incident {c.IncidentId?.ToString() ?? "any incident"}.")
        : null;
}

/// <summary>Only a holder of the approver role decides on a correction (system actors included).</summary>
public sealed class CheckerIsApprover : ICaseRule
{
    public Refusal? Check(RuleContext c) => c.Actor is { } actor && !actor.IsInRole(Roles.Approver)
        ? new(StatusCodes.Status403Forbidden, ProblemCodes.Forbidden, "Forbidden", $"Only a holder of {Roles.Approver} may decide on a correction.")
        : null;
}
