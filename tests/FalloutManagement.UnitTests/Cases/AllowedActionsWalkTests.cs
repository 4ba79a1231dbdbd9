using System.Security.Claims;
using FalloutManagement.Api.Common.Auth;
using FalloutManagement.Api.Modules.Cases;
using FalloutManagement.Api.Modules.Cases.AllowedActions;
using FalloutManagement.Api.Modules.Cases.Domain;
using FalloutManagement.Api.Modules.Corrections.Policy;
using static FalloutManagement.Api.Modules.Cases.Domain.CaseStatus;

namespace FalloutManagement.UnitTests.Cases;

/// <summary>
/// Walks every (situation, caller, command): <c>allowed-actions</c> says yes exactly when the command succeeds — the
/// role and ownership check of the endpoints (<see cref="CaseAccess"/>) and then the aggregate's transition.
/// </summary>
public sealed class AllowedActionsWalkTests
{
    private const string Queue = "MOBILE_ACTIVATION_L2";
    private static readonly DateTimeOffset Soon = CaseBuilder.T0.AddMinutes(5);

    /// <summary>Every resting state, plus the situations some rules need: a linked case, an expired token, an unfinished mandatory task.</summary>
    private static readonly Dictionary<string, (Func<FalloutCase> Build, DateTimeOffset Now)> Situations =
        Enum.GetValues<CaseStatus>().Where(s => s != CLASSIFIED)
            .ToDictionary(s => s.ToString(), s => ((Func<FalloutCase>)(() => CaseBuilder.InState(s)), Soon))
            .Concat(new Dictionary<string, (Func<FalloutCase>, DateTimeOffset)>
            {
                ["WAITING_INCIDENT linked"] = (() => Linked(), Soon),
                ["RESOLVED_RESUME token expired"] = (() => CaseBuilder.InState(RESOLVED_RESUME), CaseBuilder.T0.AddDays(2)),
                ["VERIFYING with an open mandatory task"] = (() => WithMandatoryTask(), Soon),
                ["CORRECTION_PROPOSED without required evidence"] = (() => MissingRequiredEvidence(), Soon),
            })
            .ToDictionary();

    private static readonly Dictionary<string, Caller> Callers = new()
    {
        ["owner"] = Caller("olga.operator", [Roles.Operator], [Queue]),
        ["operator of the queue"] = Caller("oscar.operator", [Roles.Operator], [Queue]),
        ["operator of another queue"] = Caller("otto.operator", [Roles.Operator], ["FIXED_FIELD_SUPPORT"]),
        ["supervisor"] = Caller("sam.supervisor", [Roles.Supervisor], []),
        ["approver with mfa"] = Caller("ana.approver", [Roles.Approver], [], mfa: true),
        ["approver without mfa"] = Caller("abe.approver", [Roles.Approver], []),
        ["approver who made the correction"] = Caller("olga.operator", [Roles.Approver, Roles.Operator], [Queue], mfa: true),
        ["auditor"] = Caller("aud.auditor", [Roles.Auditor], []),
    };

    private static readonly CorrectionOption AnyCorrection = new(CorrectionType.RETRY, true, RiskLevel.LOW, false, [], false,
        EscalationRule.NONE, "test:low", null, false);

    public static TheoryData<string, string> Walk()
    {
        var data = new TheoryData<string, string>();
        foreach (var situation in Situations.Keys)
        {
            foreach (var caller in Callers.Keys)
            {
                data.Add(situation, caller);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Walk))]
    public void Allowed_actions_say_yes_exactly_when_the_command_succeeds(string situation, string callerName)
    {
        var (build, now) = Situations[situation];
        var caller = Callers[callerName];
        var seen = build();
        if (!CaseAccess.CanSee(caller, seen))
        {
            return;
        }
        var allowed = AllowedActionsEndpoint.Evaluate(caller, seen, [AnyCorrection], now).ToDictionary(a => a.Action);

        foreach (var command in Enum.GetValues<CaseCommand>())
        {
            var fallout = build();
            var error = Record.Exception(() =>
            {
                CaseAccess.EnsureCanAct(caller, fallout, command);
                StateTableTests.Run(fallout, command, caller.Actor, now);
            });
            Assert.True(allowed[command].Allowed == (error is null),
                $"{command} in {situation} as {callerName}: allowed-actions says {allowed[command].Allowed} ({allowed[command].Reason}), the command {(error is null ? "succeeded" : "failed: " + error.Message)}");
        }
    }

    [Fact]
    public void The_walk_sees_every_command_both_allowed_and_refused()
    {
        var verdicts = Situations.Values.SelectMany(s => Callers.Values.Where(c => CaseAccess.CanSee(c, s.Build()))
            .SelectMany(c => AllowedActionsEndpoint.Evaluate(c, s.Build(), [AnyCorrection], s.Now))).ToList();
        // Redeeming needs a source, reporting an execution an executor, an external update a partner or executor: none of them
        // reads allowed actions. The service runs dispatch and time-out itself.
        foreach (var command in Enum.GetValues<CaseCommand>().Where(c => c is not (CaseCommand.REDEEM_RESUME_TOKEN or CaseCommand.REPORT_EXECUTION_RESULT
            or CaseCommand.EXTERNAL_UPDATE) && !CaseStateTable.IsSystemCommand(c)))
        {
            // Every resolution issues a decision token, so closing by hand is only ever seen refused.
            if (command != CaseCommand.CLOSE)
            {
                Assert.Contains(verdicts, v => v.Action == command && v.Allowed);
            }
            Assert.Contains(verdicts, v => v.Action == command && !v.Allowed);
        }
    }

    private static FalloutCase Linked()
    {
        var c = CaseBuilder.InState(IN_PROGRESS);
        c.LinkIncident(StateTableTests.IncidentId, "same outage", CaseBuilder.Supervisor, Soon);
        return c;
    }

    private static FalloutCase WithMandatoryTask()
    {
        var c = CaseBuilder.InState(VERIFYING);
        c.CreateTask("CALL_CUSTOMER", "confirm", null, null, mandatory: true, CaseBuilder.Maker, Soon);
        return c;
    }

    private static FalloutCase MissingRequiredEvidence()
    {
        var c = CaseBuilder.InState(IN_PROGRESS);
        c.ProposeCorrection(CorrectionType.RETRY, "{}", "retry", new CorrectionDecision(RiskLevel.LOW, false,
            [Api.Modules.Cases.Domain.EvidenceType.CUSTOMER_CONFIRMATION], "test:evidence"), null, CaseBuilder.Maker, Soon);
        return c;
    }

    private static Caller Caller(string id, string[] roles, string[] queues, bool mfa = false) =>
        Api.Common.Auth.Caller.From(new ClaimsPrincipal(new ClaimsIdentity(
            [
                new Claim(FalloutClaims.Subject, id),
                .. roles.Select(r => new Claim(FalloutClaims.Role, r)),
                .. queues.Select(q => new Claim(FalloutClaims.Queues, q)),
                .. mfa ? [new Claim(FalloutClaims.AuthenticationMethods, FalloutClaims.MultiFactor)] : Array.Empty<Claim>(),
            ], "test")));
}
