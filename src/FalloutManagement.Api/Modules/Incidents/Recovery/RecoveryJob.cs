using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FalloutManagement.Api.Modules.Incidents.Recovery;

#pragma warning disable CA1707
internal enum RecoveryAction { RETRY, CANCEL }

internal enum RecoveryJobStatus { RUNNING, COMPLETED, STOPPED }

internal enum RecoveryOutcomeKind { DONE, SKIPPED, FAILED }
#pragma warning restore CA1707

/// <summary>One bulk recovery of an incident's linked open cases, with its progress counters.</summary>
internal sealed class RecoveryJob
{
    private RecoveryJob() { }

    public RecoveryJob(Guid id, Guid incidentId, RecoveryAction action, int maxConcurrency, decimal failureThreshold, int total,
        string requestedBy, DateTimeOffset now)
    {
        Id = id;
        IncidentId = incidentId;
        Action = action;
        MaxConcurrency = maxConcurrency;
        FailureThreshold = failureThreshold;
        Total = total;
        RequestedBy = requestedBy;
        CreatedAt = now;
        Status = RecoveryJobStatus.RUNNING;
    }

    public Guid Id { get; private set; }
    public Guid IncidentId { get; private set; }
    public RecoveryAction Action { get; private set; }
    public int MaxConcurrency { get; private set; }

    /// <summary>The failure share (failed / processed) above which the job stops itself.</summary>
    public decimal FailureThreshold { get; private set; }
    public RecoveryJobStatus Status { get; private set; }
    public int Total { get; private set; }
    public int Done { get; private set; }
    public int Skipped { get; private set; }
    public int Failed { get; private set; }
    public string? StopReason { get; private set; }
    public string RequestedBy { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? FinishedAt { get; private set; }

    public int Processed => Done + Skipped + Failed;

    public decimal FailureShare => Processed == 0 ? 0 : (decimal)Failed / Processed;

    public void Count(RecoveryOutcomeKind outcome)
    {
        switch (outcome)
        {
            case RecoveryOutcomeKind.DONE:
                Done++;
                break;
            case RecoveryOutcomeKind.SKIPPED:
                Skipped++;
                break;
            default:
                Failed++;
                break;
        }
    }

    /// <summary>True (and the job stopped) when the failure share passed the threshold.</summary>
    public bool StopIfThresholdPassed(DateTimeOffset now)
    {
        if (FailureShare <= FailureThreshold)
        {
            return false;
        }
        Status = RecoveryJobStatus.STOPPED;
        StopReason = $"failure share {FailureShare:0.###} passed the threshold {FailureThreshold:0.###} after {Processed} of {Total} cases";
        FinishedAt = now;
        return true;
    }

    public void Complete(DateTimeOffset now)
    {
        Status = RecoveryJobStatus.COMPLETED;
        FinishedAt = now;
    }
}

/// <summary>What the job did to one case. One row per job and case, so a case is never acted on twice by one job.</summary>
internal sealed class RecoveryCaseOutcome
{
    private RecoveryCaseOutcome() { }

    public RecoveryCaseOutcome(Guid jobId, Guid caseId, RecoveryOutcomeKind outcome, string? reason, string? problemCode,
        Guid? correctionActionId, DateTimeOffset at)
    {
        JobId = jobId;
        CaseId = caseId;
        Outcome = outcome;
        Reason = reason;
        ProblemCode = problemCode;
        CorrectionActionId = correctionActionId;
        At = at;
    }

    public Guid JobId { get; private set; }
    public Guid CaseId { get; private set; }
    public RecoveryOutcomeKind Outcome { get; private set; }
    public string? Reason { get; private set; }
    public string? ProblemCode { get; private set; }
    public Guid? CorrectionActionId { get; private set; }
    public DateTimeOffset At { get; private set; }
}

internal sealed class RecoveryJobConfiguration : IEntityTypeConfiguration<RecoveryJob>
{
    public void Configure(EntityTypeBuilder<RecoveryJob> builder)
    {
        builder.ToTable("recovery_jobs");
        builder.HasKey(j => j.Id);
        builder.Property(j => j.Id).ValueGeneratedNever();
        builder.Property(j => j.Action).HasConversion<string>().HasMaxLength(20);
        builder.Property(j => j.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(j => j.FailureThreshold).HasPrecision(5, 4);
        builder.Property(j => j.StopReason).HasMaxLength(500);
        builder.Property(j => j.RequestedBy).HasMaxLength(200);
        builder.Ignore(j => j.Processed);
        builder.Ignore(j => j.FailureShare);
        builder.HasIndex(j => new { j.IncidentId, j.CreatedAt });
        builder.HasOne<Domain.Incident>().WithMany().HasForeignKey(j => j.IncidentId);
    }
}

internal sealed class RecoveryCaseOutcomeConfiguration : IEntityTypeConfiguration<RecoveryCaseOutcome>
{
    public void Configure(EntityTypeBuilder<RecoveryCaseOutcome> builder)
    {
        builder.ToTable("recovery_case_outcomes");
        builder.HasKey(o => new { o.JobId, o.CaseId });
        builder.Property(o => o.Outcome).HasConversion<string>().HasMaxLength(20);
        builder.Property(o => o.Reason).HasMaxLength(1000);
        builder.Property(o => o.ProblemCode).HasMaxLength(50);
        builder.HasOne<RecoveryJob>().WithMany().HasForeignKey(o => o.JobId);
        builder.HasIndex(o => o.CaseId);
    }
}
