using FalloutManagement.Api.Common.Observability;
using FalloutManagement.Api.Modules.Cases.Domain;

namespace FalloutManagement.UnitTests.Operations;

public sealed class DomainGaugesTests
{
    [Fact]
    public void The_gauges_know_every_sla_clock_kind_by_name() =>
        Assert.Equal(Enum.GetNames<SlaClockKind>(), DomainGauges.ClockKinds);
}
