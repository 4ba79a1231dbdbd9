using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Npgsql;
using Testcontainers.PostgreSql;

namespace FalloutManagement.IntegrationTests.Infrastructure;

/// <summary>
/// Provides one PostgreSQL server per test process. Callers get a connection string for a superuser on the
/// <c>postgres</c> database and create their own databases on that server.
/// </summary>
/// <remarks>
/// Resolution order:
/// <list type="number">
///   <item><c>FALLOUT_TEST_DATABASE</c> environment variable (a full Npgsql connection string, used as is).</item>
///   <item>A Testcontainers <c>postgres:15-alpine</c> container, when a Docker engine really answers.</item>
///   <item>An ephemeral cluster started from the machine's PostgreSQL binaries (initdb + pg_ctl) in a temp folder,
///   stopped and deleted when the process exits.</item>
/// </list>
/// </remarks>
public static class TestPostgres
{
    public const string ConnectionStringVariable = "FALLOUT_TEST_DATABASE";

    private const string ContainerImage = "postgres:15-alpine";
    private const string TempFolderPrefix = "fallout-pg-";
    private const string OwnerFileName = "owner.pid";
    private const string OsUser = "postgres";

    private static readonly TimeSpan DockerProbeTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan ToolTimeout = TimeSpan.FromMinutes(2);

    private static readonly Lazy<Task<string>> Server =
        new(() => Task.Run(ResolveAsync), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Connection string for a superuser on database <c>postgres</c>; the server starts on first call.</summary>
    public static Task<string> GetServerConnectionStringAsync() => Server.Value;

    private static async Task<string> ResolveAsync()
    {
        var configured = Environment.GetEnvironmentVariable(ConnectionStringVariable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured;
        }

        if (await DockerEngineAnswersAsync())
        {
            return await StartContainerAsync();
        }

        return await LocalCluster.StartAsync();
    }

    // ---------------------------------------------------------------- Docker / Testcontainers

    private static async Task<bool> DockerEngineAnswersAsync()
    {
        var dockerHost = Environment.GetEnvironmentVariable("DOCKER_HOST");
        var defaultSocket = File.Exists("/var/run/docker.sock") || Directory.Exists("/var/run/docker.sock");
        var dockerCli = FindOnPath("docker");

        if (dockerCli is not null)
        {
            // The CLI knows about DOCKER_HOST, contexts and Docker Desktop sockets; exit code 0 means the engine answered.
            var result = await ProcessRunner.TryRunAsync(dockerCli, ["info", "--format", "{{.ServerVersion}}"], DockerProbeTimeout);
            return result is { ExitCode: 0 } && !string.IsNullOrWhiteSpace(result.StandardOutput);
        }

        if (string.IsNullOrEmpty(dockerHost) && defaultSocket)
        {
            return await PingUnixSocketAsync("/var/run/docker.sock");
        }

        if (dockerHost is not null && dockerHost.StartsWith("unix://", StringComparison.Ordinal))
        {
            return await PingUnixSocketAsync(dockerHost["unix://".Length..]);
        }

        return false;
    }

    private static async Task<bool> PingUnixSocketAsync(string path)
    {
        if (!File.Exists(path) && !Directory.Exists(path))
        {
            return false;
        }

        try
        {
            using var cts = new CancellationTokenSource(DockerProbeTimeout);
            using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), cts.Token);
            await socket.SendAsync("GET /_ping HTTP/1.0\r\nHost: docker\r\n\r\n"u8.ToArray(), SocketFlags.None, cts.Token);
            var buffer = new byte[512];
            var read = await socket.ReceiveAsync(buffer, SocketFlags.None, cts.Token);
            var response = Encoding.ASCII.GetString(buffer, 0, read);
            return response.StartsWith("HTTP/1.", StringComparison.Ordinal) && response.Contains(" 200 ", StringComparison.Ordinal);
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException or IOException)
        {
            return false;
        }
    }

    private static async Task<string> StartContainerAsync()
    {
        var container = new PostgreSqlBuilder(ContainerImage)
            .WithCommand("-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off", "-c", "max_connections=500")
            .Build();

        await container.StartAsync();

        // Ryuk removes the container if the process dies; this is the orderly path.
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                container.DisposeAsync().AsTask().Wait(TimeSpan.FromSeconds(20));
            }
            catch (Exception ex)
            {
                Console.Error.WriteLine($"TestPostgres: failed to remove the PostgreSQL container: {ex.Message}");
            }
        };

        var builder = new NpgsqlConnectionStringBuilder(container.GetConnectionString())
        {
            Database = "postgres",
            Pooling = true,
        };
        return builder.ConnectionString;
    }

    // ---------------------------------------------------------------- Local cluster from binaries

    private static class LocalCluster
    {
        public static async Task<string> StartAsync()
        {
            var binDir = await FindBinDirectoryAsync()
                ?? throw new InvalidOperationException(
                    "No PostgreSQL server binaries (initdb, pg_ctl) were found and no Docker engine answers. " +
                    "Install Debian's postgresql package (`sudo apt-get install -y postgresql`), start Docker, or set " +
                    $"{ConnectionStringVariable} to a superuser connection string, e.g. " +
                    "\"Host=127.0.0.1;Port=5432;Username=postgres;Password=postgres;Database=postgres\".");

            var runAsPostgres = IsRoot();
            if (runAsPostgres && !OsUserExists(OsUser))
            {
                throw new InvalidOperationException(
                    "The tests run as root, and initdb refuses to run as root, but there is no 'postgres' OS user to run it as. " +
                    "Install Debian's postgresql package (it creates that user), run the tests as a normal user, or set " +
                    $"{ConnectionStringVariable}.");
            }

            var tempRoot = runAsPostgres ? "/tmp" : Path.GetTempPath();
            RemoveStaleClusters(tempRoot, binDir, runAsPostgres);

            var baseDir = Path.Combine(tempRoot, TempFolderPrefix + Guid.NewGuid().ToString("N")[..12]);
            var dataDir = Path.Combine(baseDir, "data");
            var socketDir = Path.Combine(baseDir, "sock");
            var logFile = Path.Combine(baseDir, "postgres.log");

            Directory.CreateDirectory(baseDir);
            Directory.CreateDirectory(socketDir);
            await File.WriteAllTextAsync(Path.Combine(baseDir, OwnerFileName), Environment.ProcessId.ToString(CultureInfo.InvariantCulture));

            var started = false;
            try
            {
                if (runAsPostgres)
                {
                    await RunCheckedAsync("chown", ["-R", $"{OsUser}:{OsUser}", baseDir], asPostgres: false);
                }

                await RunCheckedAsync(
                    Path.Combine(binDir, "initdb"),
                    ["-D", dataDir, "--auth=trust", "-U", OsUser, "--encoding=UTF8", "--no-locale", "--no-sync"],
                    runAsPostgres);

                var port = 0;
                for (var attempt = 1; ; attempt++)
                {
                    port = FreeTcpPort();
                    var options = string.Join(' ',
                        $"-p {port.ToString(CultureInfo.InvariantCulture)}",
                        $"-k {socketDir}",
                        "-c listen_addresses=127.0.0.1",
                        "-c fsync=off",
                        "-c synchronous_commit=off",
                        "-c full_page_writes=off",
                        "-c max_connections=500",
                        "-c shared_buffers=256MB");
                    var start = await RunAsync(
                        Path.Combine(binDir, "pg_ctl"),
                        ["-D", dataDir, "-l", logFile, "-o", options, "-w", "-t", "60", "start"],
                        runAsPostgres);
                    if (start.ExitCode == 0)
                    {
                        break;
                    }

                    if (attempt >= 3)
                    {
                        var log = File.Exists(logFile) ? await File.ReadAllTextAsync(logFile) : "(no log)";
                        throw new InvalidOperationException(
                            $"pg_ctl start failed (exit {start.ExitCode}).{Environment.NewLine}{start.Describe()}{Environment.NewLine}Server log:{Environment.NewLine}{log}");
                    }
                }

                started = true;
                RegisterCleanup(binDir, baseDir, dataDir, runAsPostgres);
                await StartWatchdogAsync(baseDir, dataDir);

                var connectionString = new NpgsqlConnectionStringBuilder
                {
                    Host = "127.0.0.1",
                    Port = port,
                    Username = OsUser,
                    Database = "postgres",
                    Pooling = true,
                }.ConnectionString;

                await WaitUntilAcceptingAsync(connectionString);
                return connectionString;
            }
            catch
            {
                if (!started)
                {
                    TryDelete(baseDir);
                }

                throw;
            }
        }

        private static async Task<string?> FindBinDirectoryAsync()
        {
            var candidates = new List<string>();

            var explicitDir = Environment.GetEnvironmentVariable("FALLOUT_PG_BINDIR");
            if (!string.IsNullOrWhiteSpace(explicitDir))
            {
                candidates.Add(explicitDir);
            }

            var pgConfig = FindOnPath("pg_config");
            if (pgConfig is not null)
            {
                var result = await ProcessRunner.TryRunAsync(pgConfig, ["--bindir"], TimeSpan.FromSeconds(10));
                if (result is { ExitCode: 0 })
                {
                    candidates.Add(result.StandardOutput.Trim());
                }
            }

            if (Directory.Exists("/usr/lib/postgresql"))
            {
                candidates.AddRange(Directory.GetDirectories("/usr/lib/postgresql")
                    .Select(d => (Dir: d, Version: decimal.TryParse(Path.GetFileName(d), NumberStyles.Number, CultureInfo.InvariantCulture, out var v) ? v : -1m))
                    .OrderByDescending(x => x.Version)
                    .Select(x => Path.Combine(x.Dir, "bin")));
            }

            var initdbOnPath = FindOnPath("initdb");
            if (initdbOnPath is not null)
            {
                candidates.Add(Path.GetDirectoryName(ResolveLinks(initdbOnPath))!);
            }

            return candidates.FirstOrDefault(d =>
                File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "pg_ctl")));
        }

        private static void RegisterCleanup(string binDir, string baseDir, string dataDir, bool runAsPostgres)
        {
            var done = 0;
            void Cleanup()
            {
                if (Interlocked.Exchange(ref done, 1) != 0)
                {
                    return;
                }

                StopAndDelete(binDir, baseDir, dataDir, runAsPostgres);
            }

            AppDomain.CurrentDomain.ProcessExit += (_, _) => Cleanup();
        }

        /// <summary>
        /// VSTest kills the test host about 100 ms after the run (VSTEST_TESTHOST_SHUTDOWN_TIMEOUT), often before the
        /// ProcessExit handler has finished, and a killed process runs no handler at all. A detached shell therefore
        /// waits for this process to disappear, then stops the server (SIGQUIT = immediate shutdown; the postmaster
        /// removes postmaster.pid when it is down) and deletes the folder.
        /// </summary>
        private static async Task StartWatchdogAsync(string baseDir, string dataDir)
        {
            var setsid = FindOnPath("setsid");
            if (setsid is null || !File.Exists("/bin/sh"))
            {
                return;
            }

            const string Script = """
                exec </dev/null >/dev/null 2>&1
                while kill -0 "$1" 2>/dev/null; do sleep 1; done
                pid=$(head -n 1 "$2/postmaster.pid" 2>/dev/null)
                if [ -n "$pid" ] && kill -QUIT "$pid" 2>/dev/null; then
                  i=0
                  while [ -f "$2/postmaster.pid" ] && [ "$i" -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
                fi
                rm -rf "$3"
                """;

            await ProcessRunner.TryRunAsync(
                setsid,
                ["-f", "/bin/sh", "-c", Script, "fallout-pg-watchdog", Environment.ProcessId.ToString(CultureInfo.InvariantCulture), dataDir, baseDir],
                TimeSpan.FromSeconds(10));
        }

        private static void StopAndDelete(string binDir, string baseDir, string dataDir, bool runAsPostgres)
        {
            try
            {
                if (File.Exists(Path.Combine(dataDir, "postmaster.pid")))
                {
                    RunAsync(Path.Combine(binDir, "pg_ctl"), ["-D", dataDir, "-m", "immediate", "-w", "-t", "30", "stop"], runAsPostgres)
                        .GetAwaiter().GetResult();
                }
            }
            catch (Exception ex)
            {
                Console.Error.WriteLine($"TestPostgres: failed to stop the PostgreSQL cluster in {dataDir}: {ex.Message}");
            }

            TryDelete(baseDir);
        }

        /// <summary>Removes clusters left behind by test processes that were killed before their exit handlers ran.</summary>
        private static void RemoveStaleClusters(string tempRoot, string binDir, bool runAsPostgres)
        {
            string[] folders;
            try
            {
                folders = Directory.GetDirectories(tempRoot, TempFolderPrefix + "*");
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return;
            }

            foreach (var folder in folders)
            {
                try
                {
                    var ownerFile = Path.Combine(folder, OwnerFileName);
                    if (!File.Exists(ownerFile)
                        || !int.TryParse(File.ReadAllText(ownerFile).Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var ownerPid)
                        || ProcessIsAlive(ownerPid))
                    {
                        continue;
                    }

                    StopAndDelete(binDir, folder, Path.Combine(folder, "data"), runAsPostgres);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    // Another process may be cleaning up the same folder; leave it.
                }
            }
        }

        private static bool ProcessIsAlive(int pid)
        {
            try
            {
                using var process = Process.GetProcessById(pid);
                return !process.HasExited;
            }
            catch (ArgumentException)
            {
                return false;
            }
            catch (InvalidOperationException)
            {
                return false;
            }
        }

        private static async Task WaitUntilAcceptingAsync(string connectionString)
        {
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (true)
            {
                try
                {
                    await using var connection = new NpgsqlConnection(connectionString);
                    await connection.OpenAsync();
                    await using var command = new NpgsqlCommand("select 1", connection);
                    await command.ExecuteScalarAsync();
                    return;
                }
                catch (NpgsqlException) when (DateTime.UtcNow < deadline)
                {
                    await Task.Delay(200);
                }
            }
        }

        private static async Task RunCheckedAsync(string file, IReadOnlyList<string> args, bool asPostgres)
        {
            var result = await RunAsync(file, args, asPostgres);
            if (result.ExitCode != 0)
            {
                throw new InvalidOperationException($"{Path.GetFileName(file)} failed (exit {result.ExitCode}).{Environment.NewLine}{result.Describe()}");
            }
        }

        private static Task<ProcessResult> RunAsync(string file, IReadOnlyList<string> args, bool asPostgres)
        {
            if (!asPostgres)
            {
                return ProcessRunner.RunAsync(file, args, ToolTimeout);
            }

            var runuser = FindOnPath("runuser");
            if (runuser is not null)
            {
                return ProcessRunner.RunAsync(runuser, ["-u", OsUser, "--", file, .. args], ToolTimeout);
            }

            var command = string.Join(' ', new[] { file }.Concat(args).Select(ShellQuote));
            return ProcessRunner.RunAsync("su", [OsUser, "-s", "/bin/sh", "-c", command], ToolTimeout);
        }

        private static string ShellQuote(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

        private static int FreeTcpPort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            return port;
        }

        private static bool IsRoot() =>
            !OperatingSystem.IsWindows() && string.Equals(Environment.UserName, "root", StringComparison.Ordinal);

        private static bool OsUserExists(string user) =>
            File.Exists("/etc/passwd")
            && File.ReadLines("/etc/passwd").Any(line => line.StartsWith(user + ":", StringComparison.Ordinal));

        private static string ResolveLinks(string path)
        {
            try
            {
                var target = File.ResolveLinkTarget(path, returnFinalTarget: true);
                return target?.FullName ?? path;
            }
            catch (IOException)
            {
                return path;
            }
        }

        private static void TryDelete(string directory)
        {
            try
            {
                if (Directory.Exists(directory))
                {
                    Directory.Delete(directory, recursive: true);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"TestPostgres: could not delete {directory}: {ex.Message}");
            }
        }
    }

    // ---------------------------------------------------------------- Process helpers

    private static string? FindOnPath(string executable)
    {
        var path = Environment.GetEnvironmentVariable("PATH");
        if (string.IsNullOrEmpty(path))
        {
            return null;
        }

        return path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, executable))
            .FirstOrDefault(File.Exists);
    }

    private sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError, string CommandLine)
    {
        public string Describe() =>
            $"Command: {CommandLine}{Environment.NewLine}stdout:{Environment.NewLine}{StandardOutput}{Environment.NewLine}stderr:{Environment.NewLine}{StandardError}";
    }

    private static class ProcessRunner
    {
        /// <summary>Runs a process; returns <c>null</c> when it cannot be started or does not finish in time.</summary>
        public static async Task<ProcessResult?> TryRunAsync(string file, IReadOnlyList<string> args, TimeSpan timeout)
        {
            try
            {
                return await RunAsync(file, args, timeout);
            }
            catch (Exception ex) when (ex is Win32Exception or TimeoutException or InvalidOperationException)
            {
                return null;
            }
        }

        public static async Task<ProcessResult> RunAsync(string file, IReadOnlyList<string> args, TimeSpan timeout)
        {
            var startInfo = new ProcessStartInfo(file)
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                CreateNoWindow = true,

                // The postgres OS user may not be able to reach the test's working directory (e.g. under /root).
                WorkingDirectory = OperatingSystem.IsWindows() ? Environment.CurrentDirectory : "/",
            };
            foreach (var arg in args)
            {
                startInfo.ArgumentList.Add(arg);
            }

            var commandLine = string.Join(' ', new[] { file }.Concat(args));
            using var process = new Process { StartInfo = startInfo };
            process.Start();
            process.StandardInput.Close();

            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();

            using var cts = new CancellationTokenSource(timeout);
            try
            {
                await process.WaitForExitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                try
                {
                    process.Kill(entireProcessTree: true);
                }
                catch (InvalidOperationException)
                {
                    // Already gone.
                }

                throw new TimeoutException($"'{commandLine}' did not finish within {timeout.TotalSeconds:0} s.");
            }

            return new ProcessResult(process.ExitCode, await stdout, await stderr, commandLine);
        }
    }
}
