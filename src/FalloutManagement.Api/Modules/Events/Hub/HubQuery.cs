using FalloutManagement.Api.Common;
using FalloutManagement.Api.Common.Problems;

namespace FalloutManagement.Api.Modules.Events.Hub;

/// <summary>
/// The simple filter of a hub registration: <c>eventType=A,B</c>, <c>caseId=&lt;uuid&gt;</c> and/or
/// <c>executor=&lt;code&gt;</c> (the events addressed to that executor: its commands and their outcomes — proposed,
/// approved, rejected, execution requested, failed, timed out, late result, service suspension requested), joined by
/// <c>&amp;</c>. Anything else is refused rather than silently ignored.
/// </summary>
internal sealed record HubQuery(string? Text, IReadOnlyList<string>? EventTypes, Guid? CaseId, string? Executor = null)
{
    public static readonly HubQuery Everything = new(null, null, null);

    /// <summary>The longest executor code (the executors table's code column).</summary>
    public const int ExecutorCodeLength = 100;

    /// <summary>This filter for <paramref name="executor"/>: a <c>fallout.executor</c>'s registration always filters by its own code.</summary>
    public HubQuery WithExecutor(string executor) => Compose(EventTypes, CaseId, executor);

    public static HubQuery Parse(string? query)
    {
        if (string.IsNullOrWhiteSpace(query))
        {
            return Everything;
        }
        List<string>? types = null;
        Guid? caseId = null;
        string? executor = null;
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
                case "executor" when executor is null && ExecutorCodes.IsValid(value):
                    executor = value;
                    break;
                default:
                    throw DomainException.Validation("query",
                        "query supports eventType=A,B, caseId=<uuid> and executor=<executor code>, each at most once, joined by &.");
            }
        }
        return Compose(types, caseId, executor);
    }

    private static HubQuery Compose(IReadOnlyList<string>? types, Guid? caseId, string? executor)
    {
        var text = string.Join('&', new[]
        {
            types is null ? null : $"eventType={string.Join(',', types)}",
            caseId is null ? null : $"caseId={caseId}",
            executor is null ? null : $"executor={executor}",
        }.Where(p => p is not null));
        return new HubQuery(text.Length == 0 ? null : text, types, caseId, executor);
    }
}
