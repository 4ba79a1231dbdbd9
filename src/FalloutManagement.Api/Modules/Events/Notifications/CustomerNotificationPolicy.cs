using FalloutManagement.Api.Modules.Cases.Domain;

namespace FalloutManagement.Api.Modules.Events.Notifications;

/// <summary>
/// Decides, from the notification rules, whether a recorded case change asks for a customer notification, and
/// what the <c>CustomerNotificationRequested</c> event says. State-driven: there is no way to send free text.
/// </summary>
internal static class CustomerNotificationPolicy
{
    /// <summary>The event fields of the notification the change raises, or null when none applies.</summary>
    public static Dictionary<string, object?>? Evaluate(IEnumerable<NotificationRule> rules, FalloutCase fallout, CaseChange change)
    {
        if (fallout.CustomerId is null || change.EventType == CaseEventTypes.CustomerNotificationRequested)
        {
            return null;
        }
        var rule = rules.OrderBy(r => r.Priority).ThenBy(r => r.Code, StringComparer.Ordinal).FirstOrDefault(r => r.Matches(fallout, change));
        return rule is null ? null : new Dictionary<string, object?>
        {
            ["orderId"] = fallout.ProductOrderId ?? fallout.ServiceOrderId,
            ["productOrderId"] = fallout.ProductOrderId,
            ["reason"] = rule.Reason,
            ["templateCode"] = rule.TemplateCode,
            ["channelPreference"] = rule.ChannelPreference,
            ["requiresAgentFollowUp"] = rule.RequiresAgentFollowUp,
            ["ruleCode"] = rule.Code,
            ["triggeredBy"] = change.Action,
            ["promisedAt"] = fallout.PromisedAt,
            ["status"] = change.After.Status,
        };
    }
}
