using FalloutManagement.Api.Common.Persistence;
using Npgsql;

namespace FalloutManagement.UnitTests.Persistence;

public sealed class AutoPrepareTests
{
    [Fact]
    public void A_connection_string_without_the_setting_gets_automatic_preparation()
    {
        var builder = new NpgsqlConnectionStringBuilder(PersistenceSetup.WithAutoPrepare("Host=db;Database=fallout;Username=app"));

        Assert.Equal(64, builder.MaxAutoPrepare);
        Assert.Equal(2, builder.AutoPrepareMinUsages);
        Assert.Equal("db", builder.Host);
        Assert.Equal("fallout", builder.Database);
    }

    [Theory]
    [InlineData("Host=db;Max Auto Prepare=0", 0)]
    [InlineData("Host=db;MaxAutoPrepare=0", 0)]
    [InlineData("Host=db;max auto prepare=10", 10)]
    public void A_connection_string_that_sets_it_keeps_its_own_value(string connectionString, int expected)
    {
        var builder = new NpgsqlConnectionStringBuilder(PersistenceSetup.WithAutoPrepare(connectionString));

        Assert.Equal(expected, builder.MaxAutoPrepare);
    }

    [Fact]
    public void An_explicit_minimum_usage_is_kept()
    {
        var builder = new NpgsqlConnectionStringBuilder(PersistenceSetup.WithAutoPrepare("Host=db;Auto Prepare Min Usages=5"));

        Assert.Equal(64, builder.MaxAutoPrepare);
        Assert.Equal(5, builder.AutoPrepareMinUsages);
    }

    [Fact]
    public void Pooled_connections_are_not_reset_unless_the_connection_string_asks()
    {
        Assert.True(new NpgsqlConnectionStringBuilder(PersistenceSetup.WithAutoPrepare("Host=db")).NoResetOnClose);
        Assert.False(new NpgsqlConnectionStringBuilder(PersistenceSetup.WithAutoPrepare("Host=db;No Reset On Close=false")).NoResetOnClose);
    }
}
