using System.Diagnostics.Metrics;

namespace FalloutManagement.Api.Common.Observability;

/// <summary>
/// The domain instruments, on the <c>FalloutManagement</c> meter (docs/operations.md, Metrics, lists each with its
/// Prometheus name). Counters are recorded where the thing happens, after it committed; the gauges read a cached
/// snapshot of the database (<see cref="DomainGauges"/>).
/// </summary>
public sealed class FalloutMetrics
{
    public const string MeterName = "FalloutManagement";

    private readonly Meter _meter;
    private readonly Counter<long> _casesOpened;
    private readonly Counter<long> _slaBreaches;
    private readonly Counter<long> _slaAtRisk;
    private readonly Counter<long> _corrections;
    private readonly Counter<long> _resumeTokens;
    private readonly Counter<long> _hubDeliveries;
    private readonly Counter<long> _recoveryCases;
    private readonly Histogram<int> _groupSaves;
    private readonly Counter<long> _groupFailures;

    public FalloutMetrics(IMeterFactory meterFactory)
    {
        _meter = meterFactory.Create(MeterName);
        _casesOpened = _meter.CreateCounter<long>("fallout.cases.opened", "{case}", "Cases opened by intake, by category (or hint) and source system.");
        _slaBreaches = _meter.CreateCounter<long>("fallout.sla.breaches", "{clock}", "SLA clocks breached, by clock.");
        _slaAtRisk = _meter.CreateCounter<long>("fallout.sla.at_risk", "{clock}", "SLA clocks the sweep marked at risk.");
        _corrections = _meter.CreateCounter<long>("fallout.corrections", "{correction}",
            "Correction actions by type and outcome (PROPOSED, then the status each reaches: READY, REJECTED, APPLIED, VERIFIED, ...).");
        _resumeTokens = _meter.CreateCounter<long>("fallout.resume_tokens", "{token}", "Resume tokens issued, redeemed and expired.");
        _hubDeliveries = _meter.CreateCounter<long>("fallout.hub.deliveries", "{delivery}",
            "Hub callback attempts by outcome: delivered, retry (failed, will be retried), dead_letter.");
        _recoveryCases = _meter.CreateCounter<long>("fallout.recovery.cases", "{case}", "Cases handled by bulk recovery, by outcome.");
        _groupSaves = _meter.CreateHistogram<int>("fallout.persistence.group_commit.saves", "{save}",
            "Saves written together in one group commit (one transaction), per group written.",
            advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 4, 8, 16, 32, 64, 128, 256] });
        _groupFailures = _meter.CreateCounter<long>("fallout.persistence.group_commit.failures", "{group}",
            "Group commits that failed, whose saves were then written each alone (a racing duplicate, a lost connection).");
    }

    /// <summary>The meter the gauges register on (owned, and disposed, by the host's meter factory).</summary>
    public Meter Meter => _meter;

    public void CaseOpened(string? category, string source) =>
        _casesOpened.Add(1, new("category", category ?? "UNCLASSIFIED"), new("source", source));

    public void SlaBreached(string clock) => _slaBreaches.Add(1, new KeyValuePair<string, object?>("clock", clock));

    public void SlaAtRisk(int clocks)
    {
        if (clocks > 0)
        {
            _slaAtRisk.Add(clocks);
        }
    }

    public void Correction(string type, string outcome) => _corrections.Add(1, new("type", type), new("outcome", outcome));

    public void ResumeToken(string outcome) => _resumeTokens.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    public void HubDeliveries(int delivered, int retried, int deadLettered)
    {
        Add(_hubDeliveries, delivered, "delivered");
        Add(_hubDeliveries, retried, "retry");
        Add(_hubDeliveries, deadLettered, "dead_letter");
    }

    public void GroupCommitted(int saves) => _groupSaves.Record(saves);

    public void GroupFailed() => _groupFailures.Add(1);

    public void RecoveryCase(string outcome) => _recoveryCases.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    private static void Add(Counter<long> counter, int value, string outcome)
    {
        if (value > 0)
        {
            counter.Add(value, new KeyValuePair<string, object?>("outcome", outcome));
        }
    }
}
