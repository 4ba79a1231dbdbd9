using FalloutManagement.Api.Common;
using FalloutManagement.Api.Common.Problems;
using FalloutManagement.Api.Modules.Cases.Domain;

namespace FalloutManagement.Api.Modules.Incidents.Domain;

#pragma warning disable CA1707
internal enum IncidentStatus { OPEN, RESOLVED }
#pragma warning restore CA1707

/// <summary>
/// Which new fallout an open incident claims at intake. Every criterion given must match; at least one of source
/// system, category, reason code and failed step is required, so a rule never claims all fallout of a time window.
/// </summary>
internal sealed record AutoLinkRule(
    string? SourceSystem,
    FalloutCategory? Category,
    string? ReasonCode,
    string? FailedStepKey,
    DateTimeOffset? WindowStart,
    DateTimeOffset? WindowEnd)
{
    public bool Matches(FalloutCase fallout, DateTimeOffset at) =>
        (SourceSystem is null || SourceSystem == fallout.SourceSystem)
        && (Category is null || Category == fallout.Category)
        && (ReasonCode is null || ReasonCode == fallout.ReasonCode)
        && (FailedStepKey is null || FailedStepKey == fallout.FailedStepKey)
        && (WindowStart is null || WindowStart <= at)
        && (WindowEnd is null || at <= WindowEnd);
}

/// <summary>A wide operational outage (docs/incidents-and-analytics.md) that causes many fallout cases; cases link to it.</summary>
internal sealed class Incident : IReferenceData
{
    private Incident() { }

    public Guid Id { get; private set; }
    public string Title { get; private set; } = "";
    public string Description { get; private set; } = "";
    public string AffectedTargetSystem { get; private set; } = "";
    public DateTimeOffset StartedAt { get; private set; }
    public IncidentStatus Status { get; private set; }
    public AutoLinkRule? AutoLinkRule { get; private set; }
    public string? RootCause { get; private set; }
    public string? ResolvedBy { get; private set; }
    public DateTimeOffset? ResolvedAt { get; private set; }
    public string CreatedBy { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>Optimistic concurrency token: two resolutions racing cannot both win.</summary>
    public long Version { get; private set; }

    public static Incident Open(string title, string description, string affectedTargetSystem, DateTimeOffset startedAt,
        AutoLinkRule? rule, string createdBy, DateTimeOffset now) => new()
        {
            Id = Guid.CreateVersion7(now),
            Title = title,
            Description = description,
            AffectedTargetSystem = affectedTargetSystem,
            StartedAt = startedAt,
            Status = IncidentStatus.OPEN,
            AutoLinkRule = rule,
            CreatedBy = createdBy,
            CreatedAt = now,
            Version = 1,
        };

    public void EnsureOpen(string what)
    {
        if (Status != IncidentStatus.OPEN)
        {
            throw DomainException.InvalidTransition($"Incident {Id} is {Status}: {what} needs an open incident.");
        }
    }

    public void Resolve(string rootCause, string actor, DateTimeOffset now)
    {
        EnsureOpen("resolving");
        Status = IncidentStatus.RESOLVED;
        RootCause = rootCause;
        ResolvedBy = actor;
        ResolvedAt = now;
        Version++;
    }
}
