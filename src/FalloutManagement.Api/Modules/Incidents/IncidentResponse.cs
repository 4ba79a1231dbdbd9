using FalloutManagement.Api.Modules.Cases.Domain;
using FalloutManagement.Api.Modules.Incidents.Domain;

namespace FalloutManagement.Api.Modules.Incidents;

internal sealed record AutoLinkRuleDto(
    string? SourceSystem,
    FalloutCategory? Category,
    string? ReasonCode,
    string? FailedStepKey,
    DateTimeOffset? WindowStart,
    DateTimeOffset? WindowEnd)
{
    public AutoLinkRule ToRule() => new(SourceSystem, Category, ReasonCode, FailedStepKey, WindowStart, WindowEnd);

    public static AutoLinkRuleDto? From(AutoLinkRule? rule) =>
        rule is null ? null : new(rule.SourceSystem, rule.Category, rule.ReasonCode, rule.FailedStepKey, rule.WindowStart, rule.WindowEnd);
}

internal sealed record MoneyAmount(string Currency, decimal Amount);

/// <summary>What an incident did to the fallout lane: its linked cases by state, the customers hit and the open revenue at risk.</summary>
internal sealed record IncidentImpact(
    int LinkedCases,
    int OpenCases,
    IReadOnlyDictionary<CaseStatus, int> CasesByState,
    int DistinctCustomers,
    IReadOnlyList<MoneyAmount> RevenueAtRisk);

internal sealed record IncidentResponse(
    Guid Id,
    string Title,
    string Description,
    string AffectedTargetSystem,
    DateTimeOffset StartedAt,
    IncidentStatus Status,
    AutoLinkRuleDto? AutoLinkRule,
    string? RootCause,
    string? ResolvedBy,
    DateTimeOffset? ResolvedAt,
    string CreatedBy,
    DateTimeOffset CreatedAt,
    long Version,
    IncidentImpact? Impact)
{
    public static IncidentResponse From(Incident i, IncidentImpact? impact = null) =>
        new(i.Id, i.Title, i.Description, i.AffectedTargetSystem, i.StartedAt, i.Status, AutoLinkRuleDto.From(i.AutoLinkRule), i.RootCause,
            i.ResolvedBy, i.ResolvedAt, i.CreatedBy, i.CreatedAt, i.Version, impact);
}

