// Running state of one aggregate (transition function + final function of count/sum/avg/max/min).
// Sums of integers use decimal so int8 sums do not overflow (PG uses numeric for them too).
using Tusk.Common.Types;
using Tusk.Executor.Functions;

namespace Tusk.Executor.Expr;

/// <summary>Accumulator of one <see cref="AggSpec"/>.</summary>
internal sealed class AggState(AggSpec spec)
{
    long _count;
    decimal _decSum;
    double _dblSum;
    Datum _best;
    bool _any;
    readonly HashSet<Datum>? _seen = spec.Distinct ? new HashSet<Datum>(DatumEquality.Instance) : null;

    public void Add(in Datum v)
    {
        if (spec.Kind == AggKind.CountStar)
        {
            _count++;
            return;
        }
        if (v.IsNull)
            return;
        if (_seen != null && !_seen.Add(v))
            return;
        _count++;
        switch (spec.Kind)
        {
            case AggKind.Max:
            case AggKind.Min:
                if (!_any || (spec.Kind == AggKind.Max ? DatumOrder.Compare(v, _best) > 0
                        : DatumOrder.Compare(v, _best) < 0))
                    _best = v;
                break;
            case AggKind.Sum:
            case AggKind.Avg:
                if (v.Type is TypeOid.Float4 or TypeOid.Float8)
                    _dblSum += v.Float;
                else
                    _decSum = Numerics.Add(_decSum, v.Type == TypeOid.Numeric ? v.Numeric : v.Int);
                break;
        }
        _any = true;
    }

    public Datum Result()
    {
        uint t = spec.ResultType;
        switch (spec.Kind)
        {
            case AggKind.CountStar:
            case AggKind.Count:
                return Datum.FromInt8(_count);
            case AggKind.Max:
            case AggKind.Min:
                return _any ? _best : Datum.Null(t);
        }
        if (!_any)
            return Datum.Null(t);
        if (spec.Kind == AggKind.Sum)
        {
            return t switch
            {
                TypeOid.Int8 => Casts.MakeInt(decimal.ToInt64(_decSum), TypeOid.Int8),
                TypeOid.Float4 => Datum.FromFloat4((float)_dblSum),
                TypeOid.Float8 => Datum.FromFloat8(_dblSum),
                _ => Datum.FromNumeric(_decSum),
            };
        }
        return t == TypeOid.Float8 ? Datum.FromFloat8(_dblSum / _count)
            : Datum.FromNumeric(Numerics.Div(_decSum, _count));
    }
}
