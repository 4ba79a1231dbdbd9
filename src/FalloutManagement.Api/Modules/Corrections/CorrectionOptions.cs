namespace FalloutManagement.Api.Modules.Corrections;

/// <summary>Configuration section <c>Corrections</c>: the manual retry limits (429 <c>RATE_LIMITED</c> beyond them).</summary>
internal sealed class CorrectionOptions
{
    public const string Section = "Corrections";

    /// <summary>Manual RETRY corrections one case may have within <see cref="RetryWindowHours"/> (rejected ones not counted).</summary>
    public int MaxRetriesPerCase { get; set; } = 3;

    /// <summary>The per-case window: retries older than this no longer count.</summary>
    public int RetryWindowHours { get; set; } = 24;

    /// <summary>Manual RETRY corrections one person may propose, over all cases, within <see cref="OperatorRetryWindowMinutes"/>.</summary>
    public int MaxRetriesPerOperator { get; set; } = 30;

    public int OperatorRetryWindowMinutes { get; set; } = 60;

    public TimeSpan CaseWindow => TimeSpan.FromHours(RetryWindowHours);

    public TimeSpan OperatorWindow => TimeSpan.FromMinutes(OperatorRetryWindowMinutes);

    internal bool IsValid() => MaxRetriesPerCase > 0 && RetryWindowHours > 0 && MaxRetriesPerOperator > 0 && OperatorRetryWindowMinutes > 0;
}
