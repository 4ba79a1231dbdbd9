using System.Globalization;
using System.Text;

namespace FalloutManagement.Benchmarks;

/// <summary>What one planned intake request is, relative to the events before it.</summary>
public enum IntakeKind
{
    /// <summary>A new event on a new step: creates a case (201).</summary>
    New,

    /// <summary>The same event again, byte for byte: joins its case, writes nothing (200).</summary>
    Replay,

    /// <summary>A new event on a step that already has an open case: appends an occurrence (200).</summary>
    OpenStep,
}

/// <summary>
/// The pre-generated request bodies, in the order they are sent. Duplicates point back at a new event at least
/// <c>lag</c> positions earlier, so they mostly hit a committed case rather than race its creation (races are
/// still possible, and the service must absorb them). Requests beyond the pool are generated as new events.
/// </summary>
public sealed class IntakePlan
{
    private const string Json = "application/json";

    private readonly byte[][] _bodies;
    private readonly IntakeKind[] _kinds;
    private readonly string _sourceSystem;

    public IntakePlan(string sourceSystem, int size, double duplicateRatio, int lag, int seed)
        : this(sourceSystem, RandomKinds(size, duplicateRatio, new Random(seed)), new Random(seed + 1),
            (news, i, rng) =>
            {
                // Among new events at least `lag` positions back when there are any, else among all.
                var eligible = news.Count;
                while (eligible > 1 && news[eligible - 1] > i - lag)
                {
                    eligible--;
                }
                return news[rng.Next(eligible)];
            })
    {
    }

    private IntakePlan(string sourceSystem, IntakeKind[] kinds, Random rng, Func<List<int>, int, Random, int> pickOriginal)
    {
        _sourceSystem = sourceSystem;
        _kinds = kinds;
        _bodies = new byte[kinds.Length][];
        var news = new List<int>();
        for (var i = 0; i < kinds.Length; i++)
        {
            if (news.Count == 0)
            {
                _kinds[i] = IntakeKind.New;
            }
            if (_kinds[i] == IntakeKind.New)
            {
                _bodies[i] = Body(i, i);
                news.Add(i);
                continue;
            }
            var original = pickOriginal(news, i, rng);
            _bodies[i] = _kinds[i] == IntakeKind.Replay ? _bodies[original] : Body(i, original);
        }
    }

    /// <summary>
    /// A vendor-outage storm: exactly <paramref name="newEvents"/> new events among <paramref name="events"/>, the rest
    /// half replays and half open-step duplicates, shuffled together. A duplicate points at one of the last
    /// <paramref name="window"/> new events, so with many clients it often races its original's creation (the
    /// database must decide) or another duplicate of the same step.
    /// </summary>
    public static IntakePlan Storm(string sourceSystem, int events, int newEvents, int window, int seed)
    {
        var rng = new Random(seed);
        var kinds = new IntakeKind[events];
        for (var i = 0; i < events; i++)
        {
            kinds[i] = i < newEvents ? IntakeKind.New : (i - newEvents) % 2 == 0 ? IntakeKind.Replay : IntakeKind.OpenStep;
        }
        // The first request must be new (a duplicate needs an original); shuffle the rest.
        rng.Shuffle(kinds.AsSpan(1));
        return new IntakePlan(sourceSystem, kinds, rng, (news, _, r) => news[Math.Max(0, news.Count - 1 - r.Next(window))]);
    }

    private static IntakeKind[] RandomKinds(int size, double duplicateRatio, Random rng)
    {
        var kinds = new IntakeKind[size];
        for (var i = 0; i < size; i++)
        {
            kinds[i] = rng.NextDouble() >= duplicateRatio ? IntakeKind.New : rng.Next(2) == 0 ? IntakeKind.Replay : IntakeKind.OpenStep;
        }
        return kinds;
    }

    public static string ContentType => Json;

    public int Size => _bodies.Length;

    public byte[] BodyAt(long index) => index < _bodies.Length ? _bodies[index] : Body(index, index);

    public IntakeKind KindAt(long index) => index < _kinds.Length ? _kinds[index] : IntakeKind.New;

    /// <summary>How many of the first <paramref name="sent"/> requests are of each kind.</summary>
    public (long New, long Replay, long OpenStep) Mix(long sent)
    {
        long fresh = 0, replay = 0, openStep = 0;
        for (long i = 0; i < sent; i++)
        {
            switch (KindAt(i))
            {
                case IntakeKind.New: fresh++; break;
                case IntakeKind.Replay: replay++; break;
                default: openStep++; break;
            }
        }
        return (fresh, replay, openStep);
    }

    /// <summary>A valid intake body: event <paramref name="eventNo"/> on the step of event <paramref name="stepNo"/>.</summary>
    private byte[] Body(long eventNo, long stepNo)
    {
        var s = CultureInfo.InvariantCulture;
        var json = string.Create(s, $$"""
            {"sourceSystem":"{{_sourceSystem}}","sourceEventId":"{{_sourceSystem}}-evt-{{eventNo}}","correlationId":"{{_sourceSystem}}-corr-{{eventNo}}","customerId":"cust-{{stepNo % 5000}}","serviceOrderId":"{{_sourceSystem}}-so-{{stepNo}}","serviceOrderItemId":"{{_sourceSystem}}-soi-{{stepNo}}","resourceId":"res-{{stepNo % 1000}}","categoryHint":"ACTIVATION","severityHint":"HIGH","reasonCode":"DUPLICATE_SUBSCRIBER_MISMATCH","message":"Subscriber exists with same MSISDN but different IMSI","failedStepKey":"ProvisionMobileSubscriber","resumePoint":"after command ProvisionMobileSubscriber","orderVersion":7,"occurredAt":"2026-11-27T01:00:00Z"}
            """);
        return Encoding.UTF8.GetBytes(json);
    }
}
