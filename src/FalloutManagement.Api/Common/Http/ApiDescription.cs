using Microsoft.OpenApi;

namespace FalloutManagement.Api.Common.Http;

public static class ApiDescription
{
    public static IServiceCollection AddFalloutApiDescription(this IServiceCollection services)
    {
        services.AddEndpointsApiExplorer();
        services.AddSwaggerGen(options =>
        {
            options.SwaggerDoc("v1", new OpenApiInfo
            {
                Title = "FalloutManagement",
                Version = "v1",
                Description = "Fallout cases for BSS/OSS order fulfillment: intake, queues, corrections under policy, maker-checker, evidence, resume tokens, events and audit.",
            });
            options.AddSecurityDefinition("bearer", new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "JWT",
                Description = "A JWT with sub, role, queues and amr claims. In Development, POST /dev/tokens mints one.",
            });
            options.AddSecurityRequirement(document => new OpenApiSecurityRequirement
            {
                [new OpenApiSecuritySchemeReference("bearer", document)] = [],
            });
            options.CustomSchemaIds(type => type.FullName?.Replace("FalloutManagement.Api.Modules.", "", StringComparison.Ordinal).Replace('+', '.'));
        });
        return services;
    }
}
