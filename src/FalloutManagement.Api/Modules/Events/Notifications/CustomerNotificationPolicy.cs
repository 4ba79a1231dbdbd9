using FalloutManagement.Api.Modules.Cases.Domain;

namespace FalloutManagement.Api.Modules.Events.Notifications;

/// <summary>
/// Decides, from the notification rules, whether a recorded case change asks for a customer notification, and
/// what the <c>CustomerNotificationRequested</c> event says. State-driven: there is no way to send free text.
/// </summary>
internal static class CustomerNotificationPolicy
{
    /// <summary>The notification the change raises, or null when none applies.</summary>
    public static CustomerNotificationRequested? Evaluate(IEnumerable<NotificationRule> rules, FalloutCase fallout, CaseChange change)
    {
        if (fallout.CustomerId is null || change.Event is CustomerNotificationRequested)
        {
            return null;
        }
        var rule = rules.OrderBy(r => r.Priority).ThenBy(r => r.Code, StringComparer.Ordinal).FirstOrDefault(r => r.Matches(fallout, change));
        return rule is null ? null : new CustomerNotificationRequested(fallout.ProductOrderId ?? fallout.ServiceOrderId, fallout.ProductOrderId,
            rule.Reason, rule.TemplateCode, rule.ChannelPreference, rule.RequiresAgentFollowUp, rule.Code, change.Action, fallout.PromisedAt);
    }
}
