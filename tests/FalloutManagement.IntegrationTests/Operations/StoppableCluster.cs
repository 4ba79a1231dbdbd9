using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace FalloutManagement.IntegrationTests.Operations;

/// <summary>
/// A PostgreSQL cluster of a test's own, from the machine's binaries (run as the <c>postgres</c> OS user when the
/// tests run as root), that the test may stop and start again. The shared test server is never stopped.
/// </summary>
public sealed class StoppableCluster : IAsyncDisposable
{
    private readonly string _bin;
    private readonly string _baseDir;
    private readonly bool _asPostgres;

    private StoppableCluster(string bin, string baseDir, bool asPostgres, int port)
    {
        _bin = bin;
        _baseDir = baseDir;
        _asPostgres = asPostgres;
        Port = port;
    }

    public int Port { get; }

    private string DataDir => Path.Combine(_baseDir, "data");

    /// <summary>Superuser connection string for database <paramref name="database"/> (short connect timeout: the test stops the server).</summary>
    public string ConnectionString(string database = "postgres") => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1", Port = Port, Username = "postgres", Database = database, Timeout = 3, MaxPoolSize = 40,
    }.ConnectionString;

    public static async Task<StoppableCluster> StartAsync()
    {
        var bin = BinDirectory();
        var asPostgres = Environment.UserName == "root";
        var baseDir = Path.Combine("/tmp", "fallout-fault-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Path.Combine(baseDir, "sock"));
        if (asPostgres)
        {
            await RunAsync("chown", ["-R", "postgres:postgres", baseDir], asPostgres: false);
        }
        var cluster = new StoppableCluster(bin, baseDir, asPostgres, FreePort());
        await cluster.RunToolAsync("initdb", ["-D", cluster.DataDir, "--auth=trust", "-U", "postgres", "--encoding=UTF8", "--no-locale", "--no-sync"]);
        await cluster.StartServerAsync();
        return cluster;
    }

    public Task StartServerAsync() => RunToolAsync("pg_ctl", ["-D", DataDir, "-l", Path.Combine(_baseDir, "postgres.log"), "-w", "-t", "60", "-o",
        $"-p {Port.ToString(CultureInfo.InvariantCulture)} -k {Path.Combine(_baseDir, "sock")} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c max_connections=200",
        "start"]);

    /// <summary>Stops the server the way an outage does: connections are cut, in-flight transactions roll back.</summary>
    public Task StopServerAsync() => RunToolAsync("pg_ctl", ["-D", DataDir, "-m", "fast", "-w", "-t", "60", "stop"]);

    public async Task ExecuteAsync(string sql, string database = "postgres")
    {
        await using var connection = new NpgsqlConnection(ConnectionString(database));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await RunAsync(Path.Combine(_bin, "pg_ctl"), ["-D", DataDir, "-m", "immediate", "-w", "stop"], _asPostgres);
        try
        {
            Directory.Delete(_baseDir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private async Task RunToolAsync(string tool, IReadOnlyList<string> args)
    {
        var (code, output) = await RunAsync(Path.Combine(_bin, tool), args, _asPostgres);
        if (code != 0)
        {
            throw new InvalidOperationException($"{tool} failed ({code}): {output}");
        }
    }

    private static async Task<(int Code, string Output)> RunAsync(string file, IReadOnlyList<string> args, bool asPostgres)
    {
        var start = asPostgres
            ? new ProcessStartInfo("runuser", ["-u", "postgres", "--", file, .. args])
            : new ProcessStartInfo(file, args);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.WorkingDirectory = "/";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }

    private static string BinDirectory()
    {
        var configured = Environment.GetEnvironmentVariable("FALLOUT_PG_BINDIR");
        var candidates = (string.IsNullOrWhiteSpace(configured) ? [] : new[] { configured })
            .Concat(Directory.Exists("/usr/lib/postgresql")
                ? Directory.GetDirectories("/usr/lib/postgresql").OrderByDescending(d => d, StringComparer.Ordinal).Select(d => Path.Combine(d, "bin"))
                : []);
        return candidates.FirstOrDefault(d => File.Exists(Path.Combine(d, "pg_ctl")))
            ?? throw new InvalidOperationException("The fault tests stop a PostgreSQL server of their own: install Debian's postgresql package or set FALLOUT_PG_BINDIR.");
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
