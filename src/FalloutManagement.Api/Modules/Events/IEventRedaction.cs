namespace FalloutManagement.Api.Modules.Events;

/// <summary>
/// Who a hub subscription delivers to: the person or system that registered it, with its roles then, or the executor
/// an admin registered it for (<c>executor=</c>: only the events addressed to that executor are delivered to it).
/// </summary>
public sealed record EventSubscriber(string Id, IReadOnlyList<string> Roles, bool Orchestrates, string? Executor = null);

/// <summary>
/// Rewrites an event body for the subscriber it is delivered to: classified values masked and token ids left out
/// where the subscriber may not see them (implemented by the Masking module, which the feed's answers pass too).
/// </summary>
public interface IEventRedaction
{
    Task<string> ForSubscriberAsync(string payloadJson, EventSubscriber subscriber, CancellationToken ct);
}
