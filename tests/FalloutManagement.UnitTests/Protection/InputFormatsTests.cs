using FalloutManagement.Api.Common;
using FalloutManagement.Api.Common.Http;
using FalloutManagement.Api.Common.Problems;
using FalloutManagement.Api.Modules.Evidence;

namespace FalloutManagement.UnitTests.Protection;

/// <summary>The formats the input checks accept: what the service issues or a standard defines, and nothing near it.</summary>
public sealed class InputFormatsTests
{
    [Fact]
    public void A_key_cursor_reads_back_exactly_what_was_issued()
    {
        var id = Guid.NewGuid();
        var cursor = KeysetCursor.EncodeKey("ACTIVATION_QUEUE", KeysetCursor.Text(-42), KeysetCursor.Text(id));

        var parts = KeysetCursor.DecodeKey(cursor, 3);

        Assert.Equal("ACTIVATION_QUEUE", KeysetCursor.DecodeText(parts[0], QueueCodes.IsValid));
        Assert.Equal(-42, KeysetCursor.DecodeNumber(parts[1]));
        Assert.Equal(id, KeysetCursor.DecodeId(parts[2]));
    }

    [Theory]
    [InlineData("+5")]
    [InlineData("05")]
    [InlineData("-0")]
    [InlineData(" 5")]
    public void A_number_part_written_otherwise_is_foreign(string part) =>
        Assert.Throws<ValidationProblemException>(() => KeysetCursor.DecodeNumber(part));

    [Fact]
    public void An_id_part_written_otherwise_is_foreign() =>
        Assert.Throws<ValidationProblemException>(() => KeysetCursor.DecodeId(Guid.NewGuid().ToString("N").ToUpperInvariant()));

    [Theory]
    [InlineData("AA")]
    [InlineData("abc")]
    [InlineData("!!")]
    public void A_cursor_of_control_characters_or_broken_utf8_is_foreign(string cursor) =>
        Assert.Throws<ValidationProblemException>(() => KeysetCursor.DecodeKey(cursor, 1));

    [Fact]
    public void A_time_cursor_reads_back_what_was_issued()
    {
        var at = new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);
        var id = Guid.NewGuid();

        Assert.Equal((at, id), KeysetCursor.Decode(KeysetCursor.Encode(at, id)));
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("image/png")]
    [InlineData("application/vnd.ms-excel")]
    [InlineData("text/plain; charset=utf-8")]
    [InlineData("text/plain;charset=\"utf-8\"")]
    [InlineData("multipart/mixed; boundary=\"a b\\\"c\"")]
    public void Media_types_a_header_can_carry_are_valid(string value) => Assert.True(EvidenceMediaTypes.IsValid(value));

    [Theory]
    [InlineData("text/plain\r\nX-A: 1")]
    [InlineData("text/plain\n")]
    [InlineData("é/é")]
    [InlineData("P1Y")]
    [InlineData("   ")]
    [InlineData("")]
    [InlineData("text/")]
    [InlineData("text/plain;")]
    [InlineData("text/plain; charset")]
    [InlineData("text/plain; charset=\"é\"")]
    public void Anything_else_is_not_and_is_served_as_bytes(string value)
    {
        Assert.False(EvidenceMediaTypes.IsValid(value));
        Assert.Equal("application/octet-stream", EvidenceMediaTypes.ServedAs(value));
    }

    [Theory]
    [InlineData("2026-11-02", true)]
    [InlineData("2026-11-02T09:00Z", true)]
    [InlineData("2026-11-02T09:00:00Z", true)]
    [InlineData("2026-11-02T16:00:00.1234567+07:00", true)]
    [InlineData("2026-11-02T09:00:00", false)]
    [InlineData("2026-11-02T09:00:00.12345678Z", false)]
    [InlineData("1.5", false)]
    [InlineData("1,2", false)]
    [InlineData("11/02/2026", false)]
    [InlineData("2026-13-01", false)]
    [InlineData(" 2026-11-02", false)]
    public void Times_are_iso_8601_with_a_zone_or_a_date(string value, bool valid) => Assert.Equal(valid, IsoTime.IsValid(value));

    [Theory]
    [InlineData("olga.operator", true)]
    [InlineData("Ásgeir Þór 李", true)]
    [InlineData("o'neil %2F?#", true)]
    [InlineData("..", false)]
    [InlineData(".", false)]
    [InlineData("a/b", false)]
    [InlineData("a\\b", false)]
    [InlineData("a\tb", false)]
    [InlineData(" a", false)]
    [InlineData("", false)]
    public void A_path_segment_id_comes_back_unchanged_from_a_location(string value, bool valid) =>
        Assert.Equal(valid, PathSegments.IsAddressable(value));
}
