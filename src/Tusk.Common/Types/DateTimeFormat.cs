// Text output of date, time, timetz, timestamp, timestamptz (per DateStyle) and interval (per IntervalStyle),
// as PostgreSQL's date_out / time_out / timestamp_out / interval_out print them: fractional seconds without
// trailing zeros, BC years with a " BC" suffix, timestamptz in the session zone (a numeric offset in ISO style,
// the zone abbreviation in the others).
// Entry points: DateTimeFormat.Date, Time, TimeTz, Timestamp, TimestampTz, Interval; Fields and month/day names
// shared with to_char.
using System.Globalization;
using System.Text;

namespace Tusk.Common.Types;

/// <summary>Date/time text output.</summary>
public static class DateTimeFormat
{
    public static readonly string[] MonthNames =
        ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
            "November", "December"];

    public static readonly string[] DayNames =
        ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

    static string D2(long v) => v.ToString("D2", CultureInfo.InvariantCulture);

    static string D4(long v) => v.ToString("D4", CultureInfo.InvariantCulture);

    /// <summary>"SS" or "SS.ffffff" with trailing zeros removed.</summary>
    public static void AppendSeconds(StringBuilder sb, long sec, long micro)
    {
        sb.Append(D2(sec));
        if (micro != 0)
            sb.Append('.').Append(micro.ToString("D6", CultureInfo.InvariantCulture).TrimEnd('0'));
    }

    static int DisplayYear(int year) => year > 0 ? year : 1 - year;

    public static string Date(int days, OutputContext ctx)
    {
        if (days == PgCalendar.DatePosInfinity)
            return "infinity";
        if (days == PgCalendar.DateNegInfinity)
            return "-infinity";
        var (y, m, d) = PgCalendar.FromJulian((long)days + PgCalendar.EpochJulian);
        var sb = new StringBuilder(16);
        AppendDate(sb, y, m, d, ctx);
        if (y <= 0)
            sb.Append(" BC");
        return sb.ToString();
    }

    static void AppendDate(StringBuilder sb, int y, int m, int d, OutputContext ctx)
    {
        string year = D4(DisplayYear(y));
        bool dmy = ctx.Order == DateOrder.Dmy;
        switch (ctx.Style)
        {
            case DateStyleKind.Sql:
                sb.Append(dmy ? D2(d) : D2(m)).Append('/').Append(dmy ? D2(m) : D2(d)).Append('/').Append(year);
                break;
            case DateStyleKind.German:
                sb.Append(D2(d)).Append('.').Append(D2(m)).Append('.').Append(year);
                break;
            case DateStyleKind.Postgres:
                sb.Append(dmy ? D2(d) : D2(m)).Append('-').Append(dmy ? D2(m) : D2(d)).Append('-').Append(year);
                break;
            default:
                sb.Append(year).Append('-').Append(D2(m)).Append('-').Append(D2(d));
                break;
        }
    }

    static void AppendTime(StringBuilder sb, long micros)
    {
        long h = micros / PgCalendar.MicrosPerHour;
        long mi = micros / PgCalendar.MicrosPerMinute % 60;
        long s = micros / PgCalendar.MicrosPerSecond % 60;
        sb.Append(D2(h)).Append(':').Append(D2(mi)).Append(':');
        AppendSeconds(sb, s, micros % PgCalendar.MicrosPerSecond);
    }

    public static string Time(long micros)
    {
        var sb = new StringBuilder(16);
        AppendTime(sb, micros);
        return sb.ToString();
    }

    /// <summary>timetz: the time and its zone's offset east of UTC in seconds.</summary>
    public static string TimeTz(long micros, int offsetEast) => Time(micros) + TimeZones.FormatOffset(offsetEast, false);

    public static string Timestamp(long ts, OutputContext ctx) => Format(ts, ctx, null);

    public static string TimestampTz(long ts, OutputContext ctx) => TimestampTz(ts, ctx, ctx.Zone);

    public static string TimestampTz(long ts, OutputContext ctx, PgZone zone)
    {
        if (!PgCalendar.IsFinite(ts))
            return Format(ts, ctx, null);
        int off = zone.OffsetAtUtc(ts);
        return Format(ts + off * PgCalendar.MicrosPerSecond, ctx, (zone, ts, off));
    }

    static string Format(long local, OutputContext ctx, (PgZone Zone, long Utc, int Offset)? tz)
    {
        if (local == PgCalendar.TsPosInfinity)
            return "infinity";
        if (local == PgCalendar.TsNegInfinity)
            return "-infinity";
        var f = PgCalendar.Split(local);
        long time = PgCalendar.TimeOf(local);
        var sb = new StringBuilder(40);
        var style = ctx.Style;
        string? abbrev = tz == null ? null : tz.Value.Zone.Abbrev(tz.Value.Utc);
        if (style == DateStyleKind.Postgres)
        {
            long j = PgCalendar.ToJulian(f.Year, f.Month, f.Day);
            sb.Append(DayNames[PgCalendar.DayOfWeek(j)], 0, 3).Append(' ');
            string mon = MonthNames[f.Month - 1][..3];
            if (ctx.Order == DateOrder.Dmy)
                sb.Append(D2(f.Day)).Append(' ').Append(mon);
            else
                sb.Append(mon).Append(' ').Append(D2(f.Day));
            sb.Append(' ');
            AppendTime(sb, time);
            sb.Append(' ').Append(D4(DisplayYear(f.Year)));
            if (abbrev != null)
                sb.Append(' ').Append(abbrev);
        }
        else
        {
            AppendDate(sb, f.Year, f.Month, f.Day, ctx);
            sb.Append(' ');
            AppendTime(sb, time);
            if (tz != null)
            {
                if (style == DateStyleKind.Iso)
                    sb.Append(TimeZones.FormatOffset(tz.Value.Offset, false));
                else
                    sb.Append(' ').Append(abbrev);
            }
        }
        if (f.Year <= 0)
            sb.Append(" BC");
        return sb.ToString();
    }

    // ---- interval ----------------------------------------------------------------------------------------------

    public static string Interval(in Interval iv, OutputContext ctx) => ctx.IntervalStyle switch
    {
        "postgres_verbose" => IntervalVerbose(iv),
        "sql_standard" => IntervalSql(iv),
        "iso_8601" => IntervalIso(iv),
        _ => IntervalPostgres(iv),
    };

    readonly record struct IvFields(long Year, long Mon, long Day, long Hour, long Min, long Sec, long Micro);

    static IvFields Fields(in Interval iv)
    {
        long t = iv.Micros;
        return new IvFields(iv.Months / 12, iv.Months % 12, iv.Days, t / PgCalendar.MicrosPerHour,
            t / PgCalendar.MicrosPerMinute % 60, t / PgCalendar.MicrosPerSecond % 60, t % PgCalendar.MicrosPerSecond);
    }

    static string IntervalPostgres(in Interval iv)
    {
        var f = Fields(iv);
        var sb = new StringBuilder(40);
        bool before = false;
        bool zero = true;
        void Part(long v, string unit)
        {
            if (v == 0)
                return;
            if (!zero)
                sb.Append(' ');
            sb.Append(before && v > 0 ? "+" : "").Append(v.ToString(CultureInfo.InvariantCulture)).Append(' ')
                .Append(unit).Append(v != 1 ? "s" : "");
            before = v < 0;
            zero = false;
        }
        Part(f.Year, "year");
        Part(f.Mon, "mon");
        Part(f.Day, "day");
        if (zero || f.Hour != 0 || f.Min != 0 || f.Sec != 0 || f.Micro != 0)
        {
            bool minus = f.Hour < 0 || f.Min < 0 || f.Sec < 0 || f.Micro < 0;
            if (!zero)
                sb.Append(' ');
            sb.Append(minus ? "-" : before ? "+" : "").Append(D2(Math.Abs(f.Hour))).Append(':')
                .Append(D2(Math.Abs(f.Min))).Append(':');
            AppendSeconds(sb, Math.Abs(f.Sec), Math.Abs(f.Micro));
        }
        return sb.ToString();
    }

    static string IntervalVerbose(in Interval iv)
    {
        var f = Fields(iv);
        var sb = new StringBuilder("@");
        bool before = false;
        bool zero = true;
        void Part(long v, string unit)
        {
            if (v == 0)
                return;
            if (zero)
            {
                before = v < 0;
                zero = false;
            }
            if (before)
                v = -v;
            sb.Append(' ').Append(v.ToString(CultureInfo.InvariantCulture)).Append(' ').Append(unit)
                .Append(v != 1 ? "s" : "");
        }
        Part(f.Year, "year");
        Part(f.Mon, "mon");
        Part(f.Day, "day");
        Part(f.Hour, "hour");
        Part(f.Min, "min");
        if (f.Sec != 0 || f.Micro != 0)
        {
            if (zero)
            {
                before = f.Sec < 0 || f.Micro < 0;
                zero = false;
            }
            long s = f.Sec;
            long us = f.Micro;
            bool neg = (s < 0 || us < 0) != before;
            sb.Append(' ').Append(neg ? "-" : "");
            sb.Append(Math.Abs(s).ToString(CultureInfo.InvariantCulture));
            if (us != 0)
                sb.Append('.').Append(Math.Abs(us).ToString("D6", CultureInfo.InvariantCulture).TrimEnd('0'));
            sb.Append(Math.Abs(s) == 1 && us == 0 ? " sec" : " secs");
        }
        if (zero)
            sb.Append(" 0");
        if (before)
            sb.Append(" ago");
        return sb.ToString();
    }

    static string IntervalSql(in Interval iv)
    {
        var f = Fields(iv);
        bool neg = f.Year < 0 || f.Mon < 0 || f.Day < 0 || f.Hour < 0 || f.Min < 0 || f.Sec < 0 || f.Micro < 0;
        bool pos = f.Year > 0 || f.Mon > 0 || f.Day > 0 || f.Hour > 0 || f.Min > 0 || f.Sec > 0 || f.Micro > 0;
        bool hasYm = f.Year != 0 || f.Mon != 0;
        bool hasDayTime = f.Day != 0 || f.Hour != 0 || f.Min != 0 || f.Sec != 0 || f.Micro != 0;
        bool standard = !(neg && pos) && !(hasYm && hasDayTime);
        var sb = new StringBuilder(32);
        if (neg && standard)
        {
            sb.Append('-');
            f = new IvFields(-f.Year, -f.Mon, -f.Day, -f.Hour, -f.Min, -f.Sec, -f.Micro);
        }
        string N(long v) => v.ToString(CultureInfo.InvariantCulture);
        if (!neg && !pos)
        {
            sb.Append('0');
        }
        else if (!standard)
        {
            char ys = f.Year < 0 || f.Mon < 0 ? '-' : '+';
            char ds = f.Day < 0 ? '-' : '+';
            char ts = f.Hour < 0 || f.Min < 0 || f.Sec < 0 || f.Micro < 0 ? '-' : '+';
            sb.Append(ys).Append(N(Math.Abs(f.Year))).Append('-').Append(N(Math.Abs(f.Mon))).Append(' ').Append(ds)
                .Append(N(Math.Abs(f.Day))).Append(' ').Append(ts).Append(N(Math.Abs(f.Hour))).Append(':')
                .Append(D2(Math.Abs(f.Min))).Append(':');
            AppendSeconds(sb, Math.Abs(f.Sec), Math.Abs(f.Micro));
        }
        else if (hasYm)
        {
            sb.Append(N(f.Year)).Append('-').Append(N(f.Mon));
        }
        else
        {
            if (f.Day != 0)
                sb.Append(N(f.Day)).Append(' ');
            sb.Append(N(f.Hour)).Append(':').Append(D2(f.Min)).Append(':');
            AppendSeconds(sb, f.Sec, f.Micro);
        }
        return sb.ToString();
    }

    static string IntervalIso(in Interval iv)
    {
        var f = Fields(iv);
        if (iv.Months == 0 && iv.Days == 0 && iv.Micros == 0)
            return "PT0S";
        var sb = new StringBuilder("P");
        void Part(long v, char unit)
        {
            if (v != 0)
                sb.Append(v.ToString(CultureInfo.InvariantCulture)).Append(unit);
        }
        Part(f.Year, 'Y');
        Part(f.Mon, 'M');
        Part(f.Day, 'D');
        if (f.Hour != 0 || f.Min != 0 || f.Sec != 0 || f.Micro != 0)
        {
            sb.Append('T');
            Part(f.Hour, 'H');
            Part(f.Min, 'M');
            if (f.Sec != 0 || f.Micro != 0)
            {
                if (f.Sec < 0 || f.Micro < 0)
                    sb.Append('-');
                sb.Append(Math.Abs(f.Sec).ToString(CultureInfo.InvariantCulture));
                if (f.Micro != 0)
                    sb.Append('.').Append(Math.Abs(f.Micro).ToString("D6", CultureInfo.InvariantCulture).TrimEnd('0'));
                sb.Append('S');
            }
        }
        return sb.ToString();
    }
}
