using System.Reflection;

namespace FalloutManagement.ArchitectureTests;

/// <summary>
/// The module rule of docs/architecture.md, checked on the compiled assembly: module → module dependencies only as
/// the allow-list says, no cycle, no reach into another module's internals, public types only on a module's surface.
/// </summary>
public sealed class ModuleRuleTests
{
    private const string ModulesPrefix = "FalloutManagement.Api.Modules.";

    private static readonly Assembly Api = typeof(Program).Assembly;

    /// <summary>
    /// Which modules each module may use. Cases is the aggregate and depends on no module: what it needs from
    /// others it asks through ports in its root namespace that those modules implement. docs/architecture.md draws
    /// exactly these edges.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string[]> AllowedDependencies = new Dictionary<string, string[]>
    {
        ["Cases"] = [],
        ["Queues"] = ["Cases", "Audit"],
        ["Corrections"] = ["Cases", "Audit", "PolicyChanges"],
        ["Evidence"] = ["Cases"],
        ["Resume"] = ["Cases"],
        ["Incidents"] = ["Cases", "Corrections", "Audit"],
        ["Audit"] = ["Cases"],
        ["Events"] = ["Cases", "Audit"],
        ["Analytics"] = ["Cases"],
        ["PolicyChanges"] = ["Audit"],
        ["BreakGlass"] = ["Audit", "Events"],
        ["Masking"] = ["Cases", "Audit", "Events", "PolicyChanges"],
        ["OperatorConsole"] = [],
    };

    /// <summary>
    /// The namespaces of a module that other modules may use: its root, and for Cases also <c>Cases.Domain</c>,
    /// the aggregate other modules command through its transitions (every one checks state, role and version).
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string[]> Surface = new Dictionary<string, string[]>
    {
        ["Cases"] = ["", "Domain"],
    };

    [Fact]
    public void Every_module_is_on_the_allow_list()
    {
        Assert.Equal(AllowedDependencies.Keys.Order(), ModuleNames().Order());
    }

    [Fact]
    public void Module_dependencies_are_only_those_allowed()
    {
        var forbidden = ActualDependencies()
            .Where(d => !AllowedDependencies[d.From].Contains(d.To))
            .Select(d => $"{d.From} -> {d.To} is not on the allow-list; used by {string.Join(", ", d.Types)}")
            .ToList();

        Assert.True(forbidden.Count == 0, string.Join(Environment.NewLine, forbidden));
    }

    [Fact]
    public void The_allow_list_names_no_edge_the_code_does_not_have()
    {
        var actual = ActualDependencies().Select(d => (d.From, d.To)).ToHashSet();
        var stale = AllowedDependencies.SelectMany(a => a.Value.Select(to => (From: a.Key, To: to))).Where(e => !actual.Contains(e))
            .Select(e => $"{e.From} -> {e.To}").ToList();

        Assert.True(stale.Count == 0, "Allowed but unused (drop them here and in docs/architecture.md): " + string.Join(", ", stale));
    }

    [Fact]
    public void Modules_form_no_cycle()
    {
        var allowedCycle = FindCycle(AllowedDependencies.ToDictionary(a => a.Key, a => (IReadOnlyCollection<string>)a.Value));
        var actualCycle = FindCycle(ActualDependencies().GroupBy(d => d.From)
            .ToDictionary(g => g.Key, g => (IReadOnlyCollection<string>)g.Select(d => d.To).ToList()));

        Assert.True(allowedCycle is null, "The allow-list has a cycle: " + allowedCycle);
        Assert.True(actualCycle is null, "The modules have a cycle: " + actualCycle);
    }

    [Fact]
    public void No_module_reaches_into_another_modules_internals()
    {
        var reaches = (
            from user in ApiDependencies.ByType
            let userModule = ModuleOf(user.Key)
            where userModule is not null
            from used in user.Value
            let usedModule = ModuleOf(used)
            where usedModule is not null && usedModule != userModule && !IsSurface(usedModule, ApiDependencies.NamespaceOf(used))
            select $"{user.Key} uses {used}, an internal of {usedModule}").Order().ToList();

        Assert.True(reaches.Count == 0, string.Join(Environment.NewLine, reaches));
    }

    [Fact]
    public void Common_uses_no_module()
    {
        var common = ApiDependencies.ByType.Where(t => t.Key.StartsWith("FalloutManagement.Api.Common.", StringComparison.Ordinal)).ToList();
        var reaches = (
            from user in common
            from used in user.Value
            let usedModule = ModuleOf(used)
            where usedModule is not null
            select $"{user.Key} uses {used}").Order().ToList();

        Assert.NotEmpty(common);
        Assert.True(reaches.Count == 0, string.Join(Environment.NewLine, reaches));
    }

    [Fact]
    public void Public_types_of_a_module_live_only_on_its_surface()
    {
        var misplaced = Api.GetTypes()
            .Where(t => t is { IsPublic: true, IsNested: false } && ModuleOf(t.FullName!) is { } module && !IsSurface(module, t.Namespace!))
            .Select(t => t.FullName!).Order().ToList();

        Assert.True(misplaced.Count == 0, $"{misplaced.Count} public types outside a module's surface (make them internal):"
            + Environment.NewLine + string.Join(Environment.NewLine, misplaced));
    }

    private static string? ModuleOf(string fullName) =>
        fullName.StartsWith(ModulesPrefix, StringComparison.Ordinal) && fullName.Split('.') is { Length: > 4 } parts ? parts[3] : null;

    private static IReadOnlyList<string> ModuleNames() =>
        ApiDependencies.ByType.Keys.Select(ModuleOf).OfType<string>().Distinct().ToList();

    private static bool IsSurface(string module, string ns)
    {
        var root = ModulesPrefix + module;
        return (Surface.TryGetValue(module, out var surface) ? surface : [""])
            .Any(s => ns == (s.Length == 0 ? root : $"{root}.{s}"));
    }

    private sealed record Dependency(string From, string To, IReadOnlyList<string> Types);

    private static List<Dependency> ActualDependencies() => (
        from user in ApiDependencies.ByType
        let source = ModuleOf(user.Key)
        where source is not null
        from used in user.Value
        let target = ModuleOf(used)
        where target is not null && target != source
        group user.Key by (From: source, To: target) into edge
        orderby edge.Key.From, edge.Key.To
        select new Dependency(edge.Key.From, edge.Key.To, edge.Distinct().Order().ToList())).ToList();

    /// <summary>A cycle as "A -> B -> A", or null; depth-first over the graph.</summary>
    private static string? FindCycle(IReadOnlyDictionary<string, IReadOnlyCollection<string>> graph)
    {
        var done = new HashSet<string>();
        var path = new List<string>();

        string? Visit(string node)
        {
            var at = path.IndexOf(node);
            if (at >= 0)
            {
                return string.Join(" -> ", path.Skip(at).Append(node));
            }
            if (!done.Add(node))
            {
                return null;
            }
            path.Add(node);
            foreach (var next in graph.TryGetValue(node, out var edges) ? edges : [])
            {
                if (Visit(next) is { } cycle)
                {
                    return cycle;
                }
            }
            path.RemoveAt(path.Count - 1);
            return null;
        }

        return graph.Keys.Order().Select(Visit).FirstOrDefault(c => c is not null);
    }
}
