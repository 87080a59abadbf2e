// Field access on date/time values: EXTRACT (numeric, PostgreSQL 15), date_part (double precision) and
// date_trunc, with PostgreSQL's unit names and abbreviations. timestamptz fields are read in a time zone's local
// time (the session's unless given); BC years are negative (44 BC is -44) and century/millennium/decade follow
// PostgreSQL's rules around year 0. Errors: 22023 unit not recognized, 0A000 unit not supported for the type.
// Entry points: DateTimeFields.Extract, Trunc, TruncInterval, IsoWeek.
using Tusk.Common.Errors;
using Tusk.Common.Types;

namespace Tusk.Executor.Functions;

/// <summary>EXTRACT, date_part and date_trunc.</summary>
internal static class DateTimeFields
{
    /// <summary>A unit for EXTRACT; with <paramref name="truncating"/> only the interval-style units.</summary>
    public static DateUnit ParseUnit(string text, uint type, bool truncating = false)
    {
        string u = text.ToLowerInvariant().Trim();
        return DateUnits.TryParse(u, out var unit)
            && !(truncating && unit is DateUnit.Epoch or DateUnit.Dow or DateUnit.Doy or DateUnit.IsoDow
                or DateUnit.IsoYear or DateUnit.Julian)
            ? unit
            : Throw.Error<DateUnit>(SqlState.InvalidParameterValue,
                $"unit \"{u}\" not recognized for type {TypeNames.Display(type)}");
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    static void NotSupported(DateUnit unit, uint type, string text) =>
        Throw.Error(SqlState.FeatureNotSupported,
            $"unit \"{text.ToLowerInvariant().Trim()}\" not supported for type {TypeNames.Display(type)}");

    static decimal Scaled(long value, int scale)
    {
        ulong abs = value < 0 ? (ulong)-value : (ulong)value;
        return new decimal((int)(uint)abs, (int)(uint)(abs >> 32), 0, value < 0, (byte)scale);
    }

    static int DisplayYear(int y) => y > 0 ? y : y - 1;

    /// <summary>1 = Monday ... 7 = Sunday.</summary>
    static int IsoDow(long julian)
    {
        int d = PgCalendar.DayOfWeek(julian);
        return d == 0 ? 7 : d;
    }

    /// <summary>ISO 8601 week-numbering year and week of a Julian day.</summary>
    public static (int Year, int Week) IsoWeek(long julian)
    {
        long thursday = julian - IsoDow(julian) + 4;
        var (y, _, _) = PgCalendar.FromJulian(thursday);
        long jan1 = PgCalendar.ToJulian(y, 1, 1);
        return (y, (int)((thursday - jan1) / 7 + 1));
    }

    /// <summary>EXTRACT(unit FROM value) as numeric; date_part converts the result to double.</summary>
    public static Datum Extract(string text, in Datum v, PgZone zone)
    {
        uint type = v.Type;
        var unit = ParseUnit(text, type);
        switch (type)
        {
            case TypeOid.Interval:
                return ExtractInterval(unit, v.Interval, text);
            case TypeOid.Time:
            case TypeOid.TimeTz:
            {
                long t = v.Int;
                switch (unit)
                {
                    case DateUnit.Timezone when type == TypeOid.TimeTz:
                        return Num(v.ZoneOffset);
                    case DateUnit.TimezoneHour when type == TypeOid.TimeTz:
                        return Num(v.ZoneOffset / 3600);
                    case DateUnit.TimezoneMinute when type == TypeOid.TimeTz:
                        return Num(v.ZoneOffset / 60 % 60);
                    case DateUnit.Epoch:
                        return Datum.FromNumeric(Scaled(type == TypeOid.TimeTz
                            ? t - v.ZoneOffset * PgCalendar.MicrosPerSecond : t, 6));
                    case DateUnit.Microsecond or DateUnit.Millisecond or DateUnit.Second or DateUnit.Minute or DateUnit.Hour:
                        return TimeUnit(unit, t);
                    default:
                        NotSupported(unit, type, text);
                        return default;
                }
            }
            case TypeOid.Date:
            {
                int d = (int)v.Int;
                if (!PgCalendar.IsFiniteDate(d))
                    return InfiniteField(unit, d > 0, type, text, dateOnly: true);
                if (unit is DateUnit.Microsecond or DateUnit.Millisecond or DateUnit.Second or DateUnit.Minute or DateUnit.Hour
                    or DateUnit.Timezone or DateUnit.TimezoneHour or DateUnit.TimezoneMinute)
                    NotSupported(unit, type, text);
                if (unit == DateUnit.Epoch)
                    return Num(((long)d + PgCalendar.EpochJulian - PgCalendar.UnixEpochJulian) * 86400);
                if (unit == DateUnit.Julian)
                    return Num((long)d + PgCalendar.EpochJulian);
                return DateField(unit, (long)d * PgCalendar.MicrosPerDay, type, text);
            }
            default:
            {
                long ts = v.Int;
                bool tz = type == TypeOid.TimestampTz;
                if (!PgCalendar.IsFinite(ts))
                    return InfiniteField(unit, ts > 0, type, text, dateOnly: false);
                int offset = tz ? zone.OffsetAtUtc(ts) : 0;
                long local = ts + offset * PgCalendar.MicrosPerSecond;
                switch (unit)
                {
                    case DateUnit.Epoch:
                    {
                        long unixMicros = ts - (long)(PgCalendar.UnixEpochJulian - PgCalendar.EpochJulian)
                            * PgCalendar.MicrosPerDay;
                        return Datum.FromNumeric(Scaled(unixMicros, 6));
                    }
                    case DateUnit.Timezone when tz:
                        return Num(offset);
                    case DateUnit.TimezoneHour when tz:
                        return Num(offset / 3600);
                    case DateUnit.TimezoneMinute when tz:
                        return Num(offset / 60 % 60);
                    case DateUnit.Timezone or DateUnit.TimezoneHour or DateUnit.TimezoneMinute:
                        NotSupported(unit, type, text);
                        return default;
                    case DateUnit.Julian:
                    {
                        long days = PgCalendar.DateOf(local);
                        decimal frac = PgCalendar.TimeOf(local) / (decimal)PgCalendar.MicrosPerDay;
                        return Datum.FromNumeric(decimal.Round(days + PgCalendar.EpochJulian + frac, 20));
                    }
                    case DateUnit.Microsecond or DateUnit.Millisecond or DateUnit.Second or DateUnit.Minute or DateUnit.Hour:
                        return TimeUnit(unit, PgCalendar.TimeOf(local));
                    default:
                        return DateField(unit, local, type, text);
                }
            }
        }
    }

    static Datum Num(long v) => Datum.FromNumeric(v);

    static Datum TimeUnit(DateUnit unit, long t)
    {
        long secMicros = t % PgCalendar.MicrosPerMinute;
        return unit switch
        {
            DateUnit.Microsecond => Num(secMicros),
            DateUnit.Millisecond => Datum.FromNumeric(Scaled(secMicros, 3)),
            DateUnit.Second => Datum.FromNumeric(Scaled(secMicros, 6)),
            DateUnit.Minute => Num(t / PgCalendar.MicrosPerMinute % 60),
            _ => Num(t / PgCalendar.MicrosPerHour),
        };
    }

    static Datum DateField(DateUnit unit, long local, uint type, string text)
    {
        var f = PgCalendar.Split(local);
        long j = PgCalendar.ToJulian(f.Year, f.Month, f.Day);
        int y = DisplayYear(f.Year);
        switch (unit)
        {
            case DateUnit.Day:
                return Num(f.Day);
            case DateUnit.Month:
                return Num(f.Month);
            case DateUnit.Quarter:
                return Num((f.Month - 1) / 3 + 1);
            case DateUnit.Year:
                return Num(y);
            case DateUnit.Decade:
                return Num(y >= 0 ? y / 10 : -((8 - (y - 1)) / 10));
            case DateUnit.Century:
                return Num(y > 0 ? (y + 99) / 100 : -((99 - (y - 1)) / 100));
            case DateUnit.Millennium:
                return Num(y > 0 ? (y + 999) / 1000 : -((999 - (y - 1)) / 1000));
            case DateUnit.Week:
                return Num(IsoWeek(j).Week);
            case DateUnit.IsoYear:
            {
                int iy = IsoWeek(j).Year;
                return Num(iy > 0 ? iy : iy - 1);
            }
            case DateUnit.Dow:
                return Num(PgCalendar.DayOfWeek(j));
            case DateUnit.IsoDow:
                return Num(IsoDow(j));
            case DateUnit.Doy:
                return Num(j - PgCalendar.ToJulian(f.Year, 1, 1) + 1);
            default:
                NotSupported(unit, type, text);
                return default;
        }
    }

    // Infinite inputs: monotonic fields are +-Infinity (NULL here: numeric has no infinity yet), others NULL.
    static Datum InfiniteField(DateUnit unit, bool positive, uint type, string text, bool dateOnly)
    {
        if (dateOnly && unit is DateUnit.Microsecond or DateUnit.Millisecond or DateUnit.Second or DateUnit.Minute or DateUnit.Hour)
            NotSupported(unit, type, text);
        if (unit is DateUnit.Year or DateUnit.Decade or DateUnit.Century or DateUnit.Millennium or DateUnit.Epoch or DateUnit.Julian
            or DateUnit.IsoYear)
            return Datum.FromFloat8(positive ? double.PositiveInfinity : double.NegativeInfinity);
        return Datum.Null(TypeOid.Numeric);
    }

    static Datum ExtractInterval(DateUnit unit, in Interval iv, string text)
    {
        long t = iv.Micros;
        long years = iv.Months / 12;
        switch (unit)
        {
            case DateUnit.Microsecond or DateUnit.Millisecond or DateUnit.Second or DateUnit.Minute:
                return TimeUnit(unit, t);
            case DateUnit.Hour:
                return Num(t / PgCalendar.MicrosPerHour);
            case DateUnit.Day:
                return Num(iv.Days);
            case DateUnit.Month:
                return Num(iv.Months % 12);
            case DateUnit.Quarter:
                return Num(iv.Months % 12 / 3 + 1);
            case DateUnit.Year:
                return Num(years);
            case DateUnit.Decade:
                return Num(years / 10);
            case DateUnit.Century:
                return Num(years / 100);
            case DateUnit.Millennium:
                return Num(years / 1000);
            case DateUnit.Epoch:
            {
                // A year is 365.25 days, a remaining month 30 days.
                decimal secs = years * 31_557_600m + iv.Months % 12 * 2_592_000m + iv.Days * 86_400m;
                return Datum.FromNumeric(NumericValue.FromDecimal(secs + t / 1_000_000m).Round(6));
            }
            default:
                NotSupported(unit, TypeOid.Interval, text);
                return default;
        }
    }

    // ---- date_trunc ----------------------------------------------------------------------------------------

    /// <summary>date_trunc on a local timestamp.</summary>
    public static long Trunc(string text, long local, uint type)
    {
        var unit = ParseUnit(text, type, truncating: true);
        if (!PgCalendar.IsFinite(local))
            return local;
        var f = PgCalendar.Split(local);
        int y = DisplayYear(f.Year);
        long time = PgCalendar.TimeOf(local);
        long day0 = local - time;
        switch (unit)
        {
            case DateUnit.Microsecond:
                return local;
            case DateUnit.Millisecond:
                return day0 + time / 1000 * 1000;
            case DateUnit.Second:
                return day0 + time / PgCalendar.MicrosPerSecond * PgCalendar.MicrosPerSecond;
            case DateUnit.Minute:
                return day0 + time / PgCalendar.MicrosPerMinute * PgCalendar.MicrosPerMinute;
            case DateUnit.Hour:
                return day0 + time / PgCalendar.MicrosPerHour * PgCalendar.MicrosPerHour;
            case DateUnit.Day:
                return day0;
            case DateUnit.Week:
            {
                long j = PgCalendar.ToJulian(f.Year, f.Month, f.Day);
                return day0 - (IsoDow(j) - 1) * PgCalendar.MicrosPerDay;
            }
            case DateUnit.Month:
                return PgCalendar.Join(f.Year, f.Month, 1, 0);
            case DateUnit.Quarter:
                return PgCalendar.Join(f.Year, (f.Month - 1) / 3 * 3 + 1, 1, 0);
            case DateUnit.Year:
                return PgCalendar.Join(f.Year, 1, 1, 0);
            case DateUnit.Decade:
                return YearStart(y > 0 ? y / 10 * 10 : -((8 - (y - 1)) / 10) * 10);
            case DateUnit.Century:
                return YearStart(y > 0 ? (y + 99) / 100 * 100 - 99 : -((99 - (y - 1)) / 100) * 100 + 1);
            case DateUnit.Millennium:
                return YearStart(y > 0 ? (y + 999) / 1000 * 1000 - 999 : -((999 - (y - 1)) / 1000) * 1000 + 1);
            default:
                NotSupported(unit, type, text);
                return 0;
        }
    }

    static long YearStart(int displayYear) => PgCalendar.Join(displayYear > 0 ? displayYear : displayYear + 1, 1, 1, 0);

    /// <summary>date_trunc on an interval: clears the fields below the unit.</summary>
    public static Interval TruncInterval(string text, in Interval iv)
    {
        var unit = ParseUnit(text, TypeOid.Interval, truncating: true);
        long t = iv.Micros;
        int years = iv.Months / 12;
        return unit switch
        {
            DateUnit.Microsecond => iv,
            DateUnit.Millisecond => iv with { Micros = t / 1000 * 1000 },
            DateUnit.Second => iv with { Micros = t / PgCalendar.MicrosPerSecond * PgCalendar.MicrosPerSecond },
            DateUnit.Minute => iv with { Micros = t / PgCalendar.MicrosPerMinute * PgCalendar.MicrosPerMinute },
            DateUnit.Hour => iv with { Micros = t / PgCalendar.MicrosPerHour * PgCalendar.MicrosPerHour },
            DateUnit.Day => iv with { Micros = 0 },
            DateUnit.Month => new Interval(iv.Months, 0, 0),
            DateUnit.Quarter => new Interval(years * 12 + iv.Months % 12 / 3 * 3, 0, 0),
            DateUnit.Year => new Interval(years * 12, 0, 0),
            DateUnit.Decade => new Interval(years / 10 * 120, 0, 0),
            DateUnit.Century => new Interval(years / 100 * 1200, 0, 0),
            DateUnit.Millennium => new Interval(years / 1000 * 12000, 0, 0),
            _ => Throw.Error<Interval>(SqlState.FeatureNotSupported,
                $"unit \"{text.ToLowerInvariant()}\" not supported for type interval"),
        };
    }
}
