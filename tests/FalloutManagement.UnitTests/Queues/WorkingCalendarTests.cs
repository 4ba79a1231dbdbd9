using FalloutManagement.Api.Modules.Queues.Domain;

namespace FalloutManagement.UnitTests.Queues;

public sealed class WorkingCalendarTests
{
    private static readonly DayOfWeek[] Weekdays = [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday];

    private static WorkingCalendar Jakarta(params DateOnly[] holidays) => new("Asia/Jakarta", new(8, 0), new(17, 0), Weekdays, holidays);

    /// <summary>An instant given as Jakarta local time (UTC+7, no DST).</summary>
    private static DateTimeOffset Wib(int year, int month, int day, int hour, int minute = 0) =>
        new DateTimeOffset(year, month, day, hour, minute, 0, TimeSpan.FromHours(7)).ToUniversalTime();

    [Fact]
    public void Time_inside_the_working_day_is_added_as_is()
    {
        Assert.Equal(Wib(2026, 11, 2, 12), Jakarta().Add(Wib(2026, 11, 2, 10), TimeSpan.FromHours(2)));
    }

    [Fact]
    public void Time_past_closing_continues_the_next_working_morning()
    {
        // Monday 16:00 + 2h: one hour on Monday, one on Tuesday from 08:00.
        Assert.Equal(Wib(2026, 11, 3, 9), Jakarta().Add(Wib(2026, 11, 2, 16), TimeSpan.FromHours(2)));
    }

    [Fact]
    public void A_start_before_opening_counts_from_opening()
    {
        Assert.Equal(Wib(2026, 11, 2, 9), Jakarta().Add(Wib(2026, 11, 2, 6), TimeSpan.FromHours(1)));
    }

    [Fact]
    public void A_start_after_closing_counts_from_the_next_opening()
    {
        Assert.Equal(Wib(2026, 11, 3, 8, 30), Jakarta().Add(Wib(2026, 11, 2, 20), TimeSpan.FromMinutes(30)));
    }

    [Fact]
    public void Weekends_are_skipped()
    {
        // Friday 2026-11-06 16:00 + 2h = Monday 2026-11-09 09:00.
        Assert.Equal(Wib(2026, 11, 9, 9), Jakarta().Add(Wib(2026, 11, 6, 16), TimeSpan.FromHours(2)));
    }

    [Fact]
    public void Holidays_are_skipped()
    {
        // Thursday 2026-12-24 16:00 + 2h, Friday the 25th a holiday: Monday the 28th 09:00.
        var calendar = Jakarta(new DateOnly(2026, 12, 25));
        Assert.Equal(Wib(2026, 12, 28, 9), calendar.Add(Wib(2026, 12, 24, 16), TimeSpan.FromHours(2)));
        Assert.Equal(Wib(2026, 12, 25, 9), Jakarta().Add(Wib(2026, 12, 24, 16), TimeSpan.FromHours(2)));
    }

    [Fact]
    public void Several_days_of_working_time_span_whole_days()
    {
        // 24 working hours from Monday 08:00 = 2 days of 9h + 6h: Wednesday 14:00.
        Assert.Equal(Wib(2026, 11, 4, 14), Jakarta().Add(Wib(2026, 11, 2, 8), TimeSpan.FromHours(24)));
    }

    [Fact]
    public void The_same_hours_in_another_time_zone_are_other_instants()
    {
        var newYork = new WorkingCalendar("America/New_York", new(8, 0), new(17, 0), Weekdays, []);
        var start = new DateTimeOffset(2026, 11, 2, 12, 0, 0, TimeSpan.Zero); // 07:00 in New York (EST), 19:00 in Jakarta
        Assert.Equal(new DateTimeOffset(2026, 11, 2, 14, 0, 0, TimeSpan.Zero), newYork.Add(start, TimeSpan.FromHours(1))); // 09:00 EST
        Assert.Equal(Wib(2026, 11, 3, 9), Jakarta().Add(start, TimeSpan.FromHours(1)));
    }

    [Fact]
    public void Across_a_spring_forward_weekend_the_morning_moves_an_hour_in_utc()
    {
        // New York springs forward on Sunday 2026-03-08. Friday 16:00 EST (21:00Z) + 2h = Monday 09:00 EDT (13:00Z).
        var newYork = new WorkingCalendar("America/New_York", new(8, 0), new(17, 0), Weekdays, []);
        Assert.Equal(new DateTimeOffset(2026, 3, 9, 13, 0, 0, TimeSpan.Zero),
            newYork.Add(new DateTimeOffset(2026, 3, 6, 21, 0, 0, TimeSpan.Zero), TimeSpan.FromHours(2)));
    }

    [Fact]
    public void A_working_window_across_the_dst_jump_is_an_hour_shorter_or_longer()
    {
        var everyDay = Enum.GetValues<DayOfWeek>();
        var berlin = new WorkingCalendar("Europe/Berlin", new(1, 0), new(5, 0), everyDay, []);
        // 2026-03-29: 02:00 jumps to 03:00, so 01:00-05:00 lasts three real hours (00:00Z-03:00Z).
        var springDay = berlin.WorkingTimeBetween(new DateTimeOffset(2026, 3, 28, 12, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 3, 29, 12, 0, 0, TimeSpan.Zero));
        Assert.Equal(TimeSpan.FromHours(3), springDay);
        // 2026-10-25: 03:00 falls back to 02:00, so 01:00-05:00 lasts five real hours (23:00Z-04:00Z).
        var autumnDay = berlin.WorkingTimeBetween(new DateTimeOffset(2026, 10, 24, 12, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 10, 25, 12, 0, 0, TimeSpan.Zero));
        Assert.Equal(TimeSpan.FromHours(5), autumnDay);
    }

    [Fact]
    public void A_window_opening_inside_the_dst_gap_opens_when_the_gap_ends()
    {
        var everyDay = Enum.GetValues<DayOfWeek>();
        var berlin = new WorkingCalendar("Europe/Berlin", new(2, 30), new(6, 0), everyDay, []);
        // 02:30 does not exist on 2026-03-29; the window opens at 03:00 CEST = 01:00Z.
        Assert.Equal(new DateTimeOffset(2026, 3, 29, 1, 30, 0, TimeSpan.Zero),
            berlin.Add(new DateTimeOffset(2026, 3, 28, 23, 0, 0, TimeSpan.Zero), TimeSpan.FromMinutes(30)));
    }

    [Fact]
    public void Working_time_between_counts_only_open_hours()
    {
        // Friday 16:00 to Monday 10:00: 1h + 2h.
        Assert.Equal(TimeSpan.FromHours(3), Jakarta().WorkingTimeBetween(Wib(2026, 11, 6, 16), Wib(2026, 11, 9, 10)));
        Assert.Equal(TimeSpan.Zero, Jakarta().WorkingTimeBetween(Wib(2026, 11, 7, 9), Wib(2026, 11, 8, 18)));
        Assert.Equal(TimeSpan.Zero, Jakarta().WorkingTimeBetween(Wib(2026, 11, 9, 10), Wib(2026, 11, 6, 16)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(17)]
    [InlineData(540)]
    [InlineData(541)]
    [InlineData(4321)]
    public void Adding_then_measuring_gives_the_same_working_time(int minutes)
    {
        var calendar = Jakarta(new DateOnly(2026, 11, 10));
        var start = Wib(2026, 11, 5, 13, 17);
        var due = calendar.Add(start, TimeSpan.FromMinutes(minutes));
        Assert.Equal(TimeSpan.FromMinutes(minutes), calendar.WorkingTimeBetween(start, due));
    }

    [Fact]
    public void Twenty_four_seven_is_wall_clock_time()
    {
        var start = new DateTimeOffset(2026, 11, 7, 23, 0, 0, TimeSpan.Zero);
        Assert.Equal(start.AddHours(30), WorkingCalendar.TwentyFourSeven.Add(start, TimeSpan.FromHours(30)));
        Assert.Equal(TimeSpan.FromHours(30), WorkingCalendar.TwentyFourSeven.WorkingTimeBetween(start, start.AddHours(30)));
    }

    [Fact]
    public void A_calendar_must_open_before_it_closes_and_have_working_days()
    {
        Assert.Throws<ArgumentException>(() => new WorkingCalendar("Asia/Jakarta", new(17, 0), new(8, 0), Weekdays, []));
        Assert.Throws<ArgumentException>(() => new WorkingCalendar("Asia/Jakarta", new(8, 0), new(17, 0), [], []));
        Assert.False(WorkingCalendar.IsKnownTimeZone("Mars/Olympus_Mons"));
        Assert.True(WorkingCalendar.IsKnownTimeZone("Asia/Jakarta"));
    }
}
