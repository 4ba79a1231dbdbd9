namespace FalloutManagement.Api.Modules.Cases.Domain;

/// <summary>The bytes of an evidence item, kept apart so that loading a case never loads attachments.</summary>
public sealed class EvidenceContent
{
    private EvidenceContent() { }

    public EvidenceContent(Guid evidenceId, byte[] content, string? mediaType)
    {
        EvidenceId = evidenceId;
        Content = content;
        MediaType = mediaType;
    }

    public Guid EvidenceId { get; private set; }
    public byte[] Content { get; private set; } = [];
    public string? MediaType { get; private set; }
}
