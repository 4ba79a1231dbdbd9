using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace FalloutManagement.Api.Common.Persistence;

/// <summary>Lets <c>dotnet ef</c> build the model without starting the host; it never connects.</summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<FalloutDbContext>
{
    public FalloutDbContext CreateDbContext(string[] args) => Create();

    public static FalloutDbContext Create(string connectionString = "Host=localhost;Database=fallout") =>
        new(new DbContextOptionsBuilder<FalloutDbContext>()
            .UseNpgsql(connectionString, npgsql => npgsql.MigrationsHistoryTable(PersistenceSetup.MigrationsHistoryTable))
            .UseSnakeCaseNamingConvention()
            .Options);
}
