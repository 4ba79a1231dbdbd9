namespace FalloutManagement.Api.Modules.Queues.Domain;

/// <summary>
/// A queue's working time: daily opening hours on working days in one IANA time zone, minus holidays, or
/// always open (24x7). Pure arithmetic on instants: each working window is converted from local time to UTC on
/// its own day, so DST changes and time zones fall out of <see cref="TimeZoneInfo"/>.
/// </summary>
internal sealed class WorkingCalendar
{
    /// <summary>Ten years of days without a working window means the calendar can never satisfy a due time.</summary>
    private const int MaxDaysScanned = 3660;

    private readonly TimeZoneInfo _zone;
    private readonly HashSet<DayOfWeek> _workingDays;
    private readonly HashSet<DateOnly> _holidays;

    public WorkingCalendar(string timeZoneId, TimeOnly opensAt, TimeOnly closesAt, IEnumerable<DayOfWeek> workingDays,
        IEnumerable<DateOnly> holidays)
    {
        if (closesAt <= opensAt)
        {
            throw new ArgumentException("A working day must close after it opens.", nameof(closesAt));
        }
        _zone = TimeZoneInfo.FindSystemTimeZoneById(timeZoneId);
        OpensAt = opensAt;
        ClosesAt = closesAt;
        _workingDays = [.. workingDays];
        _holidays = [.. holidays];
        if (_workingDays.Count == 0)
        {
            throw new ArgumentException("A calendar needs at least one working day.", nameof(workingDays));
        }
    }

    private WorkingCalendar()
    {
        _zone = TimeZoneInfo.Utc;
        _workingDays = [];
        _holidays = [];
        AlwaysOpen = true;
    }

    /// <summary>Open around the clock, every day: working time is wall-clock time.</summary>
    public static WorkingCalendar TwentyFourSeven { get; } = new();

    public bool AlwaysOpen { get; }
    public TimeOnly OpensAt { get; }
    public TimeOnly ClosesAt { get; }

    /// <summary>Whether <paramref name="timeZoneId"/> names a time zone this machine knows (IANA ids, e.g. Asia/Jakarta).</summary>
    public static bool IsKnownTimeZone(string timeZoneId) => TimeZoneInfo.TryFindSystemTimeZoneById(timeZoneId, out _);

    /// <summary>The instant at which <paramref name="workingTime"/> of working time has passed after <paramref name="start"/>.</summary>
    public DateTimeOffset Add(DateTimeOffset start, TimeSpan workingTime)
    {
        if (workingTime <= TimeSpan.Zero)
        {
            return start;
        }
        if (AlwaysOpen)
        {
            return start + workingTime;
        }
        var left = workingTime;
        foreach (var (opens, closes) in WindowsFrom(start))
        {
            var from = opens > start ? opens : start;
            if (from >= closes)
            {
                continue;
            }
            var available = closes - from;
            if (left <= available)
            {
                return from + left;
            }
            left -= available;
        }
        throw new InvalidOperationException("The calendar has no working time left within ten years.");
    }

    /// <summary>The working time between two instants (zero when <paramref name="to"/> is not after <paramref name="from"/>).</summary>
    public TimeSpan WorkingTimeBetween(DateTimeOffset from, DateTimeOffset to)
    {
        if (to <= from)
        {
            return TimeSpan.Zero;
        }
        if (AlwaysOpen)
        {
            return to - from;
        }
        var total = TimeSpan.Zero;
        foreach (var (opens, closes) in WindowsFrom(from))
        {
            if (opens >= to)
            {
                break;
            }
            var start = opens > from ? opens : from;
            var end = closes < to ? closes : to;
            if (end > start)
            {
                total += end - start;
            }
        }
        return total;
    }

    /// <summary>The working windows (as UTC instants) of the local days from the one containing <paramref name="instant"/> on.</summary>
    private IEnumerable<(DateTimeOffset Opens, DateTimeOffset Closes)> WindowsFrom(DateTimeOffset instant)
    {
        var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, _zone).DateTime);
        for (var i = 0; i < MaxDaysScanned; i++, day = day.AddDays(1))
        {
            if (!_workingDays.Contains(day.DayOfWeek) || _holidays.Contains(day))
            {
                continue;
            }
            yield return (ToInstant(day.ToDateTime(OpensAt)), ToInstant(day.ToDateTime(ClosesAt)));
        }
    }

    /// <summary>
    /// A local wall-clock time as an instant. A time skipped by a DST jump counts from the end of the jump; a
    /// repeated (ambiguous) time is taken at its first occurrence, the daylight one.
    /// </summary>
    private DateTimeOffset ToInstant(DateTime local)
    {
        var probe = local;
        while (_zone.IsInvalidTime(probe))
        {
            probe = probe.AddMinutes(15);
        }
        var offset = _zone.IsAmbiguousTime(probe) ? _zone.GetAmbiguousTimeOffsets(probe).Max() : _zone.GetUtcOffset(probe);
        return new DateTimeOffset(DateTime.SpecifyKind(probe, DateTimeKind.Unspecified), offset).ToUniversalTime();
    }
}
