using System.Globalization;
using System.Threading.RateLimiting;
using FalloutManagement.Api.Common.Auth;
using FalloutManagement.Api.Common.Problems;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace FalloutManagement.Api.Common.Http;

/// <summary>A token bucket: <see cref="TokenLimit"/> requests at once, refilled by <see cref="TokensPerSecond"/>.</summary>
public sealed class TokenBucketLimit
{
    public int TokenLimit { get; set; }
    public int TokensPerSecond { get; set; }

    internal TokenBucketRateLimiterOptions ToOptions() => new()
    {
        TokenLimit = TokenLimit,
        TokensPerPeriod = TokensPerSecond,
        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
        QueueLimit = 0,
        AutoReplenishment = true,
    };
}

/// <summary>
/// Configuration section <c>RateLimits</c> (env <c>RateLimits__People__TokensPerSecond</c>, ...). The defaults are far
/// above what a person's console or a source system's normal load needs; they stop a runaway script, a scraper and a
/// token-guessing loop.
/// </summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    /// <summary>Off turns every limit below off (benchmarks, a deployment that limits at its gateway).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Per caller (<c>sub</c>) holding only staff roles.</summary>
    public TokenBucketLimit People { get; set; } = new() { TokenLimit = 1000, TokensPerSecond = 200 };

    /// <summary>Per caller (<c>sub</c>) holding <c>fallout.source</c>: source systems report in bursts.</summary>
    public TokenBucketLimit Systems { get; set; } = new() { TokenLimit = 4000, TokensPerSecond = 2000 };

    /// <summary>Per client address, every request, authenticated or not.</summary>
    public TokenBucketLimit PerAddress { get; set; } = new() { TokenLimit = 10000, TokensPerSecond = 5000 };

    /// <summary>Requests per client address per window that fail authentication (401); past it they answer 429.</summary>
    public int FailedAuthenticationPermitLimit { get; set; } = 100;
    public int FailedAuthenticationWindowSeconds { get; set; } = 60;

    internal bool IsValid() =>
        new[] { People, Systems, PerAddress }.All(b => b.TokenLimit > 0 && b.TokensPerSecond > 0)
        && FailedAuthenticationPermitLimit > 0 && FailedAuthenticationWindowSeconds > 0;
}

/// <summary>
/// ASP.NET Core rate limiting per caller and per client address, and a stricter budget for failed authentication
/// per client address. A refusal is 429 <c>RATE_LIMITED</c> with <c>Retry-After</c> (seconds), as a problem.
/// </summary>
public static class RateLimits
{
    private const string Anonymous = "";

    public static IServiceCollection AddFalloutRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RateLimitOptions>().Bind(configuration.GetSection(RateLimitOptions.Section))
            .Validate(o => o.IsValid(), "RateLimits: every limit must be positive (set RateLimits:Enabled=false to turn them off).")
            .ValidateOnStart();
        services.AddSingleton<FailedAuthenticationLimiter>();
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitOptions>>((limiter, configured) =>
        {
            var o = configured.Value;
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = (context, _) => new ValueTask(WriteRejectedAsync(context.HttpContext,
                context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : null));
            if (!o.Enabled)
            {
                return;
            }
            var perAddress = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                RateLimitPartition.GetTokenBucketLimiter(AddressOf(context), _ => o.PerAddress.ToOptions()));
            var perCaller = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            {
                var sub = context.User.Identity?.IsAuthenticated == true ? context.User.FindFirst(FalloutClaims.Subject)?.Value : null;
                if (string.IsNullOrEmpty(sub))
                {
                    return RateLimitPartition.GetNoLimiter(Anonymous);
                }
                var bucket = context.User.IsInRole(Roles.Source) ? o.Systems : o.People;
                return RateLimitPartition.GetTokenBucketLimiter(sub, _ => bucket.ToOptions());
            });
            limiter.GlobalLimiter = PartitionedRateLimiter.CreateChained(perAddress, perCaller);
        });
        return services;
    }

    internal static string AddressOf(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    /// <summary>429 <c>RATE_LIMITED</c> with <c>Retry-After</c> in whole seconds (at least 1).</summary>
    public static Task WriteRejectedAsync(HttpContext context, TimeSpan? retryAfter)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling((retryAfter ?? TimeSpan.FromSeconds(1)).TotalSeconds));
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return ProblemWriter.WriteAsync(context, StatusCodes.Status429TooManyRequests, ProblemCodes.RateLimited, "Too many requests",
            $"Too many requests; retry after {seconds} s.");
    }
}

/// <summary>
/// Counts requests that fail authentication per client address in a fixed window; past the budget such requests
/// answer 429 instead of 401, so guessing tokens or replaying a broken one is slowed without touching anyone who
/// authenticates (a valid token from the same address is served as usual).
/// </summary>
public sealed class FailedAuthenticationLimiter(IOptions<RateLimitOptions> options) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(address =>
        RateLimitPartition.GetFixedWindowLimiter(address, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = options.Value.FailedAuthenticationPermitLimit,
            Window = TimeSpan.FromSeconds(options.Value.FailedAuthenticationWindowSeconds),
            QueueLimit = 0,
            AutoReplenishment = true,
        }));

    /// <summary>Records one failure; false (with the wait) when the address is over its budget.</summary>
    public bool TryRecordFailure(HttpContext context, out TimeSpan? retryAfter)
    {
        retryAfter = null;
        if (!options.Value.Enabled)
        {
            return true;
        }
        using var lease = _limiter.AttemptAcquire(RateLimits.AddressOf(context));
        if (lease.IsAcquired)
        {
            return true;
        }
        retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : null;
        return false;
    }

    public void Dispose() => _limiter.Dispose();
}
