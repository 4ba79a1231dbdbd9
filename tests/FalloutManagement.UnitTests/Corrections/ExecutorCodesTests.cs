using FalloutManagement.Api.Common;

namespace FalloutManagement.UnitTests.Corrections;

public sealed class ExecutorCodesTests
{
    [Theory]
    [InlineData("hss-adapter")]
    [InlineData("7")]
    [InlineData("partner-gw-2")]
    public void Lower_case_codes_with_dashes_are_valid(string code) => Assert.True(ExecutorCodes.IsValid(code));

    [Theory]
    [InlineData("")]
    [InlineData("-hss")]
    [InlineData("HSS-ADAPTER")]
    [InlineData("hss_adapter")]
    [InlineData("hss-adapter\n")]
    [InlineData("hss adapter")]
    public void Anything_else_is_not(string code) => Assert.False(ExecutorCodes.IsValid(code));

    [Fact]
    public void A_code_is_at_most_60_characters()
    {
        Assert.True(ExecutorCodes.IsValid(new string('e', ExecutorCodes.MaxLength)));
        Assert.False(ExecutorCodes.IsValid(new string('e', ExecutorCodes.MaxLength + 1)));
    }
}
