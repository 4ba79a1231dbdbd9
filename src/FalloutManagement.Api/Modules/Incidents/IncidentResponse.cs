using System.Text.Json;
using FalloutManagement.Api.Common;
using FalloutManagement.Api.Common.Auth;
using FalloutManagement.Api.Common.Http;
using FalloutManagement.Api.Common.Persistence;
using FalloutManagement.Api.Modules.Audit;
using FalloutManagement.Api.Modules.Cases.Domain;
using FalloutManagement.Api.Modules.Incidents.Domain;

namespace FalloutManagement.Api.Modules.Incidents;

public sealed record AutoLinkRuleDto(
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

public sealed record MoneyAmount(string Currency, decimal Amount);

/// <summary>What an incident did to the fallout lane: its linked cases by state, the customers hit and the open revenue at risk.</summary>
public sealed record IncidentImpact(
    int LinkedCases,
    int OpenCases,
    IReadOnlyDictionary<CaseStatus, int> CasesByState,
    int DistinctCustomers,
    IReadOnlyList<MoneyAmount> RevenueAtRisk);

public sealed record IncidentResponse(
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

/// <summary>Incident changes go to the append-only audit with no case id (they share the reference-data chain).</summary>
public static class IncidentAudit
{
    public static void Record(FalloutDbContext db, HttpContext http, Incident incident, string action, string? reason,
        IncidentResponse? before, DateTimeOffset now)
    {
        var correlationId = http.Response.Headers[CorrelationId.Header].ToString();
        db.Set<AuditEntry>().Add(new AuditEntry(Guid.CreateVersion7(now), null, null, http.Caller().Id,
            action, reason, Serialize(before), Serialize(IncidentResponse.From(incident)), string.IsNullOrEmpty(correlationId) ? null : correlationId, now));
    }

    private static string? Serialize(IncidentResponse? snapshot) =>
        snapshot is null ? null : JsonSerializer.Serialize(snapshot, JsonDefaults.Options);
}
