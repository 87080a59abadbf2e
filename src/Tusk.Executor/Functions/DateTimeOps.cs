// Arithmetic on date, time, timestamp, timestamptz and interval with PostgreSQL's rules: adding months clamps
// the day to the month's end, timestamptz adds days in the session zone's local time, interval * and / spill
// fractional months into days (30 per month) and fractional days into time, and timestamp differences come
// back justified into days and time. Out-of-range results are 22008 errors.
// Entry points: AddInterval, SubtractTimestamps, Age, MulInterval, DivInterval, AddIntervals, conversions
// between the types (LocalToUtc, UtcToLocal, DateToTimestamp).
using Tusk.Common.Errors;
using Tusk.Common.Types;

namespace Tusk.Executor.Functions;

/// <summary>Date/time arithmetic.</summary>
internal static class DateTimeOps
{
    const long Day = PgCalendar.MicrosPerDay;

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    public static void TimestampOutOfRange() => Throw.Error(SqlState.DatetimeFieldOverflow, "timestamp out of range");

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    public static void DateOutOfRange() => Throw.Error(SqlState.DatetimeFieldOverflow, "date out of range");

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    public static void IntervalOutOfRange() => Throw.Error(SqlState.DatetimeFieldOverflow, "interval out of range");

    public static long CheckTimestamp(long ts)
    {
        if (!PgCalendar.TimestampInRange(ts))
            TimestampOutOfRange();
        return ts;
    }

    public static int CheckDate(long d)
    {
        if (!PgCalendar.DateInRange(d))
            DateOutOfRange();
        return (int)d;
    }

    // ---- conversions ---------------------------------------------------------------------------------------

    public static long UtcToLocal(long utc, PgZone zone) => PgCalendar.IsFinite(utc)
        ? utc + zone.OffsetAtUtc(utc) * PgCalendar.MicrosPerSecond
        : utc;

    public static long LocalToUtc(long local, PgZone zone) => PgCalendar.IsFinite(local)
        ? CheckTimestamp(local - zone.OffsetForLocal(local) * PgCalendar.MicrosPerSecond)
        : local;

    public static long DateToTimestamp(int date)
    {
        if (date == PgCalendar.DatePosInfinity)
            return PgCalendar.TsPosInfinity;
        if (date == PgCalendar.DateNegInfinity)
            return PgCalendar.TsNegInfinity;
        if (date >= PgCalendar.TimestampEndJulian - PgCalendar.EpochJulian)
            Throw.Error(SqlState.DatetimeFieldOverflow, "date out of range for timestamp");
        return date * Day;
    }

    public static int TimestampToDate(long ts) => ts switch
    {
        PgCalendar.TsPosInfinity => PgCalendar.DatePosInfinity,
        PgCalendar.TsNegInfinity => PgCalendar.DateNegInfinity,
        _ => PgCalendar.DateOf(ts),
    };

    // ---- timestamp ± interval ------------------------------------------------------------------------------

    /// <summary>timestamp + interval (local time; with a zone, months and days are added in its local time).</summary>
    public static long AddInterval(long ts, in Interval iv, PgZone? zone)
    {
        if (!PgCalendar.IsFinite(ts))
            return ts;
        if (iv.Months != 0 || iv.Days != 0)
        {
            long local = zone == null ? ts : UtcToLocal(ts, zone);
            if (iv.Months != 0)
            {
                var f = PgCalendar.Split(local);
                long months = (long)f.Year * 12 + (f.Month - 1) + iv.Months;
                int year = (int)Math.Floor(months / 12.0);
                int month = (int)(months - year * 12L) + 1;
                int day = Math.Min(f.Day, PgCalendar.DaysInMonth(year, month));
                if (year < -4713 || year > 294277)
                    TimestampOutOfRange();
                local = PgCalendar.Join(year, month, day, PgCalendar.TimeOf(local));
            }
            local = CheckTimestamp(local + iv.Days * Day);
            ts = zone == null ? local : LocalToUtc(local, zone);
        }
        long r;
        try
        {
            r = checked(ts + iv.Micros);
        }
        catch (OverflowException)
        {
            TimestampOutOfRange();
            return 0;
        }
        return CheckTimestamp(r);
    }

    public static Interval Negate(in Interval iv)
    {
        if (iv.Months == int.MinValue || iv.Days == int.MinValue || iv.Micros == long.MinValue)
            IntervalOutOfRange();
        return new Interval(-iv.Months, -iv.Days, -iv.Micros);
    }

    public static Interval AddIntervals(in Interval a, in Interval b)
    {
        long m = (long)a.Months + b.Months;
        long d = (long)a.Days + b.Days;
        long t = a.Micros + b.Micros;
        if (m is < int.MinValue or > int.MaxValue || d is < int.MinValue or > int.MaxValue
            || ((a.Micros ^ t) & (b.Micros ^ t)) < 0)
            IntervalOutOfRange();
        return new Interval((int)m, (int)d, t);
    }

    /// <summary>timestamp - timestamp: the difference in days and time (justify_hours).</summary>
    public static Interval SubtractTimestamps(long a, long b)
    {
        if (!PgCalendar.IsFinite(a) || !PgCalendar.IsFinite(b))
            Throw.Error(SqlState.DatetimeFieldOverflow, "cannot subtract infinite timestamps");
        return JustifyHours(new Interval(0, 0, a - b));
    }

    // Gives the smaller field the sign of the larger one, borrowing one larger unit (of `unit` smaller ones).
    static void Borrow(ref long big, ref long small, long unit)
    {
        if (big > 0 && small < 0)
        {
            small += unit;
            big--;
        }
        else if (big < 0 && small > 0)
        {
            small -= unit;
            big++;
        }
    }

    static Interval Make(long months, long days, long time)
    {
        if (months is < int.MinValue or > int.MaxValue || days is < int.MinValue or > int.MaxValue)
            IntervalOutOfRange();
        return new Interval((int)months, (int)days, time);
    }

    public static Interval JustifyHours(in Interval iv)
    {
        long days = iv.Days + iv.Micros / Day;
        long time = iv.Micros % Day;
        Borrow(ref days, ref time, Day);
        return Make(iv.Months, days, time);
    }

    public static Interval JustifyDays(in Interval iv)
    {
        long months = iv.Months + iv.Days / 30;
        long days = iv.Days % 30;
        Borrow(ref months, ref days, 30);
        return Make(months, days, iv.Micros);
    }

    public static Interval JustifyInterval(in Interval iv)
    {
        long days = iv.Days + iv.Micros / Day;
        long time = iv.Micros % Day;
        long months = iv.Months + days / 30;
        days %= 30;
        // The month's sign wins over days and time together.
        if (months > 0 && (days < 0 || days == 0 && time < 0))
        {
            days += 30;
            months--;
        }
        else if (months < 0 && (days > 0 || days == 0 && time > 0))
        {
            days -= 30;
            months++;
        }
        Borrow(ref days, ref time, Day);
        return Make(months, days, time);
    }

    static double RoundMicros(double seconds) => Math.Round(seconds * 1e6) / 1e6;

    /// <summary>interval * float8 (interval_mul).</summary>
    public static Interval MulInterval(in Interval iv, double factor)
    {
        double months = iv.Months * factor;
        double days = iv.Days * factor;
        if (double.IsNaN(factor) || months is < int.MinValue or > int.MaxValue || days is < int.MinValue or > int.MaxValue)
            IntervalOutOfRange();
        return Spill(months, days, iv.Micros * factor, false);
    }

    /// <summary>interval / float8 (interval_div).</summary>
    public static Interval DivInterval(in Interval iv, double divisor)
    {
        if (divisor == 0)
            Throw.Error(SqlState.DivisionByZero, "division by zero");
        double months = iv.Months / divisor;
        double days = iv.Days / divisor;
        if (double.IsNaN(divisor) || months is < int.MinValue or > int.MaxValue || days is < int.MinValue or > int.MaxValue)
            IntervalOutOfRange();
        return Spill(months, days, iv.Micros / divisor, true);
    }

    // Whole months and days stay; the fraction of a month becomes days (30 each), fractions of days seconds.
    static Interval Spill(double months, double days, double micros, bool roundMonthDays)
    {
        int m = (int)months;
        int d = (int)days;
        double monthDays = (months - m) * 30;
        if (roundMonthDays)
            monthDays = RoundMicros(monthDays);
        double secs = RoundMicros((days - d + monthDays - (int)monthDays) * 86400);
        if (Math.Abs(secs) >= 86400)
        {
            d += (int)(secs / 86400);
            secs -= (int)(secs / 86400) * 86400.0;
        }
        d += (int)monthDays;
        double t = Math.Round(micros + secs * 1e6, MidpointRounding.ToEven);
        if (double.IsNaN(t) || t < -9.2233720368547758E18 || t >= 9.2233720368547758E18)
            IntervalOutOfRange();
        return new Interval(m, d, (long)t);
    }

    // ---- age -----------------------------------------------------------------------------------------------

    /// <summary>age(a, b): symbolic years, months and days between two local timestamps.</summary>
    public static Interval Age(long a, long b)
    {
        if (!PgCalendar.IsFinite(a) || !PgCalendar.IsFinite(b))
            Throw.Error(SqlState.DatetimeFieldOverflow, "timestamp out of range");
        var f1 = PgCalendar.Split(a);
        var f2 = PgCalendar.Split(b);
        bool swap = a < b;
        long usec = f1.Micro - f2.Micro;
        long sec = f1.Second - f2.Second;
        long min = f1.Minute - f2.Minute;
        long hour = f1.Hour - f2.Hour;
        long mday = f1.Day - f2.Day;
        long mon = f1.Month - f2.Month;
        long year = f1.Year - f2.Year;
        if (swap)
        {
            usec = -usec;
            sec = -sec;
            min = -min;
            hour = -hour;
            mday = -mday;
            mon = -mon;
            year = -year;
        }
        while (usec < 0)
        {
            usec += 1_000_000;
            sec--;
        }
        while (sec < 0)
        {
            sec += 60;
            min--;
        }
        while (min < 0)
        {
            min += 60;
            hour--;
        }
        while (hour < 0)
        {
            hour += 24;
            mday--;
        }
        while (mday < 0)
        {
            var f = swap ? f1 : f2;
            mday += PgCalendar.DaysInMonth(f.Year, f.Month);
            mon--;
        }
        while (mon < 0)
        {
            mon += 12;
            year--;
        }
        long time = ((hour * 60 + min) * 60 + sec) * 1_000_000 + usec;
        long months = year * 12 + mon;
        if (swap)
        {
            time = -time;
            months = -months;
            mday = -mday;
        }
        if (months is < int.MinValue or > int.MaxValue)
            IntervalOutOfRange();
        return new Interval((int)months, (int)mday, time);
    }
}
