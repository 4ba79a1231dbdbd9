using FalloutManagement.Api.Common;
using FalloutManagement.Api.Modules.Cases.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FalloutManagement.Api.Modules.Events.Notifications;

/// <summary>
/// One row of the customer notification policy (seed §21): which state change of which kind of case asks the
/// customer channel to tell the customer what, by which template. Every condition left null matches anything;
/// the first enabled rule by <see cref="Priority"/> that matches a change wins, so a change raises at most one
/// <c>CustomerNotificationRequested</c>.
/// </summary>
internal sealed class NotificationRule : IReferenceData
{
    private NotificationRule() { }

    public NotificationRule(string code, int priority, string reason, string templateCode, string[] channelPreference,
        bool requiresAgentFollowUp, string? onEventType = null, bool intoWaiting = false, CaseStatus? toStatus = null,
        FalloutCategory? category = null, string? customerSegment = null, CorrectionType? correctionType = null,
        bool requiresPromiseMissed = false, bool requiresPolicyFlag = false)
    {
        Code = code;
        Priority = priority;
        Reason = reason;
        TemplateCode = templateCode;
        ChannelPreference = channelPreference;
        RequiresAgentFollowUp = requiresAgentFollowUp;
        OnEventType = onEventType;
        IntoWaiting = intoWaiting;
        ToStatus = toStatus;
        Category = category;
        CustomerSegment = customerSegment;
        CorrectionType = correctionType;
        RequiresPromiseMissed = requiresPromiseMissed;
        RequiresPolicyFlag = requiresPolicyFlag;
        Enabled = true;
    }

    public string Code { get; private set; } = "";
    public int Priority { get; private set; }

    /// <summary>The event type of the change (e.g. <c>FalloutCaseBreachedSla</c>).</summary>
    public string? OnEventType { get; private set; }

    /// <summary>Only when the change moved the case into one of the <c>WAITING_*</c> states.</summary>
    public bool IntoWaiting { get; private set; }

    /// <summary>The state the change moved the case into (a change that keeps the state does not match).</summary>
    public CaseStatus? ToStatus { get; private set; }
    public FalloutCategory? Category { get; private set; }
    public string? CustomerSegment { get; private set; }

    /// <summary>The type of the correction the change concerns.</summary>
    public CorrectionType? CorrectionType { get; private set; }

    /// <summary>Only when the customer's promise time (<c>promisedAt</c>) has passed.</summary>
    public bool RequiresPromiseMissed { get; private set; }

    /// <summary>
    /// Only when the action policy that decided the change's correction said the customer must be told
    /// (<c>customerNotificationRequired</c> on the proposal).
    /// </summary>
    public bool RequiresPolicyFlag { get; private set; }
    public string Reason { get; private set; } = "";
    public string TemplateCode { get; private set; } = "";
    public string[] ChannelPreference { get; private set; } = [];
    public bool RequiresAgentFollowUp { get; private set; }
    public bool Enabled { get; private set; }

    public bool Matches(FalloutCase fallout, CaseChange change)
    {
        if (!Enabled
            || (OnEventType is not null && OnEventType != change.Event?.EventType)
            || (IntoWaiting && !(change.After.Status.IsWaiting() && change.Before?.Status.IsWaiting() != true))
            || (ToStatus is { } to && (change.After.Status != to || change.Before?.Status == to))
            || (Category is { } category && fallout.Category != category)
            || (CustomerSegment is not null && !string.Equals(CustomerSegment, fallout.CustomerSegment, StringComparison.OrdinalIgnoreCase))
            || (RequiresPromiseMissed && !(fallout.PromisedAt < change.At))
            || (RequiresPolicyFlag && change.Event is not FalloutCorrectionProposed { CustomerNotificationRequired: true }))
        {
            return false;
        }
        return CorrectionType is not { } type
            || fallout.Corrections.Any(c => c.Id == change.CorrectionId && c.Type == type);
    }

    /// <summary>The rules that ship (seed §21); admins may disable or add rows.</summary>
    public static IReadOnlyList<NotificationRule> Defaults { get; } =
    [
        new("IDENTITY_VERIFICATION_PENDING", 10, "IDENTITY_VERIFICATION_PENDING", "KYC_VERIFICATION_PENDING", ["SMS", "EMAIL"], true,
            onEventType: CaseEventTypes.StateChanged, intoWaiting: true, category: FalloutCategory.COMPLIANCE),
        new("CUSTOMER_INFORMATION_REQUIRED", 20, "CUSTOMER_INFORMATION_REQUIRED", "CUSTOMER_INFO_REQUEST", ["SMS", "EMAIL"], true,
            toStatus: CaseStatus.WAITING_CUSTOMER),
        new("APPOINTMENT_CHANGED", 30, "INSTALLATION_RESCHEDULE_REQUIRED", "ORDER_DELAY_FIELD_ACCESS", ["SMS", "EMAIL"], true,
            toStatus: CaseStatus.WAITING_FIELD),
        new("ORDER_AMENDED", 40, "ORDER_AMENDED", "ORDER_AMENDMENT_NOTICE", ["EMAIL"], true,
            onEventType: CaseEventTypes.CorrectionApplied, correctionType: Cases.Domain.CorrectionType.ORDER_AMENDMENT),
        new("ORDER_CANCELLED", 50, "ORDER_CANCELLED", "ORDER_CANCELLATION_NOTICE", ["EMAIL", "SMS"], false,
            toStatus: CaseStatus.RESOLVED_CANCEL),
        new("PARTIAL_SERVICE", 60, "PARTIAL_SERVICE_ACTIVE", "PARTIAL_ACTIVATION_NOTICE", ["EMAIL"], true,
            toStatus: CaseStatus.RESOLVED_COMPENSATE),
        new("ENTERPRISE_SLA_THREATENED", 70, "ENTERPRISE_SLA_THREATENED", "ENTERPRISE_SLA_NOTICE", ["EMAIL"], true,
            onEventType: CaseEventTypes.BreachedSla, customerSegment: "ENTERPRISE"),
        new("CORRECTION_AFFECTS_CUSTOMER", 90, "CORRECTION_AFFECTS_CUSTOMER", "ORDER_CORRECTION_NOTICE", ["EMAIL"], true,
            onEventType: CaseEventTypes.CorrectionProposed, requiresPolicyFlag: true),
        new("ACTIVATION_DELAYED_PAST_PROMISE", 80, "ACTIVATION_DELAYED_PAST_PROMISE", "ORDER_DELAY_PAST_PROMISE", ["SMS", "EMAIL"], false,
            onEventType: CaseEventTypes.BreachedSla, requiresPromiseMissed: true),
    ];
}

internal sealed class NotificationRuleConfiguration : IEntityTypeConfiguration<NotificationRule>
{
    public void Configure(EntityTypeBuilder<NotificationRule> builder)
    {
        builder.ToTable("notification_rules");
        builder.HasKey(r => r.Code);
        builder.Property(r => r.Code).HasMaxLength(100);
        builder.Property(r => r.OnEventType).HasMaxLength(100);
        builder.Property(r => r.IntoWaiting).HasDefaultValue(false);
        builder.Property(r => r.CustomerSegment).HasMaxLength(100);
        builder.Property(r => r.Reason).HasMaxLength(100);
        builder.Property(r => r.TemplateCode).HasMaxLength(100);
        // Rules are data: one inserted by hand without the flag needs no policy flag.
        builder.Property(r => r.RequiresPolicyFlag).HasDefaultValue(false);
        builder.HasData(NotificationRule.Defaults);
    }
}
