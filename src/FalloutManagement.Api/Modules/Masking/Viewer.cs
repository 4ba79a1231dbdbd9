using FalloutManagement.Api.Common.Auth;
using FalloutManagement.Api.Common.Http;

namespace FalloutManagement.Api.Modules.Masking;

/// <summary>Who reads: a request's caller, or the owner of a hub subscription when the relay delivers to it.</summary>
internal sealed record Viewer(string Id, IReadOnlySet<string> Roles, bool Orchestrates, IReadOnlyList<Elevation> Elevations)
{
    public static Viewer From(Caller caller) => new(caller.Id, caller.Roles, caller.Orchestrates, caller.Elevations);

    public bool IsSource => Roles.Contains(Common.Auth.Roles.Source);

    /// <summary>The view of <paramref name="facts"/>' case (null: data of no known case).</summary>
    public CaseView ViewOf(MaskingRuleSet rules, CaseFacts? facts)
    {
        var unmasked = Roles.SelectMany(rules.UnmaskedFor).ToHashSet(StringComparer.Ordinal);
        var revealAll = Elevations.Any(e => e.Unmasks(facts?.Id, facts?.Queue));
        if (facts is not null)
        {
            if (facts.AssignedUser == Id && (Roles.Contains(Common.Auth.Roles.Operator) || Roles.Contains(Common.Auth.Roles.Supervisor)))
            {
                unmasked.UnionWith(rules.UnmaskedFor(MaskingRuleSet.Assignee));
            }
            if (IsSource && facts.SourceSystem == Id)
            {
                unmasked.UnionWith(rules.UnmaskedFor(MaskingRuleSet.Reporter));
            }
        }
        if (revealAll)
        {
            unmasked.UnionWith(rules.AllClasses);
        }
        // Token ids: staff see them; a source only for its own cases, or as an order orchestrator.
        var tokens = !IsSource || Orchestrates || (facts is not null && facts.SourceSystem == Id);
        return new CaseView(unmasked, tokens);
    }

    /// <summary>Whether the viewer sees everything unmasked anyway (nothing to do for it).</summary>
    public bool SeesAll(MaskingRuleSet rules) =>
        !IsSource && rules.AllClasses.All(Roles.SelectMany(rules.UnmaskedFor).ToHashSet(StringComparer.Ordinal).Contains);
}
