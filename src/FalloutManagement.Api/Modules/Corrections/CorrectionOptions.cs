namespace FalloutManagement.Api.Modules.Corrections;

/// <summary>Configuration section <c>Corrections</c>.</summary>
internal sealed class CorrectionOptions
{
    public const string Section = "Corrections";

    /// <summary>How many manual RETRY corrections one case may have (rejected ones not counted); more is 429 <c>RATE_LIMITED</c>.</summary>
    public int MaxRetriesPerCase { get; set; } = 3;
}
