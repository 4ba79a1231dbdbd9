using System.Collections.Frozen;
using FalloutManagement.Api.Common.Auth;

namespace FalloutManagement.Api.Modules.Masking;

/// <summary>One data class: the JSON property names that hold it (<c>msisdn</c>, or <c>customer.id</c> for a parent.child pair).</summary>
internal sealed record MaskingClass(IReadOnlyList<string> Names);

/// <summary>
/// The masking rules: data classes by property name, and per viewer (a role, <c>assignee</c> for the operator who
/// owns the case, <c>reporter</c> for the source that reported it) the classes it sees unmasked. Configuration
/// (<c>Masking</c>) gives the defaults; an approved policy change (kind <c>masking-rules</c>) replaces them as data.
/// </summary>
internal sealed record MaskingRuleSet(
    IReadOnlyDictionary<string, MaskingClass> Classes,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Policies,
    IReadOnlyList<string> RevealRoles)
{
    public const string Assignee = "assignee";
    public const string Reporter = "reporter";

    /// <summary>The evidence content class: no property holds it; the content download and reveal answer for it.</summary>
    public const string EvidenceContent = "EVIDENCE_CONTENT";

    private FrozenDictionary<string, string>? _byName;
    private FrozenDictionary<string, string>? _byFieldName;

    /// <summary>JSON property name (or parent.child) → class, exactly as written (properties are camelCase).</summary>
    public FrozenDictionary<string, string> ByName => _byName ??= Index(StringComparer.Ordinal);

    /// <summary>A DATA_CORRECTION's <c>field</c> (written by people: any case) → class.</summary>
    public FrozenDictionary<string, string> ByFieldName => _byFieldName ??= Index(StringComparer.OrdinalIgnoreCase);

    private FrozenDictionary<string, string> Index(StringComparer comparer) => Classes
        .SelectMany(c => c.Value.Names.Select(n => (Name: n, Class: c.Key)))
        .GroupBy(x => x.Name, comparer)
        .ToFrozenDictionary(g => g.Key, g => g.First().Class, comparer);

    /// <summary>Every class, evidence content always among them (it has no property names, so configuration may leave it out).</summary>
    public IEnumerable<string> AllClasses => Classes.Keys.Append(EvidenceContent).Distinct(StringComparer.Ordinal);

    /// <summary>The classes a viewer key (role, assignee, reporter) sees unmasked.</summary>
    public IEnumerable<string> UnmaskedFor(string viewer) => Policies.TryGetValue(viewer, out var classes) ? classes : [];

    /// <summary>The classes the caller's roles see unmasked on any case.</summary>
    public HashSet<string> UnmaskedForRoles(Caller caller) =>
        caller.Roles.SelectMany(UnmaskedFor).ToHashSet(StringComparer.Ordinal);

    /// <summary>Rules are valid when every policy and every name points at a known class and no name is claimed twice.</summary>
    public IEnumerable<(string Field, string Message)> Problems()
    {
        if (Classes.Count == 0)
        {
            yield return ("classes", "At least one data class is needed.");
        }
        foreach (var (name, @class) in Classes)
        {
            if (string.IsNullOrWhiteSpace(name) || name.Length > 50)
            {
                yield return ("classes", $"Class names are 1 to 50 characters ('{name}').");
            }
            if (@class.Names.Any(n => string.IsNullOrWhiteSpace(n) || n.Length > 100))
            {
                yield return ($"classes.{name}.names", "Names are 1 to 100 characters.");
            }
        }
        var duplicates = Classes.SelectMany(c => c.Value.Names).GroupBy(n => n, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1)
            .Select(g => g.Key).ToList();
        if (duplicates.Count > 0)
        {
            yield return ("classes", $"A name belongs to one class only: {string.Join(", ", duplicates)}.");
        }
        foreach (var (viewer, classes) in Policies)
        {
            if (viewer != Assignee && viewer != Reporter && !Roles.All.Contains(viewer))
            {
                yield return ("policies", $"'{viewer}' is neither a role nor assignee/reporter.");
            }
            foreach (var unknown in classes.Where(c => !Classes.ContainsKey(c) && c != EvidenceContent))
            {
                yield return ($"policies.{viewer}", $"Unknown class '{unknown}'.");
            }
        }
        foreach (var role in RevealRoles.Where(r => r != Assignee && !Roles.All.Contains(r)))
        {
            yield return ("revealRoles", $"'{role}' is neither a role nor assignee.");
        }
    }
}
