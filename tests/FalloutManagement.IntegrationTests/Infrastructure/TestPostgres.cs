using Npgsql;
using Testcontainers.PostgreSql;

namespace FalloutManagement.IntegrationTests.Infrastructure;

/// <summary>
/// The one PostgreSQL server of a test process: a superuser connection string on database <c>postgres</c>, on which
/// each test class creates (and drops) its own database.
/// </summary>
/// <remarks>
/// <c>FALLOUT_TEST_DATABASE</c> when set: <c>scripts/test.sh</c> sets it to the throwaway cluster it starts from the
/// machine's PostgreSQL binaries. Otherwise a Testcontainers container, for a developer with Docker running
/// <c>dotnet test</c> directly; without Docker every integration test fails with a message saying what to do.
/// </remarks>
public static class TestPostgres
{
    public const string ConnectionStringVariable = "FALLOUT_TEST_DATABASE";

    private static readonly Lazy<Task<string>> Server = new(ResolveAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Connection string for a superuser on database <c>postgres</c>; a container starts on first call.</summary>
    public static Task<string> GetServerConnectionStringAsync() => Server.Value;

    private static async Task<string> ResolveAsync()
    {
        var configured = Environment.GetEnvironmentVariable(ConnectionStringVariable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured;
        }
        try
        {
            // Ryuk removes the container when the test process ends.
            var container = new PostgreSqlBuilder("postgres:15-alpine")
                .WithCommand("-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off", "-c", "max_connections=500")
                .Build();
            await container.StartAsync();
            return new NpgsqlConnectionStringBuilder(container.GetConnectionString()) { Database = "postgres" }.ConnectionString;
        }
        catch (Exception error)
        {
            throw new InvalidOperationException(
                $"No PostgreSQL for the integration tests: {ConnectionStringVariable} is not set and Testcontainers could not start " +
                "a container (is Docker running?). Run the tests with scripts/test.sh, which starts a throwaway cluster from the " +
                $"machine's PostgreSQL binaries, or set {ConnectionStringVariable} to a superuser connection string, e.g. " +
                "\"Host=127.0.0.1;Port=5432;Username=postgres;Password=postgres;Database=postgres\".", error);
        }
    }
}
