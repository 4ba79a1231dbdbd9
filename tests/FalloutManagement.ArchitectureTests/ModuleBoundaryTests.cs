using System.Reflection;
using NetArchTest.Rules;

namespace FalloutManagement.ArchitectureTests;

/// <summary>The module rule of docs/architecture.md, checked on the compiled assembly rather than remembered.</summary>
public sealed class ModuleBoundaryTests
{
    private static readonly Assembly Api = typeof(Program).Assembly;

    private static string Describe(TestResult result) =>
        string.Join(", ", result.FailingTypeNames ?? []);

    [Fact]
    public void Domain_code_knows_nothing_of_http_or_persistence()
    {
        var result = Types.InAssembly(Api)
            .That().ResideInNamespaceMatching(@"FalloutManagement\.Api\.Modules\.\w+\.Domain")
            .ShouldNot().HaveDependencyOnAny("Microsoft.EntityFrameworkCore", "Microsoft.AspNetCore", "Npgsql", "FluentValidation")
            .GetResult();

        Assert.True(result.IsSuccessful, Describe(result));
    }

    [Fact]
    public void Domain_code_does_not_depend_on_endpoints_or_services()
    {
        var nonDomainTypes = Types.InAssembly(Api).That().ResideInNamespaceStartingWith("FalloutManagement.Api.Modules")
            .And().DoNotResideInNamespaceMatching(@"FalloutManagement\.Api\.Modules\.\w+\.Domain")
            .GetTypes().Where(t => !t.IsNested).Select(t => t.FullName!).ToArray();

        var result = Types.InAssembly(Api)
            .That().ResideInNamespaceMatching(@"FalloutManagement\.Api\.Modules\.\w+\.Domain")
            .ShouldNot().HaveDependencyOnAny(nonDomainTypes)
            .GetResult();

        Assert.NotEmpty(nonDomainTypes);
        Assert.True(result.IsSuccessful, Describe(result));
    }

    [Theory]
    [InlineData("FalloutManagement.Api.Common.Problems")]
    [InlineData("FalloutManagement.Api.Common.Auth")]
    [InlineData("FalloutManagement.Api.Common.Http")]
    [InlineData("FalloutManagement.Api.Common.Persistence")]
    public void Common_building_blocks_do_not_depend_on_modules(string common)
    {
        var result = Types.InAssembly(Api)
            .That().ResideInNamespace(common)
            .ShouldNot().HaveDependencyOn("FalloutManagement.Api.Modules")
            .GetResult();

        Assert.True(result.IsSuccessful, Describe(result));
    }

    [Fact]
    public void There_is_one_db_context()
    {
        var contexts = Api.GetTypes().Where(t => t.IsSubclassOf(typeof(Microsoft.EntityFrameworkCore.DbContext))).ToList();

        Assert.Single(contexts);
    }
}
