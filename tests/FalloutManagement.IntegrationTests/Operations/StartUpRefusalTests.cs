using System.Diagnostics;
using FalloutManagement.IntegrationTests.Infrastructure;

namespace FalloutManagement.IntegrationTests.Operations;

/// <summary>
/// The service as its operators start it (<c>dotnet FalloutManagement.Api.dll</c>, a process of its own): a setting it
/// refuses ends the process with exit code 1 and one line saying why, not an unhandled exception's abort (exit 134).
/// </summary>
public sealed class StartUpRefusalTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task A_refused_setting_ends_the_process_with_exit_code_1_and_says_why()
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "FalloutManagement.Api.dll");
        var start = new ProcessStartInfo("dotnet", [dll])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
            Environment =
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Development",
                ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
                ["ConnectionStrings__Fallout"] = api.ConnectionString,
                ["Database__MigrateOnStartup"] = "false",
                ["Persistence__GroupCommit__Writers"] = "0",
            },
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);

        var text = await output + await error;
        Assert.Equal(1, process.ExitCode);
        Assert.Contains("The service did not start: Persistence:GroupCommit: Writers 1-16", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", text, StringComparison.Ordinal);
    }
}
