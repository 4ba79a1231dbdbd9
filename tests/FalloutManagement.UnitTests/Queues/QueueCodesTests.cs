using FalloutManagement.Api.Common;

namespace FalloutManagement.UnitTests.Queues;

public sealed class QueueCodesTests
{
    [Theory]
    [InlineData("BILLING_RA")]
    [InlineData("L2")]
    [InlineData("_")]
    public void Upper_snake_case_codes_are_valid(string code) => Assert.True(QueueCodes.IsValid(code));

    [Theory]
    [InlineData("")]
    [InlineData("billing_ra")]
    [InlineData("BILLING-RA")]
    [InlineData("BILLING RA")]
    [InlineData("BILLING_RA\n")]
    [InlineData("BILLING_RÄ")]
    [InlineData("BILLING_RA'; DROP TABLE fallout_cases; --")]
    public void Anything_else_is_not(string code)
    {
        Assert.False(QueueCodes.IsValid(code));
        Assert.False(QueueCodes.IsUpperSnakeCase(code));
    }

    [Fact]
    public void A_code_is_at_most_100_characters()
    {
        Assert.True(QueueCodes.IsValid(new string('Q', QueueCodes.MaxLength)));
        Assert.False(QueueCodes.IsValid(new string('Q', QueueCodes.MaxLength + 1)));
        Assert.True(QueueCodes.IsUpperSnakeCase(new string('Q', QueueCodes.MaxLength + 1)));
    }
}
