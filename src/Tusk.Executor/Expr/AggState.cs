// Running state of one aggregate (transition function + final function of count/sum/avg/max/min/bool_and/bool_or,
// string_agg, array_agg). With ORDER BY in the call the inputs are kept and fed in that order at the end.
// Sums of integers run in an Int128 (PG uses numeric for int8 sums, so they do not overflow); numeric sums in
// NumericValue.
using Tusk.Common.Types;
using Tusk.Executor.Functions;

namespace Tusk.Executor.Expr;

/// <summary>Accumulator of one <see cref="AggSpec"/>.</summary>
internal sealed class AggState(AggSpec spec)
{
    long _count;
    Int128 _intSum;
    NumericValue _numSum = NumericValue.Zero;
    double _dblSum;
    Datum _best;
    bool _any;
    readonly HashSet<Datum>? _seen = spec.Distinct ? new HashSet<Datum>(DatumEquality.Instance) : null;

    System.Text.StringBuilder? _text;
    List<byte>? _bytes;
    List<Datum>? _items;   // array_agg
    bool _sawNull;
    List<(Datum Value, Datum Delimiter, Datum[] Keys)>? _ordered;   // ORDER BY in the call: input kept until Result

    /// <summary>An input of an aggregate with ORDER BY: kept with its sort keys, read in that order by Result.</summary>
    public void AddOrdered(in Datum v, in Datum delimiter, Datum[] keys) => (_ordered ??= []).Add((v, delimiter, keys));

    /// <summary>Feeds the kept inputs in ORDER BY order (stable: equal keys keep input order).</summary>
    void ReplayOrdered()
    {
        if (_ordered == null)
            return;
        // Without ORDER BY (a DISTINCT string_agg) the key is the value itself, ascending with NULLs last.
        var keys = spec.Order;
        var sorted = _ordered.Select((e, i) => (e, i)).ToList();
        sorted.Sort((x, y) =>
        {
            for (int k = 0; k < x.e.Keys.Length; k++)
            {
                var a = x.e.Keys[k];
                var b = y.e.Keys[k];
                bool desc = k < keys.Length && keys[k].Desc, nullsFirst = k < keys.Length && keys[k].NullsFirst;
                int c = a.IsNull || b.IsNull
                    ? (a.IsNull == b.IsNull ? 0 : a.IsNull == nullsFirst ? -1 : 1)
                    : desc ? -DatumOrder.Compare(a, b) : DatumOrder.Compare(a, b);
                if (c != 0)
                    return c;
            }
            return x.i.CompareTo(y.i);
        });
        _ordered = null;
        foreach (var (e, _) in sorted)
        {
            if (spec.Kind == AggKind.StringAgg)
                AddWithDelimiter(e.Value, e.Delimiter);
            else
                Add(e.Value);
        }
    }

    /// <summary>string_agg: appends <paramref name="v"/> after <paramref name="delimiter"/> (none before the first).</summary>
    public void AddWithDelimiter(in Datum v, in Datum delimiter)
    {
        if (v.IsNull)
            return;
        if (_seen != null && !_seen.Add(v))
            return;
        if (v.Ref is byte[] b)
        {
            _bytes ??= [];
            if (_any && !delimiter.IsNull)
                _bytes.AddRange((byte[])delimiter.Ref!);
            _bytes.AddRange(b);
        }
        else
        {
            _text ??= new System.Text.StringBuilder();
            if (_any && !delimiter.IsNull)
                _text.Append((string)delimiter.Ref!);
            _text.Append((string)v.Ref!);
        }
        _any = true;
    }

    public void Add(in Datum v)
    {
        if (spec.Kind == AggKind.CountStar)
        {
            _count++;
            return;
        }
        if (spec.Kind == AggKind.ArrayAgg)
        {
            // NULLs are elements too; DISTINCT keeps one NULL.
            if (_seen != null && (v.IsNull ? _sawNull : !_seen.Add(v)))
                return;
            _sawNull |= v.IsNull;
            (_items ??= []).Add(v);
            _any = true;
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
            case AggKind.BoolAnd:
                _best = Datum.FromBool((!_any || _best.Bool) && v.Bool);
                break;
            case AggKind.BoolOr:
                _best = Datum.FromBool((_any && _best.Bool) || v.Bool);
                break;
            case AggKind.Sum:
            case AggKind.Avg:
                if (v.Type is TypeOid.Float4 or TypeOid.Float8)
                    _dblSum += v.Float;
                else if (v.Type == TypeOid.Numeric)
                    _numSum = NumericValue.Add(_numSum, v.Numeric);
                else
                    _intSum += v.Int;
                break;
        }
        _any = true;
    }

    public Datum Result()
    {
        ReplayOrdered();
        uint t = spec.ResultType;
        switch (spec.Kind)
        {
            case AggKind.CountStar:
            case AggKind.Count:
                return Datum.FromInt8(_count);
            case AggKind.Max:
            case AggKind.Min:
            case AggKind.BoolAnd:
            case AggKind.BoolOr:
                return _any ? _best : Datum.Null(t);
        }
        if (!_any)
            return Datum.Null(t);
        if (spec.Kind == AggKind.ArrayAgg)
        {
            // DISTINCT input reaches an aggregate sorted in PostgreSQL (NULL last), so its array is in that order.
            if (spec.Distinct && spec.Order.Length == 0)
                _items!.Sort(static (a, b) => a.IsNull || b.IsNull ? a.IsNull.CompareTo(b.IsNull) : DatumOrder.Compare(a, b));
            return Datum.FromArray(ArrayValue.OneDim(ArrayTypes.ElementOf(t), [.. _items!]));
        }
        if (spec.Kind == AggKind.StringAgg)
            return _bytes != null ? Datum.FromBytes([.. _bytes]) : Datum.FromText(_text!.ToString());
        if (spec.Kind == AggKind.Sum)
        {
            return t switch
            {
                TypeOid.Int8 => Datum.FromInt8(CheckedInt8(_intSum)),
                TypeOid.Float4 => Datum.FromFloat4((float)_dblSum),
                TypeOid.Float8 => Datum.FromFloat8(_dblSum),
                _ => Datum.FromNumeric(NumericSum()),
            };
        }
        return t == TypeOid.Float8 ? Datum.FromFloat8(_dblSum / _count)
            : Datum.FromNumeric(NumericValue.Div(NumericSum(), NumericValue.FromInt64(_count)));
    }

    static long CheckedInt8(Int128 v)
    {
        if (v < long.MinValue || v > long.MaxValue)
            Casts.OutOfRange(TypeOid.Int8);
        return (long)v;
    }

    NumericValue NumericSum() => _intSum == 0 ? _numSum
        : NumericValue.Add(_numSum, NumericValue.Parse(_intSum.ToString(System.Globalization.CultureInfo.InvariantCulture)));
}
