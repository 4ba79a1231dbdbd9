using FalloutManagement.Api.Common.Persistence;
using FalloutManagement.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FalloutManagement.IntegrationTests.Database;

/// <summary>Rules of the EF Core model that its configuration relies on.</summary>
public sealed class ModelRulesTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    /// <summary>
    /// The service tells EF Core not to warn about optional owned types whose columns are all nullable (a row with
    /// all of them null reads as "none"): that is right for an incident's auto-link rule, which always has a criterion.
    /// A new such type must be looked at the same way before it joins this list.
    /// </summary>
    [Fact]
    public async Task The_auto_link_rule_is_the_only_optional_owned_type_without_a_required_column()
    {
        await using var scope = api.App.Services.CreateAsyncScope();
        var model = scope.ServiceProvider.GetRequiredService<FalloutDbContext>().Model;

        var optionalWithoutRequired = model.GetEntityTypes()
            .Where(t => t.FindOwnership() is { IsRequiredDependent: false })
            .Where(t => t.GetProperties().Where(p => !p.IsPrimaryKey() && !p.IsForeignKey()).All(p => p.IsNullable))
            .Select(t => t.ClrType.Name)
            .Order(StringComparer.Ordinal);

        Assert.Equal(["AutoLinkRule"], optionalWithoutRequired);
    }
}
