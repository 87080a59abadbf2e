// Calendar arithmetic behind date, timestamp and timestamptz (utils/adt/datetime.c's date math): Julian day
// numbers for the proleptic Gregorian calendar, astronomical years (year 0 is 1 BC), and the split of a
// timestamp (microseconds since 2000-01-01) into fields. Infinity is long.Min/MaxValue for timestamps and
// int.Min/MaxValue for dates, as in PostgreSQL.
// Entry points: ToJulian, FromJulian, Split, Join, DayOfWeek, IsLeap, DaysInMonth, range checks.
namespace Tusk.Common.Types;

/// <summary>Broken-down timestamp fields (year is astronomical: 0 = 1 BC, -1 = 2 BC).</summary>
public record struct DateFields(int Year, int Month, int Day, int Hour, int Minute, int Second, int Micro);

/// <summary>Date and timestamp calendar math.</summary>
public static class PgCalendar
{
    public const long MicrosPerSecond = 1_000_000;
    public const long MicrosPerMinute = 60 * MicrosPerSecond;
    public const long MicrosPerHour = 60 * MicrosPerMinute;
    public const long MicrosPerDay = 24 * MicrosPerHour;
    /// <summary>Julian day of 2000-01-01, the epoch of date and timestamp values.</summary>
    public const int EpochJulian = 2_451_545;
    /// <summary>Julian day of 1970-01-01.</summary>
    public const int UnixEpochJulian = 2_440_588;

    public const int DateNegInfinity = int.MinValue;
    public const int DatePosInfinity = int.MaxValue;
    public const long TsNegInfinity = long.MinValue;
    public const long TsPosInfinity = long.MaxValue;

    /// <summary>First valid Julian day (4714-11-24 BC) and the end of dates (5874898-01-01, exclusive).</summary>
    public const int JulianMin = 0;
    public const int DateEndJulian = 2_147_483_494;
    /// <summary>Timestamps stop before 294277-01-01.</summary>
    public const int TimestampEndJulian = 109_203_528;
    public const long MinTimestamp = -211_813_488_000_000_000;
    public const long EndTimestamp = 9_223_371_331_200_000_000;

    public static bool IsLeap(int year) => year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);

    static readonly int[] MonthDays = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

    public static int DaysInMonth(int year, int month) => month == 2 && IsLeap(year) ? 29 : MonthDays[month - 1];

    static long FloorDiv(long a, long b) => a / b - (a % b != 0 && (a < 0) != (b < 0) ? 1 : 0);

    /// <summary>Julian day number of a Gregorian date (Fliegel and Van Flandern, with floor division).</summary>
    public static int ToJulian(int year, int month, int day)
    {
        long a = month <= 2 ? -1 : 0; // (month - 14) / 12, truncating
        long y = year + 4800 + a;
        long j = FloorDiv(1461 * y, 4) + FloorDiv(367 * (month - 2 - 12 * a), 12)
            - FloorDiv(3 * FloorDiv(y + 100, 100), 4) + day - 32075;
        return (int)j;
    }

    /// <summary>The Gregorian date of a Julian day number (Richards' algorithm; valid from day 0).</summary>
    public static (int Year, int Month, int Day) FromJulian(long j)
    {
        long f = j + 1401 + FloorDiv(FloorDiv(4 * j + 274277, 146097) * 3, 4) - 38;
        long e = 4 * f + 3;
        long g = (e % 1461 + 1461) % 1461 / 4;
        long h = 5 * g + 2;
        int day = (int)((h % 153) / 5 + 1);
        int month = (int)((h / 153 + 2) % 12 + 1);
        long year = FloorDiv(e, 1461) - 4716 + (12 + 2 - month) / 12;
        return ((int)year, month, day);
    }

    /// <summary>0 = Sunday ... 6 = Saturday.</summary>
    public static int DayOfWeek(long julian) => (int)(((julian + 1) % 7 + 7) % 7);

    public static bool IsFinite(long ts) => ts != TsNegInfinity && ts != TsPosInfinity;

    public static bool IsFiniteDate(int d) => d != DateNegInfinity && d != DatePosInfinity;

    /// <summary>Splits a finite timestamp into fields.</summary>
    public static DateFields Split(long ts)
    {
        long days = FloorDiv(ts, MicrosPerDay);
        long time = ts - days * MicrosPerDay;
        var (y, m, d) = FromJulian(days + EpochJulian);
        return new DateFields(y, m, d, (int)(time / MicrosPerHour), (int)(time / MicrosPerMinute % 60),
            (int)(time / MicrosPerSecond % 60), (int)(time % MicrosPerSecond));
    }

    /// <summary>Timestamp of fields (no range check); time fields may exceed their usual ranges.</summary>
    public static long Join(int year, int month, int day, long timeMicros) =>
        ((long)ToJulian(year, month, day) - EpochJulian) * MicrosPerDay + timeMicros;

    public static long Join(in DateFields f) => Join(f.Year, f.Month, f.Day,
        f.Hour * MicrosPerHour + f.Minute * MicrosPerMinute + f.Second * MicrosPerSecond + f.Micro);

    /// <summary>True when a timestamp (microseconds since 2000) lies in PostgreSQL's valid range.</summary>
    public static bool TimestampInRange(long ts) => ts >= MinTimestamp && ts < EndTimestamp;

    /// <summary>True when a date (days since 2000) lies in PostgreSQL's valid range.</summary>
    public static bool DateInRange(long d) => d >= JulianMin - EpochJulian && d < DateEndJulian - EpochJulian;

    /// <summary>Days since 2000 of a timestamp (floor).</summary>
    public static int DateOf(long ts) => (int)FloorDiv(ts, MicrosPerDay);

    /// <summary>Time of day of a timestamp in microseconds.</summary>
    public static long TimeOf(long ts) => ts - FloorDiv(ts, MicrosPerDay) * MicrosPerDay;
}
