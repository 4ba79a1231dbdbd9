using System.Text.Json.Nodes;
using FalloutManagement.Api.Common.Http;
using FalloutManagement.Api.Common.Persistence;
using FalloutManagement.Api.Modules.Cases.Domain;
using Microsoft.EntityFrameworkCore;

namespace FalloutManagement.Api.Modules.Masking;

/// <summary>Reads what masking needs to know of cases: owner, reporter, queue.</summary>
internal static class CaseFactsReader
{
    public static async Task<Dictionary<Guid, CaseFacts>> ReadAsync(FalloutDbContext db, IReadOnlyCollection<Guid> ids, CancellationToken ct)
    {
        if (ids.Count == 0)
        {
            return [];
        }
        var list = ids.ToList();
        var rows = await db.Set<FalloutCase>().AsNoTracking().Where(c => list.Contains(c.Id))
            .Select(c => new CaseFacts(c.Id, c.AssignedUser, c.SourceSystem, c.Queue)).ToListAsync(ct);
        return rows.ToDictionary(r => r.Id);
    }

    /// <summary>Masks <paramref name="root"/> for <paramref name="viewer"/>, looking up the cases it refers to.</summary>
    public static async Task MaskAsync(FalloutDbContext db, MaskingRuleSet rules, Viewer viewer, JsonNode? root,
        Guid? routeCase, CancellationToken ct)
    {
        Dictionary<Guid, CaseFacts> facts = [];
        var masker = new Masker(rules, (id, inline) => viewer.ViewOf(rules, inline ?? (id is { } i && facts.TryGetValue(i, out var f) ? f : null)));
        var lookUp = new HashSet<Guid>();
        if (!masker.Scan(root, lookUp))
        {
            return;
        }
        if (routeCase is { } route)
        {
            lookUp.Add(route);
        }
        // An answer that is a case (the case read, every command's and pull-next's answer) carries that case's facts
        // as they are now: no lookup for it.
        var own = root is JsonObject document ? Masker.FactsOf(document) : null;
        if (own is not null)
        {
            lookUp.Remove(own.Id);
        }
        facts = await ReadAsync(db, lookUp, ct);
        if (own is not null)
        {
            facts[own.Id] = own;
        }
        masker.Apply(root, routeCase);
    }
}
