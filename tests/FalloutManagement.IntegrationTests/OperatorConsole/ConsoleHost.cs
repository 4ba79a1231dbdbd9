using System.Net.Http.Headers;
using FalloutManagement.Api.Common.Auth;
using FalloutManagement.IntegrationTests.Infrastructure;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;

namespace FalloutManagement.IntegrationTests.OperatorConsole;

/// <summary>
/// The real host on a real Kestrel port (a browser cannot reach TestServer; <see cref="KestrelHost"/>) against a fresh
/// PostgreSQL database, with the real clock (the console's development tokens carry real times), and Debian's headless
/// Chromium driving it.
/// </summary>
public sealed class ConsoleHost : KestrelHost
{
    public const string ChromiumPath = "/usr/bin/chromium";
    public const string ChromeDriverPath = "/usr/bin/chromedriver";

    public ChromeDriver Browser { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        foreach (var path in new[] { ChromiumPath, ChromeDriverPath })
        {
            // Never a skip: scripts/test.sh and .ci/run install Debian's chromium and chromium-driver.
            Assert.True(File.Exists(path), $"{path} is missing: install Debian's chromium and chromium-driver packages "
                + "(scripts/test.sh and .ci/run do it) to run the console's browser tests.");
        }
        await base.InitializeAsync();

        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(ChromeDriverPath)!, Path.GetFileName(ChromeDriverPath));
        service.HideCommandPromptWindow = true;
        service.SuppressInitialDiagnosticInformation = true;
        var options = new ChromeOptions { BinaryLocation = ChromiumPath };
        options.AddArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1440,1000",
            "--force-device-scale-factor=1", "--lang=en-US");
        options.SetLoggingPreference(LogType.Browser, LogLevel.All);
        Browser = new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
        Browser.Manage().Timeouts().AsynchronousJavaScript = TimeSpan.FromSeconds(20);
    }

    public override async Task DisposeAsync()
    {
        Browser?.Quit();
        Browser?.Dispose();
        await base.DisposeAsync();
    }

    /// <summary>An API client for the same person the browser signs in as (same claims, same key as /dev/tokens).</summary>
    public HttpClient As(string sub, string[] roles, string[]? queues = null, bool mfa = false, string? executor = null)
    {
        var client = new HttpClient { BaseAddress = BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestTokens.Mint(sub, roles, queues, mfa, executor: executor));
        return client;
    }

    /// <summary>The owning system <paramref name="code"/> (e.g. <c>order-management</c>) reporting the results of the corrections sent to it.</summary>
    public HttpClient Executor(string code) => As($"{code}-system", [Roles.Executor], executor: code);

    public HttpClient Source() => As("activation-service", [Roles.Source]);

    public HttpClient Supervisor() => As("sam.supervisor", [Roles.Supervisor]);

    /// <summary>Where screenshots go: FALLOUT_SCREENSHOTS (relative to the repository root), or nowhere when unset.</summary>
    public static string? ScreenshotDirectory()
    {
        var target = Environment.GetEnvironmentVariable("FALLOUT_SCREENSHOTS");
        if (string.IsNullOrWhiteSpace(target))
        {
            return null;
        }
        if (Path.IsPathRooted(target))
        {
            return target;
        }
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "FalloutManagement.sln")))
        {
            dir = dir.Parent;
        }
        return Path.Combine(dir?.FullName ?? Directory.GetCurrentDirectory(), target);
    }
}
