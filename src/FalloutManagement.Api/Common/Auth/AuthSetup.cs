using System.Text;
using FalloutManagement.Api.Common.Http;
using FalloutManagement.Api.Common.Problems;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace FalloutManagement.Api.Common.Auth;

/// <summary>Authorization policy names; each lists the roles that pass it.</summary>
public static class Policies
{
    public const string Source = "source";
    public const string CaseReader = "case-reader";
    public const string CaseWorker = "case-worker";
    public const string Approver = "approver";
    public const string Staff = "staff";
    public const string Admin = "admin";
    public const string AuditReader = "audit-reader";
    public const string EventReader = "event-reader";
    public const string HubManager = "hub-manager";
    public const string Supervisor = "supervisor";
    public const string AnalyticsReader = "analytics-reader";
    public const string BreakGlassReviewer = "break-glass-reviewer";
    public const string PolicyChangeReader = "policy-change-reader";
    public const string Executor = "executor";
    public const string Participant = "participant";
}

public static class AuthSetup
{
    /// <summary>The development signing key; refused outside Development so it can never protect production.</summary>
    public const string DevelopmentSigningKey = "fallout-management-development-signing-key-not-for-production";

    /// <summary>The default key of docker-compose.yml's local stack; refused outside Development like the one above.</summary>
    public const string ComposeSigningKey = "fallout-local-development-signing-key-0123456789";

    /// <summary>Keys published in this repository: anyone can mint tokens with them, so only Development accepts them.</summary>
    public static readonly IReadOnlySet<string> PublishedSigningKeys = new HashSet<string>(StringComparer.Ordinal)
    {
        DevelopmentSigningKey,
        ComposeSigningKey,
    };

    public static IServiceCollection AddFalloutAuth(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.AddOptions<AuthOptions>().Bind(configuration.GetSection(AuthOptions.Section)).ValidateDataAnnotations()
            .Validate(o => environment.IsDevelopment() || !PublishedSigningKeys.Contains(o.SigningKey),
                "A development signing key published in this repository (appsettings.Development.json, docker-compose.yml) may not be used outside the Development environment.")
            .ValidateOnStart();

        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme).Configure<IOptions<AuthOptions>>((jwt, auth) =>
        {
            var o = auth.Value;
            jwt.MapInboundClaims = false;
            jwt.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = o.Issuer,
                ValidAudience = o.Audience,
                IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(o.SigningKey)),
                ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
                NameClaimType = FalloutClaims.Subject,
                RoleClaimType = FalloutClaims.Role,
                ClockSkew = TimeSpan.FromSeconds(30),
            };
            jwt.Events = new JwtBearerEvents
            {
                OnTokenValidated = context =>
                {
                    // A well-signed token that names no usable actor authenticates no one (401, never a 500 later).
                    if (context.Principal is { } principal && ActorClaims.Problem(principal) is { } problem)
                    {
                        context.Fail(problem);
                    }
                    return Task.CompletedTask;
                },
                OnChallenge = async context =>
                {
                    context.HandleResponse();
                    // RFC 6750: the challenge names the scheme, and says why a presented token was refused.
                    context.Response.Headers.WWWAuthenticate = context.AuthenticateFailure is null
                        ? "Bearer"
                        : "Bearer error=\"invalid_token\"";
                    if (context.AuthenticateFailure is { } failure)
                    {
                        // Why a presented token was refused (issuer, audience, key, lifetime ...), for the operator
                        // diagnosing "401 for every call"; never the token itself. Repeats are capped by the limiter below.
                        context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("FalloutManagement.Authentication")
                            .LogInformation("Bearer token refused: {FailureType}: {Failure}", failure.GetType().Name, failure.Message);
                    }
                    var failures = context.HttpContext.RequestServices.GetRequiredService<FailedAuthenticationLimiter>();
                    if (!failures.TryRecordFailure(context.HttpContext, out var retryAfter))
                    {
                        await RateLimits.WriteRejectedAsync(context.HttpContext, retryAfter);
                        return;
                    }
                    await ProblemWriter.WriteAsync(context.HttpContext, StatusCodes.Status401Unauthorized, ProblemCodes.Unauthorized,
                        "Unauthorized", "A valid bearer token is required.");
                },
                OnForbidden = context => ProblemWriter.WriteAsync(context.HttpContext, StatusCodes.Status403Forbidden,
                    ProblemCodes.Forbidden, "Forbidden", "Your roles do not allow this operation."),
            };
        });

        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder().RequireAuthenticatedUser()
                .RequireClaim(FalloutClaims.Subject).Build())
            .AddPolicy(Policies.Source, p => p.RequireRole(Roles.Source))
            .AddPolicy(Policies.CaseReader, p => p.RequireRole([.. Roles.CaseReaders]))
            .AddPolicy(Policies.CaseWorker, p => p.RequireRole(Roles.Operator, Roles.Supervisor))
            .AddPolicy(Policies.Approver, p => p.RequireRole(Roles.Approver))
            .AddPolicy(Policies.Supervisor, p => p.RequireRole(Roles.Supervisor))
            .AddPolicy(Policies.Staff, p => p.RequireRole(Roles.Operator, Roles.Supervisor, Roles.Approver, Roles.Admin, Roles.Auditor))
            .AddPolicy(Policies.Admin, p => p.RequireRole(Roles.Admin))
            .AddPolicy(Policies.AuditReader, p => p.RequireRole(Roles.Auditor, Roles.Supervisor))
            .AddPolicy(Policies.EventReader, p => p.RequireRole(Roles.Source, Roles.Supervisor, Roles.Auditor, Roles.Admin))
            .AddPolicy(Policies.HubManager, p => p.RequireRole(Roles.Admin, Roles.Source, Roles.Executor))
            .AddPolicy(Policies.Executor, p => p.RequireRole(Roles.Executor))
            .AddPolicy(Policies.Participant, p => p.RequireRole(Roles.Partner, Roles.Executor))
            .AddPolicy(Policies.AnalyticsReader, p => p.RequireRole(Roles.Supervisor, Roles.Auditor))
            .AddPolicy(Policies.BreakGlassReviewer, p => p.RequireRole(Roles.Auditor, Roles.Supervisor, Roles.Admin))
            .AddPolicy(Policies.PolicyChangeReader, p => p.RequireRole(Roles.Admin, Roles.Auditor));
        return services;
    }
}
