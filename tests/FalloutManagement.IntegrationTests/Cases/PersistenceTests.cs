using System.Net;
using FalloutManagement.Api.Common.Persistence;
using FalloutManagement.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;

namespace FalloutManagement.IntegrationTests.Cases;

public sealed class PersistenceTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Theory]
    [InlineData("UPDATE audit_entries SET reason = 'rewritten'")]
    [InlineData("DELETE FROM audit_entries")]
    [InlineData("TRUNCATE audit_entries")]
    [InlineData("UPDATE outbox_events SET event_type = 'Forged'")]
    [InlineData("DELETE FROM outbox_events")]
    [InlineData("TRUNCATE outbox_events")]
    [InlineData("TRUNCATE evidence_contents")]
    [InlineData("TRUNCATE evidence_items CASCADE")]
    public async Task The_database_refuses_to_change_audit_and_outbox_rows_even_for_a_superuser(string sql)
    {
        await (await api.Source().PostJsonAsync("/fallout-cases", Http.Fallout())).ExpectAsync(HttpStatusCode.Created);
        var audit = await Sql.CountAsync(api.ConnectionString, "audit_entries");

        var error = await Assert.ThrowsAsync<PostgresException>(() => Sql.ExecuteAsync(api.ConnectionString, sql));

        Assert.Contains("append-only", error.MessageText, StringComparison.Ordinal);
        Assert.Equal(audit, await Sql.CountAsync(api.ConnectionString, "audit_entries"));
    }

    [Fact]
    public async Task A_forged_audit_hash_is_replaced_by_the_chain_trigger()
    {
        var created = await (await api.Source().PostJsonAsync("/fallout-cases", Http.Fallout())).ExpectAsync(HttpStatusCode.Created);

        await Sql.ExecuteAsync(api.ConnectionString, """
            INSERT INTO audit_entries (id, case_id, actor, action, occurred_at, chain_seq, previous_hash, hash)
            VALUES (gen_random_uuid(), @id, 'mallory', 'FORGED', now(), 99, 'x', 'y')
            """, ("id", created.Id()));

        Assert.Equal(4L, await Sql.ScalarAsync<long>(api.ConnectionString, "SELECT chain_seq FROM audit_entries WHERE action = 'FORGED'"));
        Assert.Equal(1, await Sql.CountAsync(api.ConnectionString, "audit_entries a",
            "a.action = 'FORGED' AND a.hash = fallout_audit_hash(a) AND a.previous_hash = (SELECT hash FROM audit_entries WHERE case_id = @id AND chain_seq = 3)",
            ("id", created.Id())));
    }

    [Fact]
    public void The_idempotent_sql_script_in_db_is_up_to_date()
    {
        using var db = DesignTimeDbContextFactory.Create();
        var script = db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);
        var path = Repository.PathOf("db", "migrations.sql");

        Assert.True(File.Exists(path), $"{path} is missing: run dotnet ef migrations script --idempotent");
        Assert.True(Normalize(File.ReadAllText(path)) == Normalize(script),
            "db/migrations.sql is out of date: run `dotnet ef migrations script --idempotent --project src/FalloutManagement.Api -o db/migrations.sql`.");
    }

    [Fact]
    public async Task The_service_applies_its_migrations_at_start_up()
    {
        await using var empty = await TestDatabase.OwnAsync(empty: true);
        Assert.Equal(0L, await Sql.ScalarAsync<long>(empty.ConnectionString,
            "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"));

        await using (var app = new FalloutApp(empty.ConnectionString, settings: new Dictionary<string, string?> { ["Database:MigrateOnStartup"] = "true" }))
        {
            _ = app.Server;
            await (await app.As("activation-service", [FalloutManagement.Api.Common.Auth.Roles.Source])
                .PostJsonAsync("/fallout-cases", Http.Fallout())).ExpectAsync(HttpStatusCode.Created);
        }

        using var db = DesignTimeDbContextFactory.Create();
        Assert.Equal(db.Database.GetMigrations().Count(), await Sql.CountAsync(empty.ConnectionString, "__ef_migrations_history"));
        Assert.Equal(1L, await Sql.CountAsync(empty.ConnectionString, "fallout_cases"));
    }

    [Fact]
    public async Task Two_instances_starting_together_on_an_empty_database_both_come_up()
    {
        await using var empty = await TestDatabase.OwnAsync(empty: true);
        var migrate = new Dictionary<string, string?> { ["Database:MigrateOnStartup"] = "true" };
        await using var first = new FalloutApp(empty.ConnectionString, settings: migrate);
        await using var second = new FalloutApp(empty.ConnectionString, settings: migrate);

        // Both start at once: one migrates under the lock, the other finds nothing pending (they raced before).
        await Task.WhenAll(Task.Run(() => _ = first.Server), Task.Run(() => _ = second.Server));

        foreach (var app in new[] { first, second })
        {
            await (await app.As("activation-service", [FalloutManagement.Api.Common.Auth.Roles.Source])
                .PostJsonAsync("/fallout-cases", Http.Fallout())).ExpectAsync(HttpStatusCode.Created);
        }
        using var db = DesignTimeDbContextFactory.Create();
        Assert.Equal(db.Database.GetMigrations().Count(), await Sql.CountAsync(empty.ConnectionString, "__ef_migrations_history"));
    }

    [Fact]
    public async Task An_instance_whose_database_lacks_its_migrations_is_not_ready_until_they_are_applied()
    {
        await using var empty = await TestDatabase.OwnAsync(empty: true);
        await using var unmigrated = new FalloutApp(empty.ConnectionString, settings: new Dictionary<string, string?> { ["Database:MigrateOnStartup"] = "false" });

        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await unmigrated.CreateClient().GetAsync("/health/ready")).StatusCode);

        await using (var migrating = new FalloutApp(empty.ConnectionString, settings: new Dictionary<string, string?> { ["Database:MigrateOnStartup"] = "true" }))
        {
            _ = migrating.Server;
        }
        Assert.Equal(HttpStatusCode.OK, (await unmigrated.CreateClient().GetAsync("/health/ready")).StatusCode);
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal).Trim();
}
