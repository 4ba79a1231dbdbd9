using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace FalloutManagement.Api.Common.Http.OpenApi;

/// <summary>Describes each tag once, from the <see cref="TagDescription"/> its endpoints carry (<c>.WithTag(name, description)</c>).</summary>
public sealed class DocumentConventions : IDocumentFilter
{
    public void Apply(OpenApiDocument document, DocumentFilterContext context)
    {
        var descriptions = context.ApiDescriptions
            .SelectMany(d => d.ActionDescriptor.EndpointMetadata.OfType<TagDescription>())
            .GroupBy(t => t.Tag, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().Description, StringComparer.Ordinal);
        var used = document.Paths.Values
            .SelectMany(p => p.Operations?.Values.AsEnumerable() ?? [])
            .SelectMany(o => o.Tags ?? new HashSet<OpenApiTagReference>())
            .Select(t => t.Name)
            .OfType<string>()
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal);
        document.Tags = new HashSet<OpenApiTag>(used.Select(tag => new OpenApiTag
        {
            Name = tag,
            Description = descriptions.GetValueOrDefault(tag),
        }));
    }
}
