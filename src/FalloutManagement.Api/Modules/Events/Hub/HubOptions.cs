namespace FalloutManagement.Api.Modules.Events.Hub;

/// <summary>Configuration section <c>Hub</c>: how the relay delivers events to hub subscribers.</summary>
internal sealed class HubOptions
{
    public const string Section = "Hub";

    /// <summary>Whether this instance runs the background relay (tests drive <see cref="HubRelay.RelayOnceAsync"/> themselves).</summary>
    public bool RelayEnabled { get; set; } = true;
    public double PollIntervalSeconds { get; set; } = 2;

    /// <summary>Deliveries claimed per round; at most one per (subscription, case).</summary>
    public int BatchSize { get; set; } = 100;

    /// <summary>Callbacks called at the same time by one instance, so a slow subscriber cannot take every slot.</summary>
    public int MaxConcurrency { get; set; } = 8;
    public double RequestTimeoutSeconds { get; set; } = 10;

    /// <summary>Failed attempts after which a delivery is dead-lettered.</summary>
    public int MaxAttempts { get; set; } = 8;
    public double RetryBaseSeconds { get; set; } = 5;
    public double RetryMaxSeconds { get; set; } = 3600;

    /// <summary>
    /// The only hosts callbacks may name (<c>hooks.example.com</c>, <c>*.example.com</c>, an IP literal); empty means any
    /// host whose addresses are all public (<see cref="CallbackAddressGuard"/>).
    /// </summary>
    public List<string> AllowedCallbackHosts { get; set; } = [];

    /// <summary>How long a claimed delivery stays with its relay; a relay that died lets it go after this.</summary>
    public double ClaimLeaseSeconds { get; set; } = 120;

    /// <summary>The wait before attempt <paramref name="failedAttempts"/> + 1: exponential, capped, with full jitter on the upper half.</summary>
    public TimeSpan BackOff(int failedAttempts, double random)
    {
        var exponential = Math.Min(RetryMaxSeconds, RetryBaseSeconds * Math.Pow(2, Math.Max(0, failedAttempts - 1)));
        return TimeSpan.FromSeconds(exponential * (0.5 + (random / 2)));
    }
}
