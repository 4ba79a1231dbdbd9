using FalloutManagement.Api.Common.Http.OpenApi;
using Microsoft.OpenApi;

namespace FalloutManagement.Api.Common.Http;

/// <summary>
/// The OpenAPI document served at <c>/swagger/v1/swagger.json</c> and committed as <c>docs/openapi.json</c>, the
/// integrators' contract. Endpoints state what they are with <see cref="OpenApiMetadata"/>; the filters in
/// <c>Common/Http/OpenApi</c> derive headers, problems, required fields and examples. docs/api-guide.md explains how
/// to regenerate and lint it.
/// </summary>
public static class ApiDescription
{
    public const string DocumentName = "v1";

    public static IServiceCollection AddFalloutApiDescription(this IServiceCollection services)
    {
        services.AddEndpointsApiExplorer();
        services.AddSwaggerGen(options =>
        {
            options.SwaggerDoc(DocumentName, new OpenApiInfo
            {
                Title = "FalloutManagement",
                Version = "v1",
                Description = "Fallout cases for BSS/OSS order fulfillment: intake, queues, corrections under policy, maker-checker, "
                    + "evidence, resume tokens, events and audit.\n\n"
                    + "Conventions: JSON in camelCase, enums as upper-case strings, times ISO 8601 UTC. Every refusal is an "
                    + "`application/problem+json` body (schema `Problem`) with a stable `code`. Every case response carries "
                    + "`ETag: \"<version>\"`; every command that changes a case requires `If-Match` with it (missing: 428, "
                    + "stale: 412). Authentication is a JWT bearer token with `sub`, `role`, `queues` and `amr` claims.",
                Contact = new OpenApiContact { Name = "FalloutManagement maintainers (see README.md)" },
                License = new OpenApiLicense { Name = "Apache-2.0", Url = new Uri("https://www.apache.org/licenses/LICENSE-2.0") },
            });
            options.AddServer(new OpenApiServer
            {
                Url = "http://127.0.0.1:5080",
                Description = "A local instance started by scripts/start.sh (docker compose publishes port 5080 too).",
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
            options.CustomSchemaIds(SchemaId);
            options.SupportNonNullableReferenceTypes();
            options.SchemaFilter<SchemaConventions>();
            options.OperationFilter<OperationConventions>();
            options.DocumentFilter<DocumentConventions>();
        });
        return services;
    }

    /// <summary>
    /// A component name valid in OpenAPI (letters, digits, <c>.</c>, <c>-</c>, <c>_</c>): the type's own name, a generic
    /// one's arguments appended (<c>Page&lt;CaseSummary&gt;</c> → <c>CaseSummaryPage</c>), a nested one prefixed by
    /// its outer type.
    /// </summary>
    public static string SchemaId(Type type)
    {
        var name = type.Name;
        if (type.IsGenericType)
        {
            name = string.Concat(type.GetGenericArguments().Select(SchemaId)) + name[..name.IndexOf('`', StringComparison.Ordinal)];
        }
        if (type.IsNested && type.DeclaringType is { } outer)
        {
            name = SchemaId(outer) + name;
        }
        return new string(name.Where(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_').ToArray());
    }
}
