using FalloutManagement.Api.Common.Persistence;
using FalloutManagement.IntegrationTests.Infrastructure;
using Npgsql;

namespace FalloutManagement.IntegrationTests.Protection;

/// <summary>
/// Text PostgreSQL refuses (NUL in text, \u0000 in jsonb) and text Npgsql cannot encode (a lone surrogate) no longer
/// reach the database, but if one ever does, the failed command must leave its pooled connection usable: with the
/// service's auto-prepare settings and a pool of one physical connection, single and batched statements that fail at
/// bind time (inside a transaction, rolled back) are followed by statements that read exactly their own rows.
/// </summary>
public sealed class PoolHygieneTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task A_command_that_fails_on_its_parameters_leaves_its_pooled_connection_in_sync()
    {
        var pooled = new NpgsqlConnectionStringBuilder(PersistenceSetup.WithAutoPrepare(api.ConnectionString)) { MaxPoolSize = 1 }.ConnectionString;
        // A data source of its own: the other test classes' fixtures call NpgsqlConnection.ClearAllPools() when they
        // finish, which acts on every connection-string pool, this one's included, while it runs; an owned data source
        // is not among them, so only what this test does reaches its one connection (the service clears no pool).
        await using var dataSource = new NpgsqlDataSourceBuilder(pooled).Build();
        await Sql.ExecuteAsync(api.ConnectionString, "CREATE TABLE pool_hygiene (id serial PRIMARY KEY, value text, doc jsonb)");
        var failures = new List<string>();
        var expectedRows = 0;

        for (var round = 0; round < 3; round++)
        {
            foreach (var batch in new[] { true, false })
            {
                foreach (var (value, doc, fails) in new[]
                         {
                             ("good", "{}", false), ("good", "{}", false), ("bad\0", "{}", true), ("good", "{\"a\":\"\\u0000\"}", true),
                             ("good", "{}", false), ("bad\ud800", "{}", true), ("good", "{}", false),
                         })
                {
                    int? rows;
                    try
                    {
                        rows = await InsertAsync(dataSource, value, doc, batch);
                    }
                    catch (Exception e)
                    {
                        // Anything else than PostgreSQL's or the encoder's refusal (e.g. "Received unexpected backend
                        // message DataRow") is a connection out of step: name the command it hit and go on, so the
                        // failure says whether the connection recovers.
                        failures.Add($"round {round}, {(batch ? "batch" : "single")} {Printable(value)}/{Printable(doc)}: {e.GetType().Name}: {e.Message}");
                        continue;
                    }
                    if (fails != rows is null)
                    {
                        failures.Add($"{(batch ? "batch" : "single")} {value}/{doc}: {(rows is null ? "failed" : "succeeded")}");
                    }
                    if (rows is { } read)
                    {
                        expectedRows++;
                        // The batch's second statement reads back every good row: a connection out of step would answer
                        // with rows of an earlier command, or fail with "unexpected backend message".
                        if (batch && read != expectedRows)
                        {
                            failures.Add($"batch read {read} rows, {expectedRows} exist");
                        }
                    }
                }
            }
        }

        // Every failure in full (Assert.Empty would cut the first one short and hide the rest).
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    private static string Printable(string text) => string.Concat(text.Select(c => c < ' ' || char.IsSurrogate(c) ? $"\\u{(int)c:x4}" : c.ToString()));

    /// <summary>Inserts in a transaction; the number of rows the batch read back, or null when the command failed (rolled back).</summary>
    private static async Task<int?> InsertAsync(NpgsqlDataSource dataSource, string value, string doc, bool batch)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        try
        {
            await using var command = new NpgsqlCommand(batch
                ? "INSERT INTO pool_hygiene (value, doc) VALUES (@v, @d::jsonb) RETURNING id; SELECT id FROM pool_hygiene"
                : "INSERT INTO pool_hygiene (value, doc) VALUES (@v, @d::jsonb) RETURNING id", connection, transaction);
            command.Parameters.AddWithValue("v", value);
            command.Parameters.AddWithValue("d", doc);
            var rows = 0;
            await using (var reader = await command.ExecuteReaderAsync())
            {
                await reader.NextResultAsync();
                while (await reader.ReadAsync())
                {
                    rows++;
                }
            }
            await transaction.CommitAsync();
            return rows;
        }
        catch (Exception e) when (e is PostgresException or System.Text.EncoderFallbackException)
        {
            await transaction.RollbackAsync();
            return null;
        }
    }
}
