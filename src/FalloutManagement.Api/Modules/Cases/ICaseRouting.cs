using FalloutManagement.Api.Modules.Cases.Domain;

namespace FalloutManagement.Api.Modules.Cases;

/// <summary>What intake, classify and escalate ask of routing: where a case goes and who gets it. Implemented by Queues.</summary>
public interface ICaseRouting
{
    /// <summary>The first matching classification rule's routing (null: the case stays in triage) and a provisional due time.</summary>
    Task<(CaseRouting? Routing, DateTimeOffset SlaDueAt)> RouteAsync(FalloutReport report, DateTimeOffset now, CancellationToken ct);

    /// <summary>The default queue of a category: the active queue that serves it.</summary>
    Task<string?> DefaultQueueAsync(FalloutCategory category, CancellationToken ct);

    Task<bool> IsActiveQueueAsync(string code, CancellationToken ct);

    /// <summary>The active escalation queue of <paramref name="queueCode"/>; null when it has none (or it is inactive).</summary>
    Task<string?> EscalationQueueAsync(string queueCode, CancellationToken ct);

    /// <summary>Who would get a case queued in <paramref name="queueCode"/>; null for manual-pull queues or no fitting member.</summary>
    Task<ICaseAssigner?> PrepareAssignmentAsync(string queueCode, CancellationToken ct);
}

/// <summary>Assigns a QUEUED, unassigned case through the aggregate; returns the user or null.</summary>
public interface ICaseAssigner
{
    string? AssignIfQueued(FalloutCase fallout, DateTimeOffset now);
}
