namespace FalloutManagement.Api.Modules.BreakGlass;

/// <summary>Configuration section <c>BreakGlass</c>.</summary>
internal sealed class BreakGlassOptions
{
    public const string Section = "BreakGlass";

    /// <summary>The longest elevation anyone may ask for, in minutes (default 240).</summary>
    public int MaxMinutes { get; set; } = 240;

    /// <summary>How often expired grants are ended and their <c>BreakGlassEnded</c> written (default 30 s; 0 turns the sweep off).</summary>
    public int SweepIntervalSeconds { get; set; } = 30;
}
