using System.Text.Json;
using System.Text.Json.Nodes;
using FalloutManagement.Api.Common;
using FalloutManagement.Api.Common.Persistence;
using FalloutManagement.Api.Modules.Events;

namespace FalloutManagement.Api.Modules.Masking;

/// <summary>
/// The hub relay's redaction: the event as the subscription's owner would read it in the feed. An executor's
/// subscription (<c>executor=</c> in its query; only events addressed to that executor reach it) gets the event whole:
/// it is the command the executor carries out, classified values and payload included.
/// </summary>
internal sealed class MaskingEventRedaction(IServiceScopeFactory scopes) : IEventRedaction
{
    public async Task<string> ForSubscriberAsync(string payloadJson, EventSubscriber subscriber, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var (rules, _) = await scope.ServiceProvider.GetRequiredService<MaskingRules>().CurrentAsync(ct);
        if (subscriber.Executor is not null)
        {
            return payloadJson;
        }
        var viewer = new Viewer(subscriber.Id, subscriber.Roles.ToHashSet(StringComparer.Ordinal), subscriber.Orchestrates, []);
        var root = JsonNode.Parse(payloadJson);
        if (viewer.SeesAll(rules) && (string?)root?["eventType"] != Cases.Domain.CaseEventTypes.CorrectionExecutionRequested)
        {
            return payloadJson;
        }
        await CaseFactsReader.MaskAsync(scope.ServiceProvider.GetRequiredService<FalloutDbContext>(), rules, viewer, root, null, ct);
        return JsonSerializer.Serialize(root, JsonDefaults.Options);
    }
}
