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

    /// <summary>The largest content an evidence item takes, decoded.</summary>
    public const int MaxContentBytes = 5 * 1024 * 1024;

    /// <summary>Room in a request body for the base64 of the largest content (4/3) plus the metadata.</summary>
    public const long MaxBodyBytes = (MaxContentBytes / 3 * 4) + (64 * 1024);

    public static string Sha256(byte[] content) => "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content));

    /// <summary>The base64 content of an evidence item (400 on <paramref name="field"/> when not base64, empty or too large); null when none is given.</summary>
    public static byte[]? Decode(string? base64, string field = "content")
    {
        if (base64 is null)
        {
            return null;
        }
        var buffer = new byte[(base64.Length / 4 * 3) + 3];
        if (!Convert.TryFromBase64String(base64, buffer, out var length))
        {
            throw Common.Problems.DomainException.Validation(field, "Content must be base64.");
        }
        if (length == 0)
        {
            throw Common.Problems.DomainException.Validation(field, "Content must not be empty.");
        }
        return length > MaxContentBytes
            ? throw Common.Problems.DomainException.Validation(field, $"Content may be at most {MaxContentBytes} bytes.")
            : buffer[..length];
    }

    public Guid EvidenceId { get; private set; }
    public byte[] Content { get; private set; } = [];
    public string? MediaType { get; private set; }
}
