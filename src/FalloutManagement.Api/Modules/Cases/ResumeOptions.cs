namespace FalloutManagement.Api.Modules.Cases;

/// <summary>Configuration section <c>Resume</c>.</summary>
public sealed class ResumeOptions
{
    public const string Section = "Resume";

    /// <summary>How long a resume token may be redeemed after it is issued.</summary>
    public int TokenLifetimeMinutes { get; set; } = 1440;

    public TimeSpan TokenLifetime => TimeSpan.FromMinutes(TokenLifetimeMinutes);
}
