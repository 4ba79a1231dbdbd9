using System.Net;
using System.Text.Json.Nodes;
using FalloutManagement.Api.Common.Auth;
using FalloutManagement.Api.Modules.Cases.ReportFallout;
using FalloutManagement.IntegrationTests.Infrastructure;
using FluentValidation;
using FluentValidation.Results;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Npgsql;
using Serilog.Events;
using Serilog.Formatting;
using Serilog.Formatting.Compact;

namespace FalloutManagement.IntegrationTests.Operations;

/// <summary>
/// The log as an SRE reads it (docs/operations.md, Logs): the real status on each request line, client mistakes at
/// Information without a stack trace, faults at Error with the exception once, the W3C trace id on every line and in
/// the problem body, compact JSON when configured, and no token, key or secret anywhere.
/// </summary>
public sealed class LoggingTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private const string Traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    private const string TraceId = "4bf92f3577b34da6a3ce929d0e0e4736";

    [Fact]
    public async Task A_handled_4xx_is_logged_with_its_status_at_information_without_a_stack_trace()
    {
        var capture = new LogCapture();
        await using var app = capture.Attach(api.App);
        var source = LogCapture.Client(app, TestTokens.Mint("activation-service", [Roles.Source]));
        var created = await (await source.PostJsonAsync("/fallout-cases", Http.Fallout())).ExpectAsync(HttpStatusCode.Created);
        var supervisor = LogCapture.Client(app, TestTokens.Mint("sam.supervisor", [Roles.Supervisor]));

        var stale = await supervisor.PostJsonAsync($"/fallout-cases/{created.Id()}/start", null, created.Version() + 5);
        var missing = await supervisor.PostJsonAsync($"/fallout-cases/{created.Id()}/start", null);
        var invalid = await source.PostJsonAsync("/fallout-cases", Http.Fallout(b => b.Remove("reasonCode")));

        await stale.ExpectProblemAsync(HttpStatusCode.PreconditionFailed, "VERSION_CONFLICT");
        await missing.ExpectProblemAsync(HttpStatusCode.PreconditionRequired, "PRECONDITION_REQUIRED");
        await invalid.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");
        var lines = capture.RequestLines($"/fallout-cases/{created.Id()}/start").Concat(capture.RequestLines("/fallout-cases")).ToList();
        Assert.Equal([201, 400, 412, 428], lines.Select(LogCapture.Status).Order());
        Assert.All(lines, line => Assert.Equal(LogEventLevel.Information, line.Level));
        Assert.All(capture.Events, e => Assert.Null(e.Exception));
        Assert.DoesNotContain(capture.Events, e => e.Level >= LogEventLevel.Error);
    }

    [Fact]
    public async Task A_refused_token_is_logged_with_why_and_never_the_token()
    {
        var capture = new LogCapture();
        await using var app = capture.Attach(api.App);
        var token = TestTokens.Mint("sam.supervisor", [Roles.Supervisor], issuer: "https://another-identity-provider.example");

        var response = await LogCapture.Client(app, token).GetAsync("/fallout-cases");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var refused = Assert.Single(capture.Events, e => e.MessageTemplate.Text.StartsWith("Bearer token refused", StringComparison.Ordinal));
        Assert.Equal(LogEventLevel.Information, refused.Level);
        Assert.Contains("Issuer", refused.RenderMessage(), StringComparison.Ordinal);
        Assert.DoesNotContain(capture.Events, e => e.RenderMessage().Contains(token, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_client_that_hangs_up_during_a_transaction_is_a_499_line_and_no_error()
    {
        var capture = new LogCapture();
        await using var app = capture.Attach(api.App);
        var supervisor = LogCapture.Client(app, TestTokens.Mint("sam.supervisor", [Roles.Supervisor]));
        const string path = "/analytics/summary";
        await (await supervisor.GetAsync(new Uri("/queues", UriKind.Relative))).ExpectAsync(HttpStatusCode.OK);

        // The analytics queries wait inside their read-only transactions behind a lock held here; the client hangs up.
        // (A hang-up that lands while a transaction commits made EF Core write its own Error line; that category is
        // left to the request line, next test.)
        await using (var blocker = new NpgsqlConnection(api.ConnectionString))
        {
            await blocker.OpenAsync();
            await using var hold = await blocker.BeginTransactionAsync();
            await using (var lockCases = new NpgsqlCommand("LOCK TABLE fallout_cases, analytics_daily, analytics_daily_clocks, analytics_daily_corrections IN ACCESS EXCLUSIVE MODE", blocker, hold))
            {
                await lockCases.ExecuteNonQueryAsync();
            }
            using var hangUp = new CancellationTokenSource(TimeSpan.FromMilliseconds(1000));
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => supervisor.GetAsync(new Uri(path, UriKind.Relative), hangUp.Token));
            for (var i = 0; i < 100 && capture.RequestLines(path).Count == 0; i++)
            {
                await Task.Delay(50);
            }
            await hold.RollbackAsync();
        }

        Assert.Equal(499, LogCapture.Status(Assert.Single(capture.RequestLines(path))));
        Assert.DoesNotContain(capture.Events, e => e.Level >= LogEventLevel.Error);
    }

    [Fact]
    public async Task EF_Cores_own_transaction_error_lines_are_left_to_the_request_line()
    {
        // What EF Core writes when a client hangs up while its transaction commits (seen from outside: such lines
        // beside the 499s of aborted analytics summaries, 3 for 30 at 1M cases). The request line says what happened.
        var capture = new LogCapture();
        await using var app = capture.Attach(api.App);
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Microsoft.EntityFrameworkCore.Database.Transaction");

        logger.LogError(new EventId(20205, "Microsoft.EntityFrameworkCore.Database.Transaction.TransactionError"), new OperationCanceledException(),
            "An error occurred using a transaction.");
        app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("FalloutManagement.Probe").LogError("still written");

        Assert.Equal(["still written"], capture.Events.Where(e => e.Level >= LogEventLevel.Error).Select(e => e.MessageTemplate.Text));
    }

    [Fact]
    public async Task A_fault_is_one_error_line_with_the_exception_and_the_trace_id_of_the_problem()
    {
        var capture = new LogCapture();
        await using var app = capture.Attach(api.App).WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<IValidator<ReportFalloutRequest>>();
            services.AddSingleton<IValidator<ReportFalloutRequest>, BrokenValidator>();
        }));
        var source = LogCapture.Client(app, TestTokens.Mint("activation-service", [Roles.Source]));

        var response = await source.PostJsonAsync("/fallout-cases", Http.Fallout());

        var problem = await response.ExpectProblemAsync(HttpStatusCode.InternalServerError, "INTERNAL_ERROR");
        var errors = capture.Events.Where(e => e.Level >= LogEventLevel.Error).ToList();
        var line = Assert.Single(errors);
        Assert.Equal(500, LogCapture.Status(line));
        Assert.IsType<InvalidOperationException>(line.Exception);
        Assert.Equal((string?)problem["traceId"], line.TraceId?.ToHexString());
    }

    [Fact]
    public async Task An_incoming_traceparent_is_the_trace_of_every_line_of_the_request_and_of_the_problem()
    {
        var capture = new LogCapture();
        await using var app = capture.Attach(api.App);
        var source = LogCapture.Client(app, TestTokens.Mint("activation-service", [Roles.Source]));
        var request = new HttpRequestMessage(HttpMethod.Post, "/fallout-cases") { Content = System.Net.Http.Json.JsonContent.Create(Http.Fallout(b => b.Remove("message"))) };
        request.Headers.TryAddWithoutValidation("traceparent", Traceparent);

        var response = await source.SendAsync(request);

        var problem = await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");
        Assert.Equal(TraceId, (string?)problem["traceId"]);
        Assert.Equal(TraceId, response.Headers.GetValues("X-Correlation-Id").Single());
        var ofRequest = capture.Events.Where(e => e.TraceId?.ToHexString() == TraceId).ToList();
        Assert.Contains(ofRequest, e => e.MessageTemplate.Text.StartsWith("HTTP ", StringComparison.Ordinal));
        Assert.All(ofRequest, e => Assert.NotNull(e.SpanId));
        Assert.NotEqual("00f067aa0ba902b7", ofRequest[0].SpanId?.ToHexString());
    }

    [Fact]
    public async Task Every_line_carries_trace_and_span_ids_and_json_output_is_compact_json()
    {
        var capture = new LogCapture();
        await using var app = capture.Attach(api.App, new Dictionary<string, string?> { ["Logging:Format"] = "json" });
        var source = LogCapture.Client(app, TestTokens.Mint("activation-service", [Roles.Source]));

        await (await source.PostJsonAsync("/fallout-cases", Http.Fallout())).ExpectAsync(HttpStatusCode.Created);
        await (await source.GetAsync("/no-such-route")).ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");

        var formatter = app.Services.GetRequiredService<ITextFormatter>();
        Assert.IsType<CompactJsonFormatter>(formatter);
        var requestEvents = capture.Events.Where(e => e.Properties.ContainsKey("RequestPath") || e.Properties.ContainsKey("RequestId")).ToList();
        Assert.NotEmpty(requestEvents);
        Assert.All(requestEvents, e =>
        {
            var json = JsonNode.Parse(LogCapture.Render(e, formatter))!.AsObject();
            Assert.Matches("^[0-9a-f]{32}$", (string?)json["@tr"]);
            Assert.Matches("^[0-9a-f]{16}$", (string?)json["@sp"]);
            Assert.NotNull(json["@t"]);
        });
    }

    [Fact]
    public async Task Text_is_the_default_in_development_with_the_trace_id_on_the_line()
    {
        var capture = new LogCapture();
        await using var app = capture.Attach(api.App);
        var supervisor = LogCapture.Client(app, TestTokens.Mint("sam.supervisor", [Roles.Supervisor]));
        var request = new HttpRequestMessage(HttpMethod.Get, "/fallout-cases/" + Guid.NewGuid());
        request.Headers.TryAddWithoutValidation("traceparent", Traceparent);

        await (await supervisor.SendAsync(request)).ExpectProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");

        var formatter = app.Services.GetRequiredService<ITextFormatter>();
        Assert.IsNotType<CompactJsonFormatter>(formatter);
        var line = capture.Events.Single(e => e.TraceId?.ToHexString() == TraceId && e.MessageTemplate.Text.StartsWith("HTTP ", StringComparison.Ordinal));
        var text = LogCapture.Render(line, formatter);
        Assert.Contains(TraceId, text, StringComparison.Ordinal);
        Assert.Contains("responded 404", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_token_signing_key_or_secret_is_ever_logged()
    {
        var capture = new LogCapture();
        await using var app = capture.Attach(api.App, new Dictionary<string, string?> { ["Serilog:MinimumLevel:Default"] = "Verbose" });
        var token = TestTokens.Mint("activation-service", [Roles.Source]);
        var admin = TestTokens.Mint("adm.admin", [Roles.Admin]);
        var forged = TestTokens.Mint("activation-service", [Roles.Source], signingKey: "another-key-that-is-long-enough-0123456789");
        const string hubSecret = "hub-shared-secret-do-not-log-0123456789";

        await (await LogCapture.Client(app, token).PostJsonAsync("/fallout-cases", Http.Fallout())).ExpectAsync(HttpStatusCode.Created);
        await LogCapture.Client(app, forged).GetAsync("/fallout-cases");
        await LogCapture.Client(app, token + "x").GetAsync("/fallout-cases");
        await LogCapture.Client(app, admin).PostJsonAsync("/hub", new JsonObject { ["callback"] = "https://example.com/cb", ["secret"] = hubSecret });
        await LogCapture.Client(app, null).PostJsonAsync("/dev/tokens", new JsonObject { ["sub"] = "x", ["roles"] = new JsonArray("fallout.source") });

        var formatter = new CompactJsonFormatter();
        var everything = string.Join('\n', capture.Events.Select(e => LogCapture.Render(e, formatter)));
        Assert.NotEmpty(capture.Events);
        foreach (var secret in new[] { token, admin, forged, TestTokens.SigningKey, hubSecret, token.Split('.')[2] })
        {
            Assert.DoesNotContain(secret, everything, StringComparison.Ordinal);
        }
        Assert.DoesNotContain("eyJ", everything, StringComparison.Ordinal);
    }

    private sealed class BrokenValidator : AbstractValidator<ReportFalloutRequest>
    {
        public override Task<ValidationResult> ValidateAsync(ValidationContext<ReportFalloutRequest> context, CancellationToken cancellation = default) =>
            throw new InvalidOperationException("a bug in the service");
    }
}
