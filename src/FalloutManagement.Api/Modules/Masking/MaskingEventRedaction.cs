using System.Text.Json;
using System.Text.Json.Nodes;
using FalloutManagement.Api.Common;
using FalloutManagement.Api.Common.Persistence;
using FalloutManagement.Api.Modules.Events;

namespace FalloutManagement.Api.Modules.Masking;

/// <summary>The hub relay's redaction: the event as the subscription's owner would read it in the feed.</summary>
internal sealed class MaskingEventRedaction(IServiceScopeFactory scopes) : IEventRedaction
{
    public async Task<string> ForSubscriberAsync(string payloadJson, EventSubscriber subscriber, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var (rules, _) = await scope.ServiceProvider.GetRequiredService<MaskingRules>().CurrentAsync(ct);
        var viewer = new Viewer(subscriber.Id, subscriber.Roles.ToHashSet(StringComparer.Ordinal), subscriber.Orchestrates, []);
        if (viewer.SeesAll(rules))
        {
            return payloadJson;
        }
        var root = JsonNode.Parse(payloadJson);
        await CaseFactsReader.MaskAsync(scope.ServiceProvider.GetRequiredService<FalloutDbContext>(), rules, viewer, root, null, ct);
        return JsonSerializer.Serialize(root, JsonDefaults.Options);
    }
}
