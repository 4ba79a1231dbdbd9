using FalloutManagement.Api.Common.Auth;
using FalloutManagement.Api.Modules.Cases.Domain;
using FalloutManagement.Api.Modules.Events.Notifications;

namespace FalloutManagement.UnitTests.Events;

public sealed class CustomerNotificationPolicyTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly Actor Source = new("activation-service", new HashSet<string> { Roles.Source }, false);

    private static FalloutCase Case(string? segment = null, DateTimeOffset? promisedAt = null, string? customerId = "cust-1") =>
        FalloutCase.Report(new FalloutReport("activation-service", "evt-1", "corr-1", "REASON", "message", CustomerId: customerId,
                CustomerSegment: segment, ServiceOrderId: "so-1", PromisedAt: promisedAt),
            new CaseRouting(FalloutCategory.ACTIVATION, Severity.HIGH, "MOBILE_ACTIVATION_L2"), Now.AddHours(4), Source, Now);

    private static CaseChange Breach(FalloutCase fallout, DateTimeOffset at) =>
        new("SLA_BREACHED", new FalloutCaseBreachedSla("RESOLVE", at, fallout.Severity, fallout.Queue, null), "system:sla", null, null,
            fallout.Snapshot(), fallout.Snapshot(), at);

    [Fact]
    public void An_sla_breach_of_an_enterprise_case_warns_that_the_enterprise_sla_is_threatened()
    {
        var fallout = Case(segment: "ENTERPRISE", promisedAt: Now.AddHours(-1));

        var notification = CustomerNotificationPolicy.Evaluate(NotificationRule.Defaults, fallout, Breach(fallout, Now));

        Assert.NotNull(notification);
        Assert.Equal("ENTERPRISE_SLA_THREATENED", notification.Reason);
        Assert.Equal("so-1", notification.OrderId);
    }

    [Fact]
    public void An_sla_breach_past_the_promise_tells_the_customer_activation_is_delayed()
    {
        var fallout = Case(segment: "CONSUMER", promisedAt: Now.AddHours(-1));

        var notification = CustomerNotificationPolicy.Evaluate(NotificationRule.Defaults, fallout, Breach(fallout, Now));

        Assert.Equal("ACTIVATION_DELAYED_PAST_PROMISE", notification?.Reason);
        Assert.Equal("ORDER_DELAY_PAST_PROMISE", notification?.TemplateCode);
    }

    [Fact]
    public void An_sla_breach_before_the_promise_of_a_consumer_case_notifies_nobody()
    {
        var fallout = Case(segment: "CONSUMER", promisedAt: Now.AddHours(1));

        Assert.Null(CustomerNotificationPolicy.Evaluate(NotificationRule.Defaults, fallout, Breach(fallout, Now)));
        Assert.Null(CustomerNotificationPolicy.Evaluate(NotificationRule.Defaults, Case(segment: "CONSUMER"), Breach(fallout, Now)));
    }

    [Fact]
    public void A_case_without_a_customer_never_notifies()
    {
        var fallout = Case(segment: "ENTERPRISE", customerId: null);

        Assert.Null(CustomerNotificationPolicy.Evaluate(NotificationRule.Defaults, fallout, Breach(fallout, Now)));
    }

    [Fact]
    public void Intake_changes_raise_no_notification()
    {
        var fallout = Case(segment: "ENTERPRISE", promisedAt: Now.AddHours(-1));

        Assert.All(fallout.PendingChanges, change => Assert.Null(CustomerNotificationPolicy.Evaluate(NotificationRule.Defaults, fallout, change)));
    }
}
