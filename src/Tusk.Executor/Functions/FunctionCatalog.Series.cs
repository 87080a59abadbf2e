// generate_series over integers, bigints, numerics and timestamps, registered as set-returning Builtins
// (FunctionCatalog.SetFunctions.cs) with PostgreSQL's errors: 22023 "step size cannot equal zero", NaN and
// infinite bounds for numeric. Integer series stop before overflowing.
using Tusk.Common.Errors;
using Tusk.Common.Types;
using Tusk.Executor.Expr;

namespace Tusk.Executor.Functions;

internal static partial class FunctionCatalog
{
    static void RegisterSeries()
    {
        Series(TypeOid.Int4);
        Series(TypeOid.Int8);
        SeriesFn([TypeOid.Numeric, TypeOid.Numeric], TypeOid.Numeric, NumericSeries);
        SeriesFn([TypeOid.Numeric, TypeOid.Numeric, TypeOid.Numeric], TypeOid.Numeric, NumericSeries);
        SeriesFn([TypeOid.Timestamp, TypeOid.Timestamp, TypeOid.Interval], TypeOid.Timestamp,
            (a, c) => TimestampSeries(a, c, null));
        SeriesFn([TypeOid.TimestampTz, TypeOid.TimestampTz, TypeOid.Interval], TypeOid.TimestampTz,
            (a, c) => TimestampSeries(a, c, c.Session.Output.Zone));
    }

    static void SeriesFn(uint[] args, uint result, SetFn rows) =>
        AddSetFunction(new Builtin("generate_series", args, result, SetOnly("generate_series")), rows);

    static void Series(uint type)
    {
        IEnumerable<Datum[]> Run(Datum[] a, EvalContext c)
        {
            long start = a[0].Int;
            long stop = a[1].Int;
            long step = a.Length > 2 ? a[2].Int : 1;
            if (step == 0)
                Throw.Error(SqlState.InvalidParameterValue, "step size cannot equal zero");
            for (long v = start; step > 0 ? v <= stop : v >= stop;)
            {
                yield return [type == TypeOid.Int4 ? Datum.FromInt4((int)v) : Datum.FromInt8(v)];
                c.Session.CheckForInterrupts();
                long next;
                try
                {
                    next = checked(v + step);
                }
                catch (OverflowException)
                {
                    yield break;
                }
                if (type == TypeOid.Int4 && next is > int.MaxValue or < int.MinValue)
                    yield break;
                v = next;
            }
        }
        SeriesFn([type, type], type, Run);
        SeriesFn([type, type, type], type, Run);
    }

    static IEnumerable<Datum[]> NumericSeries(Datum[] a, EvalContext c)
    {
        var start = a[0].Numeric;
        var stop = a[1].Numeric;
        var step = a.Length > 2 ? a[2].Numeric : NumericValue.FromInt64(1);
        if (start.IsNaN || stop.IsNaN || step.IsNaN)
            Throw.Error(SqlState.InvalidParameterValue,
                $"{(start.IsNaN ? "start" : stop.IsNaN ? "stop" : "step size")} value cannot be NaN");
        if (start.IsInfinity || stop.IsInfinity || step.IsInfinity)
            Throw.Error(SqlState.InvalidParameterValue,
                $"{(start.IsInfinity ? "start" : stop.IsInfinity ? "stop" : "step size")} value cannot be infinity");
        if (step.IsZero)
            Throw.Error(SqlState.InvalidParameterValue, "step size cannot equal zero");
        bool up = !step.IsNegative;
        for (var v = start; up ? v.CompareTo(stop) <= 0 : v.CompareTo(stop) >= 0; v = NumericValue.Add(v, step))
        {
            yield return [Datum.FromNumeric(v)];
            c.Session.CheckForInterrupts();
        }
    }

    static IEnumerable<Datum[]> TimestampSeries(Datum[] a, EvalContext c, PgZone? zone)
    {
        long start = a[0].Int;
        long stop = a[1].Int;
        var step = a[2].Interval;
        long probe = DateTimeOps.AddInterval(start, step, zone);
        if (probe == start)
            Throw.Error(SqlState.InvalidParameterValue, "step size cannot equal zero");
        bool up = probe > start;
        uint type = a[0].Type;
        for (long v = start; up ? v <= stop : v >= stop; v = DateTimeOps.AddInterval(v, step, zone))
        {
            yield return [type == TypeOid.Timestamp ? Datum.FromTimestamp(v) : Datum.FromTimestampTz(v)];
            c.Session.CheckForInterrupts();
        }
    }
}
