// Casts among date, time, timetz, timestamp, timestamptz and interval (pg_cast): implicit date -> timestamp(tz),
// timestamp -> timestamptz, time -> interval / timetz; by assignment the narrowing ones (timestamp -> date or
// time, timestamptz -> timestamp, date, time or timetz, interval -> time, timetz -> time). Conversions through
// local time use the session time zone; typmods round fractional seconds half away from zero.
// Entry points: ImplicitDateTime, AssignmentDateTime, TryCastDateTime, RoundDateTime.
using Tusk.Common.Types;

namespace Tusk.Executor.Functions;

internal static partial class Casts
{
    static bool ImplicitDateTime(uint from, uint to) => (from, to) switch
    {
        (TypeOid.Date, TypeOid.Timestamp or TypeOid.TimestampTz) => true,
        (TypeOid.Timestamp, TypeOid.TimestampTz) => true,
        (TypeOid.Time, TypeOid.Interval or TypeOid.TimeTz) => true,
        _ => false,
    };

    static bool AssignmentDateTime(uint from, uint to) => (from, to) switch
    {
        (TypeOid.Timestamp, TypeOid.Date or TypeOid.Time) => true,
        (TypeOid.TimestampTz, TypeOid.Timestamp or TypeOid.Date or TypeOid.Time or TypeOid.TimeTz) => true,
        (TypeOid.Interval or TypeOid.TimeTz, TypeOid.Time) => true,
        _ => false,
    };

    static bool TryCastDateTime(in Datum v, uint to, OutputContext oc, out Datum result)
    {
        var zone = oc.Zone;
        long x = v.Int;
        result = (v.Type, to) switch
        {
            (TypeOid.Date, TypeOid.Timestamp) => Datum.FromTimestamp(DateTimeOps.DateToTimestamp((int)x)),
            (TypeOid.Date, TypeOid.TimestampTz) =>
                Datum.FromTimestampTz(DateTimeOps.LocalToUtc(DateTimeOps.DateToTimestamp((int)x), zone)),
            (TypeOid.Timestamp, TypeOid.TimestampTz) => Datum.FromTimestampTz(DateTimeOps.LocalToUtc(x, zone)),
            (TypeOid.TimestampTz, TypeOid.Timestamp) => Datum.FromTimestamp(DateTimeOps.UtcToLocal(x, zone)),
            (TypeOid.Timestamp, TypeOid.Date) => Datum.FromDate(DateTimeOps.TimestampToDate(x)),
            (TypeOid.TimestampTz, TypeOid.Date) =>
                Datum.FromDate(DateTimeOps.TimestampToDate(DateTimeOps.UtcToLocal(x, zone))),
            (TypeOid.Timestamp, TypeOid.Time) => Datum.FromTime(FiniteTime(x)),
            (TypeOid.TimestampTz, TypeOid.Time) => Datum.FromTime(FiniteTime(DateTimeOps.UtcToLocal(x, zone))),
            (TypeOid.TimestampTz, TypeOid.TimeTz) => PgCalendar.IsFinite(x)
                ? Datum.FromTimeTz(PgCalendar.TimeOf(DateTimeOps.UtcToLocal(x, zone)), zone.OffsetAtUtc(x))
                : Datum.FromTimeTz(FiniteTime(x), 0),
            (TypeOid.Time, TypeOid.Interval) => Datum.FromInterval(new Interval(0, 0, x)),
            (TypeOid.Interval, TypeOid.Time) => Datum.FromTime(
                (v.Interval.Micros % PgCalendar.MicrosPerDay + PgCalendar.MicrosPerDay) % PgCalendar.MicrosPerDay),
            (TypeOid.Time, TypeOid.TimeTz) => Datum.FromTimeTz(x, zone.OffsetAtUtc(oc.NowMicros())),
            (TypeOid.TimeTz, TypeOid.Time) => Datum.FromTime(x),
            _ => default,
        };
        return result.Type != 0;
    }

    static long FiniteTime(long ts)
    {
        if (!PgCalendar.IsFinite(ts))
            DateTimeOps.TimestampOutOfRange();
        return PgCalendar.TimeOf(ts);
    }

    static long RoundMicros(long v, int precision)
    {
        if (precision >= 6)
            return v;
        long unit = 1;
        for (int i = precision; i < 6; i++)
            unit *= 10;
        long half = unit / 2;
        return v >= 0 ? (v + half) / unit * unit : -((-v + half) / unit * unit);
    }

    /// <summary>timestamp(p), time(p), interval(p): rounds to p fractional digits.</summary>
    static Datum RoundDateTime(in Datum v, int typmod)
    {
        int p = typmod & 0xffff;
        switch (v.Type)
        {
            case TypeOid.Interval:
            {
                var iv = v.Interval;
                return Datum.FromInterval(iv with { Micros = RoundMicros(iv.Micros, p) });
            }
            case TypeOid.TimeTz:
                return Datum.FromTimeTz(RoundMicros(v.Int, p), v.ZoneOffset);
            case TypeOid.Time:
                return Datum.FromTime(RoundMicros(v.Int, p));
            default:
                return PgCalendar.IsFinite(v.Int)
                    ? Datum.FromInt8(DateTimeOps.CheckTimestamp(RoundMicros(v.Int, p))).WithType(v.Type)
                    : v;
        }
    }
}
