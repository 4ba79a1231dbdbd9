using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.Options;

namespace FalloutManagement.Api.Modules.OperatorConsole;

/// <summary>Where the console signs people in: an OpenID Connect provider (authorization code + PKCE).</summary>
public sealed class ConsoleOptions
{
    public const string Section = "Console";

    /// <summary>The provider's issuer URL; its <c>/.well-known/openid-configuration</c> names the endpoints.</summary>
    public string? Authority { get; set; }

    public string? ClientId { get; set; }

    public string Scopes { get; set; } = "openid profile";

    /// <summary>Sent as <c>acr_values</c> when a person signs in again for step-up (the provider's name for MFA).</summary>
    public string? StepUpAcrValues { get; set; }
}

/// <summary>What the console page reads before anything else: how to sign in.</summary>
public sealed record ConsoleConfig(string? Authority, string? ClientId, string Scopes, string? StepUpAcrValues, bool DevTokens);

/// <summary>
/// The operator console: static pages (ES modules, no build step) under <c>wwwroot/console</c> that call only the
/// public API. The pages hold no data and decide nothing, so they are served without a token; every call they make
/// carries the signed-in person's bearer token.
/// </summary>
public static class ConsoleModule
{
    public const string PathBase = "/console";

    public static IServiceCollection AddConsoleModule(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ConsoleOptions>().Bind(configuration.GetSection(ConsoleOptions.Section));
        return services;
    }

    /// <summary>
    /// Serves the pages before request logging and authentication: a sign-in redirect's <c>?code=</c> never reaches a
    /// log line. The content security policy allows scripts and styles from the host only, and calls to the host and
    /// the sign-in authority.
    /// </summary>
    public static void UseConsole(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<ConsoleOptions>>().Value;
        var authority = AuthorityOrigin(options.Authority);
        var policy = $"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self' {authority}; "
            + $"form-action 'self' {authority}; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";
        app.UseWhen(http => http.Request.Path.StartsWithSegments(PathBase), console =>
        {
            console.Use((http, next) =>
            {
                http.Response.Headers.ContentSecurityPolicy = policy;
                http.Response.Headers.XContentTypeOptions = "nosniff";
                http.Response.Headers["Referrer-Policy"] = "no-referrer";
                if (http.Request.Path.Equals(PathBase, StringComparison.Ordinal))
                {
                    http.Response.Redirect($"{PathBase}/");
                    return Task.CompletedTask;
                }
                return next(http);
            });
            console.UseDefaultFiles();
            console.UseStaticFiles(new StaticFileOptions
            {
                ContentTypeProvider = new FileExtensionContentTypeProvider(),
                OnPrepareResponse = file => file.Context.Response.Headers.CacheControl = "no-cache",
            });
        });
    }

    public static void MapConsoleModule(this IEndpointRouteBuilder app) =>
        app.MapGet($"{PathBase}/config.json", (IOptions<ConsoleOptions> options, IHostEnvironment environment) =>
            {
                var o = options.Value;
                return TypedResults.Ok(new ConsoleConfig(o.Authority, o.ClientId, o.Scopes, o.StepUpAcrValues, environment.IsDevelopment()));
            })
            .AllowAnonymous()
            // The console's own settings, not part of the integrators' API description.
            .ExcludeFromDescription();

    private static string AuthorityOrigin(string? authority) =>
        Uri.TryCreate(authority, UriKind.Absolute, out var uri) ? uri.GetLeftPart(UriPartial.Authority) : "";
}
