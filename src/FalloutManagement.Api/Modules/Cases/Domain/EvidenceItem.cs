namespace FalloutManagement.Api.Modules.Cases.Domain;

public enum EvidenceType
{
    SCREENSHOT,
    VENDOR_REQUEST_ID,
    READ_BACK_SNAPSHOT,
    FIELD_TECHNICIAN_REPORT,
    CUSTOMER_CONFIRMATION,
    PARTNER_CONFIRMATION,
    SYSTEM_AUDIT_LOG,
    DOCUMENT,
    SYNTHETIC_TEST_RESULT,
    DATA_DIFF,
}

/// <summary>
/// One immutable piece of evidence. There is no way to change it: a wrong item is corrected by a new
/// one that supersedes it. The database refuses UPDATE and DELETE on its table as well.
/// </summary>
public sealed class EvidenceItem
{
    private EvidenceItem() { }

    internal EvidenceItem(Guid id, Guid caseId, EvidenceType evidenceType, string source, string? storageRef, string? checksum,
        long? contentLength, string capturedBy, DateTimeOffset capturedAt, bool customerVisible, bool provesResolution,
        Guid? supersedesEvidenceId)
    {
        Id = id;
        CaseId = caseId;
        EvidenceType = evidenceType;
        Source = source;
        StorageRef = storageRef;
        Checksum = checksum;
        ContentLength = contentLength;
        CapturedBy = capturedBy;
        CapturedAt = capturedAt;
        CustomerVisible = customerVisible;
        ProvesResolution = provesResolution;
        SupersedesEvidenceId = supersedesEvidenceId;
    }

    public Guid Id { get; private set; }
    public Guid CaseId { get; private set; }
    public EvidenceType EvidenceType { get; private set; }
    public string Source { get; private set; } = "";
    public string? StorageRef { get; private set; }

    /// <summary><c>sha256:&lt;hex&gt;</c> computed by the service when it stores content, else as given.</summary>
    public string? Checksum { get; private set; }
    public long? ContentLength { get; private set; }
    public string CapturedBy { get; private set; } = "";
    public DateTimeOffset CapturedAt { get; private set; }
    public bool CustomerVisible { get; private set; }
    public bool ProvesResolution { get; private set; }
    public Guid? SupersedesEvidenceId { get; private set; }
}
