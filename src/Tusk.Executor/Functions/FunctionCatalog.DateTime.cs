// Date/time operators and functions: arithmetic among date, time, timetz, timestamp, timestamptz and interval,
// their comparisons, EXTRACT/date_part/date_trunc, age, make_*, justify_*, isfinite, date_bin, AT TIME ZONE
// (timezone), to_char / to_timestamp / to_date. timestamptz work that needs local time uses the session zone.
// Entry points: RegisterDateTimeOperators, RegisterDateTimeFunctions (called from the catalog's constructor).
using Tusk.Common.Errors;
using Tusk.Common.Types;
using Tusk.Executor.Expr;

namespace Tusk.Executor.Functions;

internal static partial class FunctionCatalog
{
    const uint D = TypeOid.Date, Tm = TypeOid.Time, Ttz = TypeOid.TimeTz;
    const uint Ts = TypeOid.Timestamp, Tsz = TypeOid.TimestampTz, Iv = TypeOid.Interval;

    static PgZone Zone(EvalContext c) => c.Session.Output.Zone;

    static Datum DateAdd(long date, long days)
    {
        if (!PgCalendar.IsFiniteDate((int)date))
            return Datum.FromDate((int)date);
        return Datum.FromDate(DateTimeOps.CheckDate(date + days));
    }

    static Datum TimeAdd(long t, long micros) =>
        Datum.FromTime(((t + micros) % PgCalendar.MicrosPerDay + PgCalendar.MicrosPerDay) % PgCalendar.MicrosPerDay);

    static void RegisterDateTimeOperators()
    {
        foreach (uint t in new[] { D, Tm, Ttz, Iv })
            RegisterComparisons(t, t);

        Op("+", D, TypeOid.Int4, D, static (a, _) => DateAdd(a[0].Int, a[1].Int));
        Op("+", TypeOid.Int4, D, D, static (a, _) => DateAdd(a[1].Int, a[0].Int));
        Op("-", D, TypeOid.Int4, D, static (a, _) => DateAdd(a[0].Int, -a[1].Int));
        Op("-", D, D, TypeOid.Int4, static (a, _) =>
        {
            if (!PgCalendar.IsFiniteDate((int)a[0].Int) || !PgCalendar.IsFiniteDate((int)a[1].Int))
                Throw.Error(SqlState.DatetimeFieldOverflow, "cannot subtract infinite dates");
            return Datum.FromInt4((int)(a[0].Int - a[1].Int));
        });
        Op("+", D, Tm, Ts, static (a, _) => DatePlusTime(a[0].Int, a[1].Int));
        Op("+", Tm, D, Ts, static (a, _) => DatePlusTime(a[1].Int, a[0].Int));
        Op("+", D, Ttz, Tsz, static (a, _) => DateTimeTz(a[0].Int, a[1]));
        Op("+", Ttz, D, Tsz, static (a, _) => DateTimeTz(a[1].Int, a[0]));
        Op("+", D, Iv, Ts, static (a, _) =>
            Datum.FromTimestamp(DateTimeOps.AddInterval(DateTimeOps.DateToTimestamp((int)a[0].Int), a[1].Interval, null)));
        Op("+", Iv, D, Ts, static (a, _) =>
            Datum.FromTimestamp(DateTimeOps.AddInterval(DateTimeOps.DateToTimestamp((int)a[1].Int), a[0].Interval, null)));
        Op("-", D, Iv, Ts, static (a, _) => Datum.FromTimestamp(DateTimeOps.AddInterval(
            DateTimeOps.DateToTimestamp((int)a[0].Int), DateTimeOps.Negate(a[1].Interval), null)));

        Op("+", Ts, Iv, Ts, static (a, _) => Datum.FromTimestamp(DateTimeOps.AddInterval(a[0].Int, a[1].Interval, null)));
        Op("+", Iv, Ts, Ts, static (a, _) => Datum.FromTimestamp(DateTimeOps.AddInterval(a[1].Int, a[0].Interval, null)));
        Op("-", Ts, Iv, Ts, static (a, _) =>
            Datum.FromTimestamp(DateTimeOps.AddInterval(a[0].Int, DateTimeOps.Negate(a[1].Interval), null)));
        Op("-", Ts, Ts, Iv, static (a, _) => Datum.FromInterval(DateTimeOps.SubtractTimestamps(a[0].Int, a[1].Int)));
        Op("+", Tsz, Iv, Tsz, static (a, c) =>
            Datum.FromTimestampTz(DateTimeOps.AddInterval(a[0].Int, a[1].Interval, Zone(c))));
        Op("+", Iv, Tsz, Tsz, static (a, c) =>
            Datum.FromTimestampTz(DateTimeOps.AddInterval(a[1].Int, a[0].Interval, Zone(c))));
        Op("-", Tsz, Iv, Tsz, static (a, c) =>
            Datum.FromTimestampTz(DateTimeOps.AddInterval(a[0].Int, DateTimeOps.Negate(a[1].Interval), Zone(c))));
        Op("-", Tsz, Tsz, Iv, static (a, _) => Datum.FromInterval(DateTimeOps.SubtractTimestamps(a[0].Int, a[1].Int)));

        Op("+", Tm, Iv, Tm, static (a, _) => TimeAdd(a[0].Int, a[1].Interval.Micros));
        Op("+", Iv, Tm, Tm, static (a, _) => TimeAdd(a[1].Int, a[0].Interval.Micros));
        Op("-", Tm, Iv, Tm, static (a, _) => TimeAdd(a[0].Int, -a[1].Interval.Micros));
        Op("-", Tm, Tm, Iv, static (a, _) => Datum.FromInterval(new Interval(0, 0, a[0].Int - a[1].Int)));
        Op("+", Ttz, Iv, Ttz, static (a, _) =>
            Datum.FromTimeTz(TimeAdd(a[0].Int, a[1].Interval.Micros).Int, a[0].ZoneOffset));
        Op("-", Ttz, Iv, Ttz, static (a, _) =>
            Datum.FromTimeTz(TimeAdd(a[0].Int, -a[1].Interval.Micros).Int, a[0].ZoneOffset));

        Op("+", Iv, Iv, Iv, static (a, _) => Datum.FromInterval(DateTimeOps.AddIntervals(a[0].Interval, a[1].Interval)));
        Op("-", Iv, Iv, Iv, static (a, _) =>
            Datum.FromInterval(DateTimeOps.AddIntervals(a[0].Interval, DateTimeOps.Negate(a[1].Interval))));
        Op("*", Iv, TypeOid.Float8, Iv, static (a, _) => Datum.FromInterval(DateTimeOps.MulInterval(a[0].Interval, a[1].Float)));
        Op("*", TypeOid.Float8, Iv, Iv, static (a, _) => Datum.FromInterval(DateTimeOps.MulInterval(a[1].Interval, a[0].Float)));
        Op("/", Iv, TypeOid.Float8, Iv, static (a, _) => Datum.FromInterval(DateTimeOps.DivInterval(a[0].Interval, a[1].Float)));
        Add(PrefixOps, new Builtin("-", [Iv], Iv, static (a, _) => Datum.FromInterval(DateTimeOps.Negate(a[0].Interval))));
        Add(PrefixOps, new Builtin("+", [Iv], Iv, static (a, _) => a[0]));
    }

    static Datum DatePlusTime(long date, long time) =>
        Datum.FromTimestamp(DateTimeOps.CheckTimestamp(DateTimeOps.DateToTimestamp((int)date) + time));

    static Datum DateTimeTz(long date, in Datum timetz) => Datum.FromTimestampTz(DateTimeOps.CheckTimestamp(
        DateTimeOps.DateToTimestamp((int)date) + timetz.Int - timetz.ZoneOffset * PgCalendar.MicrosPerSecond));

    static PgZone ZoneArg(in Datum zone)
    {
        if (zone.Type == Iv)
        {
            var iv = zone.Interval;
            if (iv.Months != 0 || iv.Days != 0)
                Throw.Error(SqlState.InvalidParameterValue,
                    $"interval time zone \"{TypeIO.ToText(zone, OutputContext.Default)}\" must not include months or days");
            return new PgZone((int)(iv.Micros / PgCalendar.MicrosPerSecond), null);
        }
        string name = zone.Text;
        if (TimeZones.FindAbbrev(name, out int off))
            return new PgZone(off, name.ToUpperInvariant());
        return TimeZones.FindZone(name)
            ?? Throw.Error<PgZone>(SqlState.InvalidParameterValue, $"time zone \"{name}\" not recognized");
    }

    static Datum ExtractNumeric(Datum[] a, EvalContext c)
    {
        var r = DateTimeFields.Extract(a[0].Text, a[1], Zone(c));
        if (r.Type == TypeOid.Float8)
            Throw.Error(SqlState.FeatureNotSupported, "numeric NaN and infinity are not supported yet");
        return r;
    }

    static Datum DatePart(Datum[] a, EvalContext c)
    {
        var r = DateTimeFields.Extract(a[0].Text, a[1], Zone(c));
        return r.IsNull ? Datum.Null(TypeOid.Float8) : r.Type == TypeOid.Float8 ? r : Datum.FromFloat8(r.Numeric.ToDouble());
    }

    static long MakeTimestamp(Datum[] a)
    {
        long y = a[0].Int;
        long m = a[1].Int;
        long d = a[2].Int;
        if (y == 0 || m is < 1 or > 12 || d < 1 || d > PgCalendar.DaysInMonth((int)(y > 0 ? y : y + 1), (int)m)
            || y is < -4713 or > 294276)
            Throw.Error(SqlState.DatetimeFieldOverflow, $"date field value out of range: {y}-{m:D2}-{d:D2}");
        long t = MakeTime(a[3].Int, a[4].Int, a[5].Float);
        return DateTimeOps.CheckTimestamp(PgCalendar.Join((int)(y > 0 ? y : y + 1), (int)m, (int)d, t));
    }

    static long MakeTime(long h, long m, double sec)
    {
        if (h is < 0 or > 24 || m is < 0 or > 59 || sec < 0 || sec > 60 || double.IsNaN(sec)
            || h * PgCalendar.MicrosPerHour + m * PgCalendar.MicrosPerMinute + sec * 1e6 > PgCalendar.MicrosPerDay)
            Throw.Error(SqlState.DatetimeFieldOverflow, $"time field value out of range: {h:D2}:{m:D2}:{Sec(sec)}");
        return h * PgCalendar.MicrosPerHour + m * PgCalendar.MicrosPerMinute + (long)Math.Round(sec * 1e6);
    }

    static string Sec(double sec) => sec.ToString("00.######", System.Globalization.CultureInfo.InvariantCulture);

    static Datum MakeInterval(Datum[] a)
    {
        long Arg(int i) => i < a.Length ? a[i].Int : 0;
        double secs = a.Length > 6 ? a[6].Float : 0;
        long months = Arg(0) * 12 + Arg(1);
        long days = Arg(2) * 7 + Arg(3);
        double micros = Math.Round((Arg(4) * 3600.0 + Arg(5) * 60.0 + secs) * 1e6);
        if (months is < int.MinValue or > int.MaxValue || days is < int.MinValue or > int.MaxValue
            || double.IsNaN(micros) || Math.Abs(micros) >= 9.2233720368547758E18)
            DateTimeOps.IntervalOutOfRange();
        return Datum.FromInterval(new Interval((int)months, (int)days, (long)micros));
    }

    static Datum DateBin(in Interval stride, long ts, long origin)
    {
        if (!PgCalendar.IsFinite(ts))
            return Datum.FromInt8(ts);
        if (stride.Months != 0)
            Throw.Error(SqlState.FeatureNotSupported, "timestamps cannot be binned into intervals containing months or years");
        long s = stride.Days * PgCalendar.MicrosPerDay + stride.Micros;
        if (s <= 0)
            Throw.Error(SqlState.InvalidParameterValue, "stride must be greater than zero");
        long diff = ts - origin;
        long bins = diff / s;
        if (diff % s < 0)
            bins--;
        return Datum.FromInt8(DateTimeOps.CheckTimestamp(origin + bins * s));
    }

    static void RegisterDateTimeFunctions()
    {
        const uint Text = TypeOid.Text;
        const uint Int4 = TypeOid.Int4;
        const uint F8 = TypeOid.Float8;

        Fn("isfinite", [D], TypeOid.Bool, static (a, _) => Datum.FromBool(PgCalendar.IsFiniteDate((int)a[0].Int)));
        Fn("isfinite", [Ts], TypeOid.Bool, static (a, _) => Datum.FromBool(PgCalendar.IsFinite(a[0].Int)));
        Fn("isfinite", [Tsz], TypeOid.Bool, static (a, _) => Datum.FromBool(PgCalendar.IsFinite(a[0].Int)));
        Fn("isfinite", [Iv], TypeOid.Bool, static (_, _) => Datum.FromBool(true));

        foreach (uint t in new[] { Ts, Tsz, D, Tm, Ttz, Iv })
            Fn("extract", [Text, t], TypeOid.Numeric, ExtractNumeric);
        foreach (uint t in new[] { Ts, Tsz, Tm, Ttz, Iv })
            Fn("date_part", [Text, t], F8, DatePart);
        Fn("date_part", [Text, D], F8, static (a, c) =>
            DatePart([a[0], Datum.FromTimestamp(DateTimeOps.DateToTimestamp((int)a[1].Int))], c));

        Fn("date_trunc", [Text, Ts], Ts, static (a, _) =>
            Datum.FromTimestamp(DateTimeFields.Trunc(a[0].Text, a[1].Int, Ts)));
        Fn("date_trunc", [Text, Tsz], Tsz, static (a, c) => TruncTz(a[0].Text, a[1].Int, Zone(c)));
        Fn("date_trunc", [Text, Tsz, Text], Tsz, static (a, _) => TruncTz(a[0].Text, a[1].Int, ZoneArg(a[2])));
        Fn("date_trunc", [Text, Iv], Iv, static (a, _) =>
            Datum.FromInterval(DateTimeFields.TruncInterval(a[0].Text, a[1].Interval)));

        Fn("age", [Ts, Ts], Iv, static (a, _) => Datum.FromInterval(DateTimeOps.Age(a[0].Int, a[1].Int)));
        Fn("age", [Tsz, Tsz], Iv, static (a, c) => Datum.FromInterval(DateTimeOps.Age(
            DateTimeOps.UtcToLocal(a[0].Int, Zone(c)), DateTimeOps.UtcToLocal(a[1].Int, Zone(c)))));
        Fn("age", [Ts], Iv, static (a, c) => Datum.FromInterval(DateTimeOps.Age(LocalMidnight(c), a[0].Int)));
        Fn("age", [Tsz], Iv, static (a, c) => Datum.FromInterval(DateTimeOps.Age(LocalMidnight(c),
            DateTimeOps.UtcToLocal(a[0].Int, Zone(c)))));

        Fn("make_date", [Int4, Int4, Int4], D, static (a, _) => Datum.FromDate(PgCalendar.DateOf(
            MakeTimestamp([a[0], a[1], a[2], Datum.FromInt4(0), Datum.FromInt4(0), Datum.FromFloat8(0)]))));
        Fn("make_time", [Int4, Int4, F8], Tm, static (a, _) => Datum.FromTime(MakeTime(a[0].Int, a[1].Int, a[2].Float)));
        Fn("make_timestamp", [Int4, Int4, Int4, Int4, Int4, F8], Ts, static (a, _) => Datum.FromTimestamp(MakeTimestamp(a)));
        Fn("make_timestamptz", [Int4, Int4, Int4, Int4, Int4, F8], Tsz, static (a, c) =>
            Datum.FromTimestampTz(DateTimeOps.LocalToUtc(MakeTimestamp(a), Zone(c))));
        Fn("make_timestamptz", [Int4, Int4, Int4, Int4, Int4, F8, Text], Tsz, static (a, _) =>
            Datum.FromTimestampTz(DateTimeOps.LocalToUtc(MakeTimestamp(a), ZoneArg(a[6]))));
        uint[] makeIntervalArgs = [Int4, Int4, Int4, Int4, Int4, Int4, F8];
        for (int n = 0; n <= makeIntervalArgs.Length; n++)
            Fn("make_interval", makeIntervalArgs[..n], Iv, static (a, _) => MakeInterval(a));

        Fn("justify_days", [Iv], Iv, static (a, _) => Datum.FromInterval(DateTimeOps.JustifyDays(a[0].Interval)));
        Fn("justify_hours", [Iv], Iv, static (a, _) => Datum.FromInterval(DateTimeOps.JustifyHours(a[0].Interval)));
        Fn("justify_interval", [Iv], Iv, static (a, _) =>
            Datum.FromInterval(DateTimeOps.JustifyInterval(a[0].Interval)));

        Fn("date_bin", [Iv, Ts, Ts], Ts, static (a, _) =>
            DateBin(a[0].Interval, a[1].Int, a[2].Int).WithType(Ts));
        Fn("date_bin", [Iv, Tsz, Tsz], Tsz, static (a, _) =>
            DateBin(a[0].Interval, a[1].Int, a[2].Int).WithType(Tsz));

        // AT TIME ZONE.
        foreach (uint z in new[] { Text, Iv })
        {
            Fn("timezone", [z, Tsz], Ts, static (a, _) => Datum.FromTimestamp(DateTimeOps.UtcToLocal(a[1].Int, ZoneArg(a[0]))));
            Fn("timezone", [z, Ts], Tsz, static (a, _) => Datum.FromTimestampTz(DateTimeOps.LocalToUtc(a[1].Int, ZoneArg(a[0]))));
            Fn("timezone", [z, Ttz], Ttz, static (a, c) =>
            {
                var zone = ZoneArg(a[0]);
                int off = zone.OffsetAtUtc(c.Session.Output.NowMicros());
                long utc = a[1].Int - a[1].ZoneOffset * PgCalendar.MicrosPerSecond;
                return Datum.FromTimeTz(TimeAdd(utc, off * PgCalendar.MicrosPerSecond).Int, off);
            });
        }

        Fn("to_char", [Ts, Text], Text, static (a, _) =>
            ToCharTs(a[0].Int, a[1].Text, null, null));
        Fn("to_char", [Tsz, Text], Text, static (a, c) =>
        {
            if (!PgCalendar.IsFinite(a[0].Int))
                return Datum.Null(TypeOid.Text);
            var zone = Zone(c);
            int off = zone.OffsetAtUtc(a[0].Int);
            return ToCharTs(a[0].Int + off * PgCalendar.MicrosPerSecond, a[1].Text, zone.Abbrev(a[0].Int), off);
        });
        Fn("to_char", [Iv, Text], Text, static (a, _) =>
            Datum.FromText(DateTimeFormatting.ToCharInterval(a[0].Interval, a[1].Text)));
        // to_char for numbers (NumberFormat): int4, int8, numeric, float4, float8 as in PostgreSQL (int2 widens to int4).
        Fn("to_char", [Int4, Text], Text, static (a, _) => Datum.FromText(NumberFormat.ToChar(a[0].Int, false, a[1].Text)));
        Fn("to_char", [TypeOid.Int8, Text], Text, static (a, _) => Datum.FromText(NumberFormat.ToChar(a[0].Int, true, a[1].Text)));
        Fn("to_char", [TypeOid.Numeric, Text], Text, static (a, _) => Datum.FromText(NumberFormat.ToChar(a[0].Numeric, a[1].Text)));
        Fn("to_char", [TypeOid.Float4, Text], Text, static (a, _) => Datum.FromText(NumberFormat.ToChar(a[0].Float, true, a[1].Text)));
        Fn("to_char", [F8, Text], Text, static (a, _) => Datum.FromText(NumberFormat.ToChar(a[0].Float, false, a[1].Text)));
        Fn("to_timestamp", [F8], Tsz, static (a, _) =>
        {
            double v = a[0].Float;
            if (double.IsNaN(v))
                Throw.Error(SqlState.DatetimeFieldOverflow, "timestamp cannot be NaN");
            if (double.IsInfinity(v))
                return Datum.FromTimestampTz(v > 0 ? PgCalendar.TsPosInfinity : PgCalendar.TsNegInfinity);
            double micros = Math.Round((v - 946_684_800.0) * 1e6);
            if (micros < PgCalendar.MinTimestamp || micros >= PgCalendar.EndTimestamp)
                Throw.Error(SqlState.DatetimeFieldOverflow, $"timestamp out of range: \"{TypeIO.ToText(a[0], OutputContext.Default)}\"");
            return Datum.FromTimestampTz((long)micros);
        });
        Fn("to_timestamp", [Text, Text], Tsz, static (a, c) =>
        {
            var (local, off) = DateTimeFormatting.Parse(a[0].Text, a[1].Text);
            return Datum.FromTimestampTz(off == null ? DateTimeOps.LocalToUtc(DateTimeOps.CheckTimestamp(local), Zone(c))
                : DateTimeOps.CheckTimestamp(local - off.Value * PgCalendar.MicrosPerSecond));
        });
        Fn("to_date", [Text, Text], D, static (a, _) =>
        {
            var (local, _) = DateTimeFormatting.Parse(a[0].Text, a[1].Text);
            return Datum.FromDate(DateTimeOps.CheckDate(PgCalendar.DateOf(local)));
        });
    }

    static Datum ToCharTs(long local, string fmt, string? abbrev, int? offset) => PgCalendar.IsFinite(local)
        ? Datum.FromText(DateTimeFormatting.ToChar(local, fmt, abbrev, offset))
        : Datum.Null(TypeOid.Text);

    static Datum TruncTz(string unit, long ts, PgZone zone)
    {
        if (!PgCalendar.IsFinite(ts))
            return Datum.FromTimestampTz(ts);
        long local = DateTimeFields.Trunc(unit, DateTimeOps.UtcToLocal(ts, zone), Tsz);
        return Datum.FromTimestampTz(DateTimeOps.LocalToUtc(local, zone));
    }

    static long LocalMidnight(EvalContext c)
    {
        long now = c.Session.TransactionStartMicros;
        long local = DateTimeOps.UtcToLocal(now, Zone(c));
        return local - PgCalendar.TimeOf(local);
    }
}
