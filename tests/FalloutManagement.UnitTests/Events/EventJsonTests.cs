using System.Text.Json;
using System.Text.RegularExpressions;
using FalloutManagement.Api.Common.Auth;
using FalloutManagement.Api.Modules.BreakGlass;
using FalloutManagement.Api.Modules.Cases.Domain;
using FalloutManagement.Api.Modules.Events;
using FalloutManagement.Api.Modules.Events.Notifications;
using FalloutManagement.Api.Modules.Masking;
using FalloutManagement.UnitTests.Cases;

namespace FalloutManagement.UnitTests.Events;

/// <summary>
/// Pins every event's JSON to the examples in docs/events.md: the events the aggregate really records, mapped by the
/// event mapper, must have exactly the fields an example of their type shows (and the same kinds of values). Renaming,
/// adding or dropping a field fails here, not silently at a consumer.
/// </summary>
public sealed partial class EventJsonTests
{
    /// <summary>An example that shows the key "…" abbreviates these common fields.</summary>
    private static readonly string[] CommonFields =
    [
        "eventId", "eventType", "occurredAt", "eventTime", "domain", "title", "falloutCaseId", "serviceOrderId", "serviceOrderItemId",
        "correlationId", "customerId",
    ];

    private static readonly Lazy<IReadOnlyList<JsonElement>> DocExamples = new(ReadDocExamples);
    private static readonly Lazy<IReadOnlyList<JsonElement>> Produced = new(ProduceEveryEvent);

    public static TheoryData<string> EventTypes() => new(EventCatalog.EventTypes.Order(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(EventTypes))]
    public void Every_recorded_event_has_exactly_the_fields_of_an_example_in_the_doc(string eventType)
    {
        var examples = DocExamples.Value.Where(e => e.GetProperty("eventType").GetString() == eventType).ToList();
        var produced = Produced.Value.Where(e => e.GetProperty("eventType").GetString() == eventType).ToList();
        Assert.NotEmpty(examples);
        Assert.NotEmpty(produced);

        foreach (var json in produced)
        {
            var fields = Fields(json);
            var match = examples.FirstOrDefault(example => ExpectedFields(example).SetEquals(fields.Keys));
            Assert.True(match.ValueKind == JsonValueKind.Object,
                $"{eventType} has the fields [{string.Join(", ", fields.Keys.Order())}], which no example in docs/events.md shows: "
                + string.Join(" / ", examples.Select(e => "[" + string.Join(", ", ExpectedFields(e).Order()) + "]")));
            foreach (var (name, value) in Fields(match).Where(f => f.Key != "…"))
            {
                if (value.ValueKind != JsonValueKind.Null && fields[name].ValueKind != JsonValueKind.Null)
                {
                    Assert.True(Kind(value) == Kind(fields[name]), $"{eventType}.{name}: the doc shows {value.ValueKind}, the event has {fields[name].ValueKind}");
                }
            }
        }
    }

    [Fact]
    public void Every_example_in_the_doc_is_of_a_catalog_event_type_and_is_produced()
    {
        Assert.All(DocExamples.Value, example =>
        {
            var fields = ExpectedFields(example);
            Assert.Contains(example.GetProperty("eventType").GetString()!, EventCatalog.EventTypes);
            Assert.Contains(Produced.Value, json => fields.SetEquals(Fields(json).Keys));
        });
    }

    [Fact]
    public void The_event_body_keeps_its_common_fields_and_values()
    {
        var detected = Produced.Value.First(e => e.GetProperty("eventType").GetString() == CaseEventTypes.Detected);

        Assert.Equal("FalloutManagement", detected.GetProperty("domain").GetString());
        Assert.Equal(CaseEventTypes.Detected, detected.GetProperty("title").GetString());
        Assert.Equal("2026-11-02T09:00:00.000000Z", detected.GetProperty("occurredAt").GetString());
        Assert.Equal("HIGH", detected.GetProperty("severity").GetString());
        Assert.Equal("DETECTED", detected.GetProperty("status").GetString());
    }

    private static HashSet<string> ExpectedFields(JsonElement example)
    {
        var names = example.EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        if (names.Remove("…"))
        {
            names.UnionWith(CommonFields);
        }
        return names;
    }

    private static Dictionary<string, JsonElement> Fields(JsonElement json) =>
        json.EnumerateObject().ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal);

    private static JsonValueKind Kind(JsonElement value) => value.ValueKind is JsonValueKind.True or JsonValueKind.False ? JsonValueKind.True : value.ValueKind;

    private static IReadOnlyList<JsonElement> ReadDocExamples()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "docs", "events.md")))
        {
            directory = directory.Parent;
        }
        Assert.NotNull(directory);
        var text = File.ReadAllText(Path.Combine(directory.FullName, "docs", "events.md"));
        return JsonBlock().Matches(text)
            .Select(m => JsonDocument.Parse(m.Groups[1].Value).RootElement.Clone())
            .Where(e => e.ValueKind == JsonValueKind.Object && e.TryGetProperty("eventType", out _))
            .ToList();
    }

    /// <summary>Drives the aggregate through every event it records, and maps each as the save does; then the events the reveal and break-glass write.</summary>
    private static IReadOnlyList<JsonElement> ProduceEveryEvent()
    {
        var now = CaseBuilder.T0.AddMinutes(10);
        var later = CaseBuilder.T0.AddDays(2);
        var cases = new List<FalloutCase>();

        var resumed = CaseBuilder.InState(CaseStatus.RESOLVED_RESUME);
        var token = resumed.ReissueResumeToken("token expired", CaseBuilder.TokenLifetime, CaseBuilder.Supervisor, later);
        resumed.RedeemResumeToken(token.TokenId, 7, CaseBuilder.Source, later);
        cases.Add(resumed);
        cases.Add(CaseBuilder.InState(CaseStatus.CLOSED));
        cases.Add(CaseBuilder.InState(CaseStatus.RESOLVED_COMPENSATE));
        foreach (var approve in new[] { true, false })
        {
            var decided = CaseBuilder.InState(CaseStatus.APPROVAL_REQUIRED);
            decided.DecideCorrection(decided.ActiveCorrection!.Id, approve, "checked", CaseBuilder.Checker, now);
            cases.Add(decided);
        }
        var worked = CaseBuilder.InState(CaseStatus.IN_PROGRESS);
        worked.Escalate("stuck", "FALLOUT_ESCALATION", raiseSeverity: true, CaseBuilder.Supervisor, now);
        worked.LinkIncident(StateTableTests.IncidentId, "same outage", CaseBuilder.Supervisor, now);
        worked.UnlinkIncident(StateTableTests.IncidentId, "another cause", CaseBuilder.Supervisor, now);
        worked.RecordSlaBreach("RESOLVE", now, Api.Common.Auth.Actor.System("sla-sweeper"), now);
        cases.Add(worked);
        var waiting = CaseBuilder.InState(CaseStatus.WAITING_FIELD);
        cases.Add(waiting);
        // External participants and the time rules: a field update ends a wait, a wait expires, a reservation is held and
        // expires, a decision token expires unused.
        var field = Api.Common.Auth.Actor.System("field-workforce");
        var updated = CaseBuilder.InState(CaseStatus.IN_PROGRESS);
        updated.Wait(WaitingFor.FIELD, "technician visit", later, CaseBuilder.Maker, now, party: "FIELD-OPS");
        updated.ReceiveExternalUpdate("FIELD-OPS", Api.Common.Auth.Roles.Partner, "wo-1", WaitingFor.FIELD, ExternalOutcome.NO_ACCESS, "no access",
            new ParticipantEvidence(EvidenceType.DOCUMENT, "field-workforce", "wfm://visit/1", null, false), 0, 3, null, field, now);
        updated.Wait(WaitingFor.FIELD, "rescheduled visit", later, CaseBuilder.Maker, now, party: "FIELD-OPS");
        updated.ExpireWait(Api.Common.Auth.Actor.System("time-sweep"), later);
        var reservation = updated.HoldReservation("port-1", "PORT", later, ReservationExpiryAction.RELEASE, CaseBuilder.Maker, now);
        updated.ExpireReservation(reservation.Id, Api.Common.Auth.Actor.System("time-sweep"), later);
        cases.Add(updated);
        var unredeemed = CaseBuilder.InState(CaseStatus.RESOLVED_CANCEL);
        unredeemed.ReportTokenExpired(unredeemed.ResumeToken!.TokenId, "FALLOUT_ESCALATION", Api.Common.Auth.Actor.System("time-sweep"),
            unredeemed.ResumeToken.ExpiresAt.AddMinutes(1));
        cases.Add(unredeemed);
        // Executed by an owning system: dispatched at proposal, then each way an execution ends.
        var executor = Api.Common.Auth.Actor.System("activation-service");
        foreach (var outcome in new ExecutionOutcome?[] { ExecutionOutcome.SUCCEEDED, ExecutionOutcome.FAILED, null })
        {
            var executed = CaseBuilder.InState(CaseStatus.IN_PROGRESS);
            var correction = executed.ProposeCorrection(CorrectionType.RETRY, "{\"step\":\"ProvisionMobileSubscriber\"}", "retry",
                CaseBuilder.NoApproval with { Executor = new CorrectionExecutor("activation-service", TimeSpan.FromMinutes(15)) }, null,
                CaseBuilder.Maker, now);
            if (outcome is { } reported)
            {
                executed.ReportExecutionResult(correction.Id, "activation-service",
                    new ExecutionReport(correction.CommandId!.Value, reported, "done", "act-1", null), executor, now);
            }
            else
            {
                executed.TimeOutExecution(Api.Common.Auth.Actor.System("execution-sweep"), later);
                executed.ReportExecutionResult(correction.Id, "activation-service",
                    new ExecutionReport(correction.CommandId!.Value, ExecutionOutcome.SUCCEEDED, "late", null, null), executor, later);
            }
            cases.Add(executed);
        }
        // Seed §31: the charging of the service was not repaired by its deadline; billing is asked to suspend it.
        var uncharged = CaseBuilder.InState(CaseStatus.IN_PROGRESS);
        uncharged.RequestServiceSuspension("billing", now, Api.Common.Auth.Actor.System("time-sweep"), later);
        cases.Add(uncharged);

        var events = new List<JsonElement>();
        foreach (var fallout in cases)
        {
            foreach (var change in fallout.PendingChanges)
            {
                if (change.Event is { } domainEvent)
                {
                    events.Add(Map(fallout, domainEvent, change));
                }
                if (CustomerNotificationPolicy.Evaluate(NotificationRule.Defaults, fallout, change) is { } notification)
                {
                    events.Add(Map(fallout, notification, change));
                }
            }
        }

        // The events no case change records: the reveal (of a case), break-glass (of a case scope or none).
        var revealed = new FalloutCaseFieldsRevealed(CaseBuilder.Supervisor.Id, ["MSISDN"], ["customerId"], "customer called", Guid.CreateVersion7(now));
        events.Add(Parse(EventMapper.ToJson(Guid.CreateVersion7(now), worked, revealed, now, worked.Status)));
        foreach (var (kind, target) in new[] { (ElevationKind.CASE, worked.Id.ToString()), (ElevationKind.QUEUE, "FALLOUT_TRIAGE") })
        {
            var grant = new BreakGlassGrant(Guid.CreateVersion7(now), "olga", "outage", kind, target, 30, now);
            grant.Grant("sam", emergency: false, now);
            events.Add(Parse(EventMapper.ToJson(Guid.CreateVersion7(now), BreakGlassStarted.Of(grant), now)));
            grant.End(BreakGlassSweeper.Expiry, later);
            events.Add(Parse(EventMapper.ToJson(Guid.CreateVersion7(later), BreakGlassEnded.Of(grant, expired: true), later)));
        }
        return events;
    }

    private static JsonElement Parse(string json) => JsonDocument.Parse(json).RootElement.Clone();

    private static JsonElement Map(FalloutCase fallout, CaseEvent domainEvent, CaseChange change) =>
        Parse(EventMapper.ToJson(Guid.CreateVersion7(change.At), fallout, domainEvent, change.At, change.After.Status));

    [GeneratedRegex("```json\\s*\\n(.*?)\\n```", RegexOptions.Singleline)]
    private static partial Regex JsonBlock();
}
