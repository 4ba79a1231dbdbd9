using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using FluentValidation;
using FluentValidation.Internal;
using FluentValidation.Validators;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace FalloutManagement.Api.Common.Http.OpenApi;

/// <summary>
/// Schemas say what the service checks and answers, from the code that checks and answers:
/// <list type="bullet">
/// <item>a request type (one with a FluentValidation validator) lists as <c>required</c> the fields its validator
/// requires unconditionally (<c>NotNull</c>/<c>NotEmpty</c>), takes their <c>maxLength</c>, and the allowed values of
/// a string checked with <c>IsEnumName</c> as its <c>enum</c>;</item>
/// <item>a response type (no validator) lists every property as <c>required</c>: the service always writes every
/// property, <c>null</c> where there is no value;</item>
/// <item>a type marked <see cref="JsonUnmappedMemberHandling.Skip"/> allows additional properties: the binder ignores
/// them there, and refuses them everywhere else.</item>
/// </list>
/// </summary>
public sealed class SchemaConventions(IServiceProvider services) : ISchemaFilter
{
    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        if (schema is not OpenApiSchema { Properties.Count: > 0 } target || context.Type.IsPrimitive || context.Type == typeof(string))
        {
            return;
        }
        if (context.Type.GetCustomAttribute<JsonUnmappedMemberHandlingAttribute>() is { UnmappedMemberHandling: JsonUnmappedMemberHandling.Skip })
        {
            // Open by its own choice (an intake's context): fields it does not know are ignored, not refused.
            target.AdditionalPropertiesAllowed = true;
        }
        using var scope = services.CreateScope();
        if (scope.ServiceProvider.GetService(typeof(IValidator<>).MakeGenericType(context.Type)) is IValidator validator)
        {
            FromValidator(target, validator);
        }
        else if (!context.Type.Name.EndsWith("Request", StringComparison.Ordinal))
        {
            target.Required = new SortedSet<string>(target.Properties!.Keys, StringComparer.Ordinal);
        }
    }

    private static void FromValidator(OpenApiSchema schema, IValidator validator)
    {
        var required = new SortedSet<string>(schema.Required ?? new HashSet<string>(), StringComparer.Ordinal);
        var descriptor = validator.CreateDescriptor();
        foreach (var member in descriptor.GetMembersWithValidators())
        {
            if (string.IsNullOrEmpty(member.Key))
            {
                continue;
            }
            var name = char.ToLowerInvariant(member.Key[0]) + member.Key[1..];
            if (!schema.Properties!.TryGetValue(name, out var property))
            {
                continue;
            }
            foreach (var rule in descriptor.GetRulesForMember(member.Key))
            {
                // A RuleForEach checks the list's elements: its limits are the items', and it requires no list.
                if (IsCollectionRule(rule))
                {
                    if (property is OpenApiSchema { Items: OpenApiSchema items })
                    {
                        Apply(items, rule.Components, required: null, name);
                    }
                    continue;
                }
                Apply(property, rule.Components, required, name);
            }
        }
        schema.Required = required.Count == 0 ? null : required;
    }

    private static bool IsCollectionRule(IValidationRule rule) =>
        rule.GetType().GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(ICollectionRule<,>));

    /// <summary>Required (unless <paramref name="required"/> is null), maxLength and enum of one property from its checks.</summary>
    private static void Apply(IOpenApiSchema property, IEnumerable<IRuleComponent> components, SortedSet<string>? required, string name)
    {
        foreach (var options in components)
        {
            var check = options.Validator;
            if (options.HasCondition || options.HasAsyncCondition)
            {
                continue;
            }
            if (required is not null && check is INotNullValidator or INotEmptyValidator)
            {
                required.Add(name);
                if (property is OpenApiSchema concrete && concrete.Type is { } type)
                {
                    concrete.Type = type & ~JsonSchemaType.Null;
                }
            }
            if (property is not OpenApiSchema inline)
            {
                continue;
            }
            if (check is ILengthValidator { Max: > 0 } length)
            {
                inline.MaxLength = length.Max;
            }
            if (EnumNames(check) is { Count: > 0 } names)
            {
                inline.Enum = names.Select(n => (JsonNode)JsonValue.Create(n)).ToList();
            }
        }
    }

    /// <summary>The names an <c>IsEnumName</c> check accepts (FluentValidation keeps them in its StringEnumValidator).</summary>
    private static List<string>? EnumNames(IPropertyValidator check)
    {
        for (var type = check.GetType(); type is not null; type = type.BaseType)
        {
            if (!type.Name.StartsWith("StringEnumValidator", StringComparison.Ordinal))
            {
                continue;
            }
            foreach (var field in type.GetFields(BindingFlags.NonPublic | BindingFlags.Instance))
            {
                switch (field.GetValue(check))
                {
                    case string[] names:
                        return names.ToList();
                    case Type { IsEnum: true } enumType:
                        return Enum.GetNames(enumType).ToList();
                }
            }
        }
        return null;
    }
}
