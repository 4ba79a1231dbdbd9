using FalloutManagement.Api.Common.Problems;

namespace FalloutManagement.Api.Modules.Events.Hub;

/// <summary>
/// The simple filter of a hub registration: <c>eventType=A,B</c> and/or <c>caseId=&lt;uuid&gt;</c>, joined by
/// <c>&amp;</c>. Anything else is refused rather than silently ignored.
/// </summary>
internal sealed record HubQuery(string? Text, IReadOnlyList<string>? EventTypes, Guid? CaseId)
{
    public static readonly HubQuery Everything = new(null, null, null);

    public static HubQuery Parse(string? query)
    {
        if (string.IsNullOrWhiteSpace(query))
        {
            return Everything;
        }
        List<string>? types = null;
        Guid? caseId = null;
        foreach (var part in query.Trim().TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var pair = part.Split('=', 2);
            var key = pair[0].Trim();
            var value = pair.Length == 2 ? Uri.UnescapeDataString(pair[1].Trim()) : "";
            switch (key)
            {
                case "eventType" when types is null && value.Length > 0:
                    types = [.. value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal)];
                    var unknown = types.Where(t => !EventCatalog.EventTypes.Contains(t)).ToList();
                    if (unknown.Count > 0 || types.Count == 0)
                    {
                        throw DomainException.Validation("query", $"Unknown event type(s): {string.Join(", ", unknown)}.");
                    }
                    break;
                case "caseId" when caseId is null && Guid.TryParse(value, out var id):
                    caseId = id;
                    break;
                default:
                    throw DomainException.Validation("query", "query supports eventType=A,B and caseId=<uuid>, each at most once, joined by &.");
            }
        }
        var text = string.Join('&', new[]
        {
            types is null ? null : $"eventType={string.Join(',', types)}",
            caseId is null ? null : $"caseId={caseId}",
        }.Where(p => p is not null));
        return new HubQuery(text.Length == 0 ? null : text, types, caseId);
    }
}
