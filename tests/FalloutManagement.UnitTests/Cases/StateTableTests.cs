using FalloutManagement.Api.Common.Auth;
using FalloutManagement.Api.Common.Problems;
using FalloutManagement.Api.Modules.Cases.Domain;
using static FalloutManagement.Api.Modules.Cases.Domain.CaseStatus;

namespace FalloutManagement.UnitTests.Cases;

/// <summary>
/// Every (state, command) pair, against docs/lifecycle.md's table written out again here independently of the production state
/// table: allowed moves land where the contract says; every other move throws INVALID_TRANSITION and changes nothing.
/// </summary>
public sealed class StateTableTests
{
    /// <summary>CLASSIFIED is passed through inside one transaction and never rests, so it has no row here.</summary>
    private static readonly CaseStatus[] RestingStates = Enum.GetValues<CaseStatus>().Where(s => s != CLASSIFIED).ToArray();

    internal static readonly Guid IncidentId = Guid.CreateVersion7();

    private static readonly CaseStatus[] Waiting = [WAITING_CUSTOMER, WAITING_PARTNER, WAITING_FIELD, WAITING_VENDOR, WAITING_INCIDENT];

    /// <summary>The contract's table. null = allowed and the state stays as it is.</summary>
    private static CaseStatus?[]? Expected(CaseStatus from, CaseCommand command)
    {
        var open = !from.IsTerminal();
        return command switch
        {
            CaseCommand.CLASSIFY when from == DETECTED => [QUEUED],
            CaseCommand.ASSIGN when from is QUEUED or ASSIGNED => [ASSIGNED],
            CaseCommand.ASSIGN when from == IN_PROGRESS || Waiting.Contains(from) => [null],
            CaseCommand.START when from == ASSIGNED => [IN_PROGRESS],
            CaseCommand.WAIT when from == IN_PROGRESS => [WAITING_PARTNER],
            CaseCommand.CONTINUE when Waiting.Contains(from) => [IN_PROGRESS],
            CaseCommand.PROPOSE_CORRECTION when from == IN_PROGRESS => [CORRECTION_PROPOSED],
            CaseCommand.APPROVE_CORRECTION when from == APPROVAL_REQUIRED => [CORRECTION_PROPOSED],
            CaseCommand.REJECT_CORRECTION when from == APPROVAL_REQUIRED => [IN_PROGRESS],
            CaseCommand.APPLY_CORRECTION when from == CORRECTION_PROPOSED => [CORRECTION_APPLIED],
            CaseCommand.VERIFY when from == CORRECTION_APPLIED => [VERIFYING],
            CaseCommand.VERIFICATION_FAILED when from == VERIFYING => [IN_PROGRESS],
            CaseCommand.RESOLVE when from == VERIFYING => [RESOLVED_RESUME],
            // Every decision (resume, cancel, compensate) closes when order management redeems its one-time token; CLOSE by
            // hand is refused while the decision has a token, which every resolution now issues.
            CaseCommand.REDEEM_RESUME_TOKEN when from is RESOLVED_RESUME or RESOLVED_CANCEL or RESOLVED_COMPENSATE => [CLOSED],
            CaseCommand.CANCEL when from is DETECTED or QUEUED or ASSIGNED or IN_PROGRESS || Waiting.Contains(from) => [CANCELLED],
            // Linking parks a case nobody is correcting yet; unlinking (after a link) puts it back where it stood.
            CaseCommand.LINK_INCIDENT when from is QUEUED or ASSIGNED or IN_PROGRESS => [WAITING_INCIDENT],
            CaseCommand.UNLINK_INCIDENT when from == WAITING_INCIDENT => [IN_PROGRESS],
            // The party a case waits on ends the wait; reservations are held on any open case.
            CaseCommand.EXTERNAL_UPDATE when from is WAITING_CUSTOMER or WAITING_PARTNER or WAITING_FIELD or WAITING_VENDOR => [IN_PROGRESS],
            CaseCommand.HOLD_RESERVATION when open => [null],
            CaseCommand.LINK_INCIDENT or CaseCommand.UNLINK_INCIDENT when open => [null],
            // Commands that record something on an open case without moving it.
            CaseCommand.ESCALATE or CaseCommand.CREATE_TASK or CaseCommand.ASSIGN_TASK or CaseCommand.COMPLETE_TASK or CaseCommand.ATTACH_EVIDENCE
                or CaseCommand.RELINK when open => [null],
            _ => null,
        };
    }

    public static TheoryData<CaseStatus, CaseCommand> AllPairs()
    {
        var data = new TheoryData<CaseStatus, CaseCommand>();
        foreach (var state in RestingStates)
        {
            foreach (var command in Enum.GetValues<CaseCommand>())
            {
                data.Add(state, command);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(AllPairs))]
    public void Every_state_and_command_pair_follows_the_contract(CaseStatus from, CaseCommand command)
    {
        var fallout = CaseBuilder.InState(from);
        Assert.Equal(from, fallout.Status);
        fallout.ClearPendingChanges();
        var versionBefore = fallout.Version;
        var expected = Expected(from, command);

        var error = Record.Exception(() => Run(fallout, command));

        if (expected is null)
        {
            var refusal = Assert.IsType<DomainException>(error, exactMatch: false);
            Assert.Contains(refusal.Code, new[] { ProblemCodes.InvalidTransition, ProblemCodes.TokenUsed, ProblemCodes.ApprovalRequired });
            Assert.Equal(409, refusal.Status);
            Assert.Equal(from, fallout.Status);
            Assert.Equal(versionBefore, fallout.Version);
            Assert.Empty(fallout.PendingChanges);
        }
        else
        {
            Assert.Null(error);
            Assert.Equal(expected[0] ?? from, fallout.Status);
            Assert.True(fallout.Version > versionBefore);
            Assert.NotEmpty(fallout.PendingChanges);
        }
    }

    [Fact]
    public void The_production_table_agrees_with_the_contract_for_every_pair()
    {
        foreach (var state in RestingStates)
        {
            // REISSUE needs an expired token and CLOSE a resolution without one: the table admits the states, the rules decide.
            foreach (var command in Enum.GetValues<CaseCommand>().Where(c => c is not (CaseCommand.REISSUE_RESUME_TOKEN or CaseCommand.CLOSE)))
            {
                // The service's own commands and the executor's report: the pair walk sees them refused by their rules (the
                // case builder's corrections are manual, its waits have no end, its reservations and tokens are not due, no
                // deadline applies), as Expected says; the table admits them in these states.
                var expected = CaseStateTable.IsSystemCommand(command) || command == CaseCommand.REPORT_EXECUTION_RESULT
                    ? SystemCommandFrom(command).Contains(state)
                    : Expected(state, command) is not null;
                Assert.True(CaseStateTable.Allows(command, state) == expected, $"{command} from {state}");
            }
        }
    }

    /// <summary>Where the contract lets the service run its own commands (and the executor report): written out apart from the table.</summary>
    private static CaseStatus[] SystemCommandFrom(CaseCommand command) => command switch
    {
        CaseCommand.DISPATCH_CORRECTION or CaseCommand.REPORT_EXECUTION_RESULT or CaseCommand.TIME_OUT_EXECUTION
            or CaseCommand.VOID_OUTDATED_CORRECTION => [CORRECTION_PROPOSED],
        // Any wait with a waitingUntil ends then, a wait on an incident too; linking an incident drops the until, and
        // that wait ends with the incident.
        CaseCommand.EXPIRE_WAIT => Waiting,
        // A held resource goes back to the inventory whatever became of the case.
        CaseCommand.EXPIRE_RESERVATION => Enum.GetValues<CaseStatus>(),
        CaseCommand.EXPIRE_DECISION_TOKEN => [RESOLVED_RESUME, RESOLVED_CANCEL, RESOLVED_COMPENSATE],
        // Charging not repaired by its deadline: any state before the correction was applied.
        CaseCommand.REQUEST_SERVICE_SUSPENSION => [DETECTED, CLASSIFIED, QUEUED, ASSIGNED, IN_PROGRESS, .. Waiting, APPROVAL_REQUIRED, CORRECTION_PROPOSED],
        _ => throw new ArgumentOutOfRangeException(nameof(command), command, null),
    };

    /// <summary>Runs <paramref name="command"/> with a valid input, as <paramref name="caller"/> when given, else as the usual actor.</summary>
    internal static void Run(FalloutCase c, CaseCommand command, Actor? caller = null, DateTimeOffset? at = null)
    {
        var now = at ?? CaseBuilder.T0.AddMinutes(5);
        var actor = caller ?? CaseBuilder.Maker;
        switch (command)
        {
            case CaseCommand.CLASSIFY:
                c.Classify(new CaseRouting(FalloutCategory.DATA, Severity.LOW, "FULFILLMENT_DATA_FIX"), "triaged", actor, now);
                break;
            case CaseCommand.ASSIGN:
                c.Assign(caller is { } self && c.AssignedUser is null ? self.Id : "other.operator", null, "hand-over at shift end",
                    caller ?? CaseBuilder.Supervisor, now);
                break;
            case CaseCommand.START:
                c.Start(actor, now);
                break;
            case CaseCommand.WAIT:
                c.Wait(WaitingFor.PARTNER, "partner confirms", null, actor, now);
                break;
            case CaseCommand.CONTINUE:
                c.Continue(actor, now);
                break;
            case CaseCommand.ESCALATE:
                c.Escalate("stuck", null, raiseSeverity: false, caller ?? CaseBuilder.Supervisor, now);
                break;
            case CaseCommand.CREATE_TASK:
                c.CreateTask("CHECK", "check it", null, null, false, actor, now);
                break;
            case CaseCommand.ASSIGN_TASK:
                c.AssignTask(c.Tasks.FirstOrDefault()?.Id ?? Guid.NewGuid(), "field.team", "FIXED_FIELD_SUPPORT", "site visit", actor, now);
                break;
            case CaseCommand.COMPLETE_TASK:
                c.CompleteTask(c.Tasks.FirstOrDefault()?.Id ?? Guid.NewGuid(), "done", actor, now);
                break;
            case CaseCommand.PROPOSE_CORRECTION:
                c.ProposeCorrection(CorrectionType.RETRY, "{}", "retry", CaseBuilder.NoApproval, null, actor, now);
                break;
            case CaseCommand.APPROVE_CORRECTION:
                c.DecideCorrection(c.ActiveCorrection?.Id ?? Guid.NewGuid(), approve: true, "ok", caller ?? CaseBuilder.Checker, now);
                break;
            case CaseCommand.REJECT_CORRECTION:
                c.DecideCorrection(c.ActiveCorrection?.Id ?? Guid.NewGuid(), approve: false, "no", caller ?? CaseBuilder.Checker, now);
                break;
            case CaseCommand.DISPATCH_CORRECTION or CaseCommand.REPORT_EXECUTION_RESULT or CaseCommand.TIME_OUT_EXECUTION
                or CaseCommand.VOID_OUTDATED_CORRECTION:
                // The service runs these itself, inside propose/approve/attach evidence and the sweep; ExecutionTableTests walks them.
                CaseStateTable.Ensure(command, new RuleContext(c, actor, now));
                break;
            case CaseCommand.APPLY_CORRECTION:
                c.ApplyCorrection(c.ActiveCorrection?.Id ?? Guid.NewGuid(), "{}", actor, now);
                break;
            case CaseCommand.VERIFY:
                c.Verify(actor, now);
                break;
            case CaseCommand.VERIFICATION_FAILED:
                c.VerificationFailed("read-back still wrong", actor, now);
                break;
            case CaseCommand.ATTACH_EVIDENCE:
                c.AttachEvidence(EvidenceType.SCREENSHOT, "console", "ref", null, null, false, false, null, actor, now);
                break;
            case CaseCommand.RESOLVE:
                c.Resolve(ResolutionDecision.RESUME, null, c.Evidence.FirstOrDefault()?.Id ?? Guid.NewGuid(), "fixed", CaseBuilder.TokenLifetime, actor, now);
                break;
            case CaseCommand.REDEEM_RESUME_TOKEN:
                c.RedeemResumeToken(c.ResumeToken?.TokenId ?? Guid.NewGuid(), 7, caller ?? CaseBuilder.Source, now);
                break;
            case CaseCommand.REISSUE_RESUME_TOKEN:
                c.ReissueResumeToken("expired", CaseBuilder.TokenLifetime, caller ?? CaseBuilder.Supervisor, now);
                break;
            case CaseCommand.CLOSE:
                c.Close("done", actor, now);
                break;
            case CaseCommand.CANCEL:
                c.Cancel("false positive", actor, now);
                break;
            case CaseCommand.RELINK:
                c.Relink(null, null, "res-2", "resource swapped", caller ?? CaseBuilder.Supervisor, now);
                break;
            case CaseCommand.LINK_INCIDENT:
                c.LinkIncident(IncidentId, "same outage", caller ?? CaseBuilder.Supervisor, now);
                break;
            case CaseCommand.UNLINK_INCIDENT:
                // Linked first (unless a caller walks cases linked or not), so the unlink has a link to remove; a
                // terminal case already refuses the link.
                if (caller is null)
                {
                    c.LinkIncident(IncidentId, "same outage", CaseBuilder.Supervisor, now);
                }
                c.UnlinkIncident(IncidentId, "another cause", caller ?? CaseBuilder.Supervisor, now);
                break;
            case CaseCommand.EXTERNAL_UPDATE:
                c.ReceiveExternalUpdate(c.WaitingParty ?? "PARTNER-A", Roles.Partner, null, c.WaitingFor ?? WaitingFor.PARTNER, ExternalOutcome.COMPLETED,
                    "done", null, 0, 3, null, caller ?? new Actor("partner-gateway", new HashSet<string> { Roles.Partner }, false), now);
                break;
            case CaseCommand.HOLD_RESERVATION:
                c.HoldReservation("port-1", "PORT", now.AddHours(1), ReservationExpiryAction.RELEASE, actor, now);
                break;
            // The time sweep's commands, with the input it gives them: the case's wait, its first reservation, its current token,
            // a charging-repair deadline an hour ahead (the case builder's situations are never due, so the rules refuse).
            case CaseCommand.EXPIRE_WAIT:
                c.ExpireWait(actor, now);
                break;
            case CaseCommand.EXPIRE_RESERVATION:
                c.ExpireReservation(c.Reservations.FirstOrDefault()?.Id ?? Guid.NewGuid(), actor, now);
                break;
            case CaseCommand.EXPIRE_DECISION_TOKEN:
                c.ReportTokenExpired(c.ResumeToken?.TokenId ?? Guid.NewGuid(), "FALLOUT_ESCALATION", actor, now);
                break;
            case CaseCommand.REQUEST_SERVICE_SUSPENSION:
                c.RequestServiceSuspension("billing", now.AddHours(1), actor, now);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(command), command, null);
        }
    }
}
