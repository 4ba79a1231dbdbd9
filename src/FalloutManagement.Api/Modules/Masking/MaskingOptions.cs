namespace FalloutManagement.Api.Modules.Masking;

/// <summary>Configuration section <c>Masking</c>: the default rules until an approved policy change replaces them.</summary>
internal sealed class MaskingOptions
{
    public const string Section = "Masking";

    public Dictionary<string, MaskingClassOptions> Classes { get; set; } = new(StringComparer.Ordinal);

    public Dictionary<string, string[]> Policies { get; set; } = new(StringComparer.Ordinal);

    public string[] RevealRoles { get; set; } = [];

    public MaskingRuleSet ToRules() => new(
        Classes.ToDictionary(c => c.Key, c => new MaskingClass(c.Value.Names ?? []), StringComparer.Ordinal),
        Policies.ToDictionary(p => p.Key, p => (IReadOnlyList<string>)(p.Value ?? []), StringComparer.Ordinal),
        RevealRoles);
}

internal sealed class MaskingClassOptions
{
    public string[]? Names { get; set; }
}
