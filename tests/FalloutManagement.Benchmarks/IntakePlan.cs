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
    {
        _sourceSystem = sourceSystem;
        _bodies = new byte[size][];
        _kinds = new IntakeKind[size];
        var rng = new Random(seed);
        var news = new List<int>();
        for (var i = 0; i < size; i++)
        {
            if (news.Count == 0 || rng.NextDouble() >= duplicateRatio)
            {
                _kinds[i] = IntakeKind.New;
                _bodies[i] = Body(i, i);
                news.Add(i);
                continue;
            }
            // Choose among new events at least `lag` positions back when there are any, else among all.
            var eligible = news.Count;
            while (eligible > 1 && news[eligible - 1] > i - lag)
            {
                eligible--;
            }
            var original = news[rng.Next(eligible)];
            if (rng.Next(2) == 0)
            {
                _kinds[i] = IntakeKind.Replay;
                _bodies[i] = _bodies[original];
            }
            else
            {
                _kinds[i] = IntakeKind.OpenStep;
                _bodies[i] = Body(i, original);
            }
        }
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
