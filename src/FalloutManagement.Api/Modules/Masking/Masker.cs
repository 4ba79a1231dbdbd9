using System.Text.Json.Nodes;
using FalloutManagement.Api.Common.Http;

namespace FalloutManagement.Api.Modules.Masking;

/// <summary>What one viewer sees of one case: the classes unmasked for it, and whether token ids are visible.</summary>
internal sealed record CaseView(IReadOnlySet<string> Unmasked, bool TokensVisible);

/// <summary>
/// Masks a JSON document in place: every property whose name (or parent.name) belongs to a data class the viewer
/// may not see unmasked gets a masked value (<c>cust-****5</c>; objects and arrays leaf by leaf); a DATA_CORRECTION
/// shaped object (<c>field</c>, <c>before</c>, <c>after</c>) masks before and after by the class of its field; token ids
/// (<c>tokenId</c>, <c>*TokenId</c>) are removed where the viewer may not see them; the payload of an execution command
/// event is masked whole for every viewer (only the executor's subscription gets it, unmasked, past the masker). The view can change per case:
/// an object with <c>falloutCaseId</c>/<c>caseId</c>, or a case representation, switches to that case's view.
/// </summary>
internal sealed class Masker(MaskingRuleSet rules, Func<Guid?, CaseFacts?, CaseView> viewOf)
{
    public const string Hidden = "****";

    public void Apply(JsonNode? root, Guid? routeCase) => Walk(root, null, routeCase is { } id ? viewOf(id, null) : viewOf(null, null), routeCase is null);

    /// <summary>
    /// Whether the document holds anything classified or a token id; collects into <paramref name="cases"/> the case
    /// ids it refers to (by <c>falloutCaseId</c>/<c>caseId</c>) without carrying their facts.
    /// </summary>
    public bool Scan(JsonNode? root, HashSet<Guid> cases) => HasClassified(root, null, cases);

    public static string Mask(string value)
    {
        if (value.Length == 0)
        {
            return value;
        }
        var separator = value.AsSpan(0, Math.Min(6, value.Length)).IndexOfAny('-', '_');
        var prefix = separator > 0 && value[..separator].All(char.IsAsciiLetter) ? separator + 1 : 0;
        var rest = value.Length - prefix;
        var keep = rest >= 8 ? 2 : rest >= 4 ? 1 : 0;
        return string.Concat(value.AsSpan(0, prefix), Hidden, value.AsSpan(value.Length - keep));
    }

    private string? ClassOf(string name, string? parent) =>
        rules.ByName.TryGetValue(name, out var c) ? c
        : parent is not null && rules.ByName.TryGetValue($"{parent}.{name}", out c) ? c
        : null;

    private string? FieldClass(JsonObject obj) =>
        obj.TryGetPropertyValue("field", out var f) && f is JsonValue v && v.TryGetValue<string>(out var field)
        && (obj.ContainsKey("before") || obj.ContainsKey("after"))
            ? (rules.ByFieldName.TryGetValue(field, out var c) || rules.ByFieldName.TryGetValue(field.Split('.')[^1], out c) ? c : null)
            : null;

    private static bool IsToken(string name) =>
        name.Equals("tokenId", StringComparison.OrdinalIgnoreCase) || name.EndsWith("TokenId", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The one event carrying an executable payload (<c>FalloutCorrectionExecutionRequested</c>): its payload goes to the
    /// executor's own hub subscription only, so every other reader gets it masked whole, whatever its classes.
    /// </summary>
    private static bool IsCommand(JsonObject obj) =>
        obj.TryGetPropertyValue("eventType", out var type) && type is JsonValue v && v.TryGetValue<string>(out var name)
        && name == Cases.Domain.CaseEventTypes.CorrectionExecutionRequested && obj.ContainsKey("payload");

    private static Guid? CaseIdOf(JsonObject obj) =>
        (obj.TryGetPropertyValue("falloutCaseId", out var id) || obj.TryGetPropertyValue("caseId", out id))
        && id is JsonValue v && v.TryGetValue<string>(out var text) && Guid.TryParse(text, out var guid) ? guid : null;

    /// <summary>A case representation carries its own facts (id, queue, owner, reporter): no lookup needed.</summary>
    public static CaseFacts? FactsOf(JsonObject obj) =>
        obj.TryGetPropertyValue("id", out var id) && id is JsonValue iv && iv.TryGetValue<string>(out var idText) && Guid.TryParse(idText, out var guid)
        && obj.TryGetPropertyValue("sourceSystem", out var s) && s is JsonValue sv && sv.TryGetValue<string>(out var source)
        && obj.TryGetPropertyValue("queue", out var q) && q is JsonValue qv && qv.TryGetValue<string>(out var queue)
        && obj.ContainsKey("assignedUser")
            ? new CaseFacts(guid, (string?)obj["assignedUser"], source, queue)
            : null;

    private void Walk(JsonNode? node, string? parent, CaseView view, bool switchable)
    {
        switch (node)
        {
            case JsonArray array:
                foreach (var item in array)
                {
                    Walk(item, parent, view, switchable);
                }
                break;
            case JsonObject obj:
                if (switchable)
                {
                    if (FactsOf(obj) is { } facts)
                    {
                        view = viewOf(facts.Id, facts);
                    }
                    else if (CaseIdOf(obj) is { } caseId)
                    {
                        view = viewOf(caseId, null);
                    }
                }
                var fieldClass = FieldClass(obj);
                var command = IsCommand(obj);
                foreach (var name in obj.Select(p => p.Key).ToList())
                {
                    if (command && name == "payload")
                    {
                        obj[name] = MaskAll(obj[name]);
                        continue;
                    }
                    if (!view.TokensVisible && IsToken(name))
                    {
                        obj.Remove(name);
                        continue;
                    }
                    var cls = name is "before" or "after" && fieldClass is not null ? fieldClass : ClassOf(name, parent);
                    if (cls is not null && !view.Unmasked.Contains(cls))
                    {
                        obj[name] = MaskAll(obj[name]);
                    }
                    else
                    {
                        Walk(obj[name], name, view, switchable);
                    }
                }
                break;
        }
    }

    private static JsonNode? MaskAll(JsonNode? node) => node switch
    {
        null => null,
        JsonArray array => new JsonArray([.. array.Select(MaskAll)]),
        JsonObject obj => new JsonObject(obj.Select(p => KeyValuePair.Create(p.Key, MaskAll(p.Value)))),
        JsonValue value when value.TryGetValue<string>(out var text) => JsonValue.Create(Mask(text)),
        JsonValue value when value.TryGetValue<bool>(out _) => value.DeepClone(),
        _ => JsonValue.Create(Hidden),
    };

    private bool HasClassified(JsonNode? node, string? parent, HashSet<Guid> ids)
    {
        var found = false;
        switch (node)
        {
            case JsonArray array:
                foreach (var item in array)
                {
                    found |= HasClassified(item, parent, ids);
                }
                break;
            case JsonObject obj:
                if (FactsOf(obj) is null && CaseIdOf(obj) is { } id)
                {
                    ids.Add(id);
                }
                found = FieldClass(obj) is not null || IsCommand(obj);
                foreach (var (name, value) in obj)
                {
                    var inside = HasClassified(value, name, ids);
                    found |= inside || IsToken(name) || ClassOf(name, parent) is not null;
                }
                break;
        }
        return found;
    }
}
