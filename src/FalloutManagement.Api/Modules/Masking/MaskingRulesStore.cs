using System.Text.Json;
using FalloutManagement.Api.Common;
using FalloutManagement.Api.Common.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.Options;

namespace FalloutManagement.Api.Modules.Masking;

/// <summary>
/// The masking rules as data (one row): written only by an approved policy change. While there is no row the
/// configuration's rules hold.
/// </summary>
internal sealed class MaskingRulesRow : IReferenceData
{
    public const int TheRow = 1;

    private MaskingRulesRow() { }

    public MaskingRulesRow(string rulesJson, string updatedBy, DateTimeOffset now)
    {
        Id = TheRow;
        Replace(rulesJson, updatedBy, now);
        Version = 1;
    }

    public int Id { get; private set; }
    public string RulesJson { get; private set; } = "{}";
    public long Version { get; private set; }
    public string UpdatedBy { get; private set; } = "";
    public DateTimeOffset UpdatedAt { get; private set; }

    public void Replace(string rulesJson, string updatedBy, DateTimeOffset now)
    {
        RulesJson = rulesJson;
        UpdatedBy = updatedBy;
        UpdatedAt = now;
        Version++;
    }
}

internal sealed class MaskingRulesRowConfiguration : IEntityTypeConfiguration<MaskingRulesRow>
{
    public void Configure(EntityTypeBuilder<MaskingRulesRow> builder)
    {
        builder.ToTable("masking_rules");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.Property(r => r.RulesJson).HasColumnType("jsonb");
        builder.Property(r => r.UpdatedBy).HasMaxLength(200);
        builder.Property(r => r.Version).IsConcurrencyToken();
    }
}

/// <summary>The rules as they are written and read over HTTP (<c>GET /masking-rules</c>, the body of a change).</summary>
internal sealed record MaskingRulesDocument(
    Dictionary<string, MaskingClassDocument>? Classes,
    Dictionary<string, string[]>? Policies,
    string[]? RevealRoles,
    string? Reason)
{
    public MaskingRuleSet ToRules() => new(
        (Classes ?? []).ToDictionary(c => c.Key, c => new MaskingClass(c.Value?.Names ?? []), StringComparer.Ordinal),
        (Policies ?? []).ToDictionary(p => p.Key, p => (IReadOnlyList<string>)(p.Value ?? []), StringComparer.Ordinal),
        RevealRoles ?? []);

    public static MaskingRulesDocument From(MaskingRuleSet rules) => new(
        rules.Classes.ToDictionary(c => c.Key, c => new MaskingClassDocument([.. c.Value.Names])),
        rules.Policies.ToDictionary(p => p.Key, p => p.Value.ToArray()),
        [.. rules.RevealRoles],
        null);
}

internal sealed record MaskingClassDocument(string[]? Names);

/// <summary>The rules in force: the approved data if any, else configuration; cached like the other reference data.</summary>
internal sealed class MaskingRules(FalloutDbContext db, ReferenceDataCache cache, IOptions<MaskingOptions> options)
{
    public async Task<(MaskingRuleSet Rules, long Version)> CurrentAsync(CancellationToken ct)
    {
        var current = await cache.GetAsync("masking-rules", async token =>
        {
            var row = await db.Set<MaskingRulesRow>().AsNoTracking().FirstOrDefaultAsync(r => r.Id == MaskingRulesRow.TheRow, token);
            var rules = row is null
                ? options.Value.ToRules()
                : (JsonSerializer.Deserialize<MaskingRulesDocument>(row.RulesJson, JsonDefaults.Options) ?? new(null, null, null, null)).ToRules();
            return new Current(rules, row?.Version ?? 0);
        }, ct);
        return (current.Rules, current.Version);
    }

    private sealed record Current(MaskingRuleSet Rules, long Version);
}
