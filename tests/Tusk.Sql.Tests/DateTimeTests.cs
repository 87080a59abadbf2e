// Date/time internals: the Julian day conversion against .NET's calendar, the interval stored and wire forms and
// its comparison key, and text round trips of date/time values in every DateStyle.
using System.Buffers;
using Tusk.Common.Types;
using Xunit;

namespace Tusk.Sql.Tests;

public sealed class DateTimeTests
{
    [Fact]
    public void Julian_days_agree_with_the_Gregorian_calendar()
    {
        var day = new DateTime(1, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        long j0 = PgCalendar.ToJulian(1, 1, 1);
        Assert.Equal(1_721_426, j0);
        Assert.Equal(PgCalendar.EpochJulian, PgCalendar.ToJulian(2000, 1, 1));
        for (int i = 0; i < 3_652_059; i += 17)
        {
            var d = day.AddDays(i);
            Assert.Equal(j0 + i, PgCalendar.ToJulian(d.Year, d.Month, d.Day));
            Assert.Equal((d.Year, d.Month, d.Day), PgCalendar.FromJulian(j0 + i));
        }
        // 4714-11-24 BC (astronomical -4713) is Julian day 0; year 0 (1 BC) is a leap year.
        Assert.Equal(0, PgCalendar.ToJulian(-4713, 11, 24));
        Assert.Equal((-4713, 11, 24), PgCalendar.FromJulian(0));
        Assert.Equal(29, PgCalendar.DaysInMonth(0, 2));
    }

    [Fact]
    public void Interval_forms_and_ordering()
    {
        var iv = new Interval(14, 3, 14_706_000_000);
        var w = new ArrayBufferWriter<byte>();
        TypeIO.WriteBinary(Datum.FromInterval(iv), w);
        Assert.Equal("000000036C8BC080000000030000000E", Convert.ToHexString(w.WrittenSpan));
        Assert.Equal(iv, TypeIO.FromBinary(w.WrittenSpan, TypeOid.Interval).Interval);
        Assert.Equal(new Interval(1, 0, 0).CompareKey, new Interval(0, 30, 0).CompareKey);
        Assert.Equal(new Interval(0, 1, 0).CompareKey, new Interval(0, 0, Interval.MicrosPerDay).CompareKey);
        Assert.True(new Interval(12, 0, 0).CompareKey > new Interval(0, 359, 0).CompareKey);
    }

    [Theory]
    [InlineData("ISO, MDY")]
    [InlineData("SQL, DMY")]
    [InlineData("SQL, MDY")]
    [InlineData("Postgres, MDY")]
    [InlineData("German")]
    public void Values_read_back_what_they_print(string dateStyle)
    {
        var ctx = new OutputContext { DateStyle = dateStyle, TimeZoneName = "Europe/Berlin" };
        foreach (string s in new[] { "2024-01-02 03:04:05.678", "0044-03-15 12:00 BC", "1999-12-31 23:59:59.999999" })
        {
            long ts = DateTimeParse.Timestamp(s, OutputContext.Default);
            Assert.Equal(ts, DateTimeParse.Timestamp(DateTimeFormat.Timestamp(ts, ctx), ctx));
            long tz = DateTimeParse.TimestampTz(s + "+00", OutputContext.Default);
            Assert.Equal(tz, DateTimeParse.TimestampTz(DateTimeFormat.TimestampTz(tz, ctx), ctx));
            int d = DateTimeParse.Date(s, OutputContext.Default);
            Assert.Equal(d, DateTimeParse.Date(DateTimeFormat.Date(d, ctx), ctx));
        }
    }

    [Theory]
    [InlineData("postgres")]
    [InlineData("postgres_verbose")]
    [InlineData("sql_standard")]
    [InlineData("iso_8601")]
    public void Intervals_read_back_what_they_print(string style)
    {
        var ctx = new OutputContext { IntervalStyle = style };
        foreach (string s in new[] { "1 year 2 mons 3 days 04:05:06.789", "-1 day +02:00", "0", "-3 days", "1-2" })
        {
            var iv = IntervalParse.Parse(s);
            Assert.Equal(iv, IntervalParse.Parse(DateTimeFormat.Interval(iv, ctx)));
        }
    }
}
