// Array operators and functions of PG 15 (array_userfuncs.c, arrayfuncs.c), declared with polymorphic types
// (anyarray, anycompatible..., see Polymorphic.cs) so one registration serves every element type:
//   operators  = <> < > <= >= (btarraycmp), @> <@ && , || (array_cat, array_append, array_prepend)
//   functions  array_length/upper/lower/ndims/dims, cardinality, array_append/prepend/cat, array_position(s),
//              array_remove, array_replace, array_to_string, string_to_array
//   set-returning: unnest(anyarray) (Unnest; a FROM-clause / target-list SRF node calls it, see SetFunctions)
// Values are ArrayValue (Datum.Array). The non-strict functions take NULL arrays as PG does.
// Entry point: RegisterArrays, called from the FunctionCatalog constructor.
using System.Text;
using Tusk.Common.Errors;
using Tusk.Common.Types;
using Tusk.Executor.Expr;

namespace Tusk.Executor.Functions;

internal static partial class FunctionCatalog
{
    const uint AnyArr = TypeOid.AnyArray;
    const uint AnyElem = TypeOid.AnyElement;
    const uint CompatArr = TypeOid.AnyCompatibleArray;
    const uint Compat = TypeOid.AnyCompatible;

    /// <summary>The element type of an array-typed argument, also when it is NULL.</summary>
    static uint ElementTypeOf(in Datum d) => d.IsNull ? ArrayTypes.ElementOf(d.Type) : d.Array.ElementType;

    static void RegisterArrays()
    {
        const uint I4 = TypeOid.Int4;
        const uint Txt = TypeOid.Text;
        const uint Bool = TypeOid.Bool;

        RegisterComparisons(AnyArr, AnyArr); // DatumOrder: btarraycmp (ArrayOps.Compare)
        Op("@>", AnyArr, AnyArr, Bool, static (a, _) => Datum.FromBool(ArrayOps.Contains(a[0].Array, a[1].Array)));
        Op("<@", AnyArr, AnyArr, Bool, static (a, _) => Datum.FromBool(ArrayOps.Contains(a[1].Array, a[0].Array)));
        Op("&&", AnyArr, AnyArr, Bool, static (a, _) => Datum.FromBool(ArrayOps.Overlaps(a[0].Array, a[1].Array)));

        Add(BinaryOps, new Builtin("||", [CompatArr, CompatArr], CompatArr, ArrayCat, Strict: false));
        Add(BinaryOps, new Builtin("||", [CompatArr, Compat], CompatArr, ArrayAppend, Strict: false));
        Add(BinaryOps, new Builtin("||", [Compat, CompatArr], CompatArr, ArrayPrepend, Strict: false));
        Fn("array_cat", [CompatArr, CompatArr], CompatArr, ArrayCat, strict: false);
        Fn("array_append", [CompatArr, Compat], CompatArr, ArrayAppend, strict: false);
        Fn("array_prepend", [Compat, CompatArr], CompatArr, ArrayPrepend, strict: false);

        Fn("array_ndims", [AnyArr], I4, static (a, _) => a[0].Array is { IsEmpty: false } v
            ? Datum.FromInt4(v.NDims) : Datum.Null(TypeOid.Int4));
        Fn("array_dims", [AnyArr], Txt, static (a, _) =>
        {
            var v = a[0].Array;
            if (v.IsEmpty)
                return Datum.Null(TypeOid.Text);
            var sb = new StringBuilder();
            ArrayText.AppendBounds(sb, v);
            return Datum.FromText(sb.ToString());
        });
        Fn("array_length", [AnyArr, I4], I4, static (a, _) => DimInfo(a, v => v.Dims));
        Fn("array_lower", [AnyArr, I4], I4, static (a, _) => DimInfo(a, v => v.LowerBounds));
        Fn("array_upper", [AnyArr, I4], I4,
            static (a, _) => DimInfo(a, v => [.. Enumerable.Range(0, v.NDims).Select(v.UpperBound)]));
        Fn("cardinality", [AnyArr], I4, static (a, _) => Datum.FromInt4(a[0].Array.Count));

        Fn("array_position", [CompatArr, Compat], I4, static (a, _) => ArrayPosition(a, null), strict: false);
        Fn("array_position", [CompatArr, Compat, I4], I4, static (a, _) =>
        {
            if (a[2].IsNull)
                Throw.Error(SqlState.NullValueNotAllowed, "initial position must not be null");
            return ArrayPosition(a, (int)a[2].Int);
        }, strict: false);
        Fn("array_positions", [CompatArr, Compat], TypeOid.Int4Array, static (a, _) =>
        {
            if (a[0].IsNull)
                return Datum.Null(TypeOid.Int4Array);
            var v = SearchableArray(a[0].Array);
            var found = new List<Datum>();
            for (int i = 0; i < v.Count; i++)
            {
                if (DatumOrder.SameValue(v.Elements[i], a[1]))
                    found.Add(Datum.FromInt4(v.LowerBounds[0] + i));
            }
            return Datum.FromArray(ArrayValue.OneDim(TypeOid.Int4, [.. found]));
        }, strict: false);
        Fn("array_remove", [CompatArr, Compat], CompatArr, static (a, _) =>
        {
            if (a[0].IsNull)
                return a[0];
            var v = a[0].Array;
            if (v.NDims > 1)
                Throw.Error(SqlState.FeatureNotSupported,
                    "removing elements from multidimensional arrays is not supported");
            var kept = v.Elements.Where(e => !DatumOrder.SameValue(e, a[1])).ToArray();
            if (kept.Length == v.Count)
                return a[0];
            return Datum.FromArray(kept.Length == 0 ? ArrayValue.Empty(v.ElementType)
                : ArrayValue.Create(v.ElementType, [kept.Length], [v.LowerBounds[0]], kept));
        }, strict: false);
        Fn("array_replace", [CompatArr, Compat, Compat], CompatArr, static (a, _) =>
        {
            if (a[0].IsNull)
                return a[0];
            var v = a[0].Array;
            var elems = v.Elements.Select(e => DatumOrder.SameValue(e, a[1]) ? a[2] : e).ToArray();
            return Datum.FromArray(v.WithElements(v.ElementType, elems));
        }, strict: false);

        Fn("array_to_string", [AnyArr, Txt], Txt, static (a, c) => ArrayToString(a[0].Array, a[1].Text, null, c));
        Fn("array_to_string", [AnyArr, Txt, Txt], Txt, static (a, c) => a[0].IsNull || a[1].IsNull
            ? Datum.Null(TypeOid.Text)
            : ArrayToString(a[0].Array, a[1].Text, a[2].IsNull ? null : a[2].Text, c), strict: false);
        Fn("string_to_array", [Txt, Txt], TypeOid.TextArray, static (a, _) => StringToArray(a[0], a[1], default),
            strict: false);
        Fn("string_to_array", [Txt, Txt, Txt], TypeOid.TextArray, static (a, _) => StringToArray(a[0], a[1], a[2]),
            strict: false);

        AddSetFunction(new Builtin("unnest", [AnyArr], AnyElem, SetOnly("unnest")),
            static (a, _) => Unnest(a[0]).Select(d => new[] { d }));
    }

    /// <summary>
    /// unnest(anyarray): the elements in storage order (all dimensions flattened), NULLs included; nothing for a
    /// NULL or empty array.
    /// </summary>
    public static IEnumerable<Datum> Unnest(Datum array)
    {
        if (array.IsNull)
            yield break;
        foreach (var e in array.Array.Elements)
            yield return e;
    }

    static Datum ArrayCat(Datum[] a, EvalContext _)
    {
        if (a[0].IsNull)
            return a[1];
        if (a[1].IsNull)
            return a[0];
        return Datum.FromArray(ArrayOps.Cat(a[0].Array, a[1].Array));
    }

    static Datum ArrayAppend(Datum[] a, EvalContext _) => Datum.FromArray(
        ArrayOps.Append(a[0].IsNull ? null : a[0].Array, a[1], ElementTypeOf(a[0])));

    static Datum ArrayPrepend(Datum[] a, EvalContext _) => Datum.FromArray(
        ArrayOps.Prepend(a[0], a[1].IsNull ? null : a[1].Array, ElementTypeOf(a[1])));

    /// <summary>array_length / array_lower / array_upper: NULL for a missing dimension or an empty array.</summary>
    static Datum DimInfo(Datum[] a, Func<ArrayValue, int[]> info)
    {
        var v = a[0].Array;
        long d = a[1].Int;
        return d < 1 || d > v.NDims ? Datum.Null(TypeOid.Int4) : Datum.FromInt4(info(v)[d - 1]);
    }

    static ArrayValue SearchableArray(ArrayValue v)
    {
        if (v.NDims > 1)
            Throw.Error(SqlState.FeatureNotSupported, "searching for elements in multidimensional arrays is not supported");
        return v;
    }

    static Datum ArrayPosition(Datum[] a, int? start)
    {
        if (a[0].IsNull)
            return Datum.Null(TypeOid.Int4);
        var v = SearchableArray(a[0].Array);
        if (v.IsEmpty)
            return Datum.Null(TypeOid.Int4);
        int lb = v.LowerBounds[0];
        int from = start is int s && s > lb ? s - lb : 0;
        for (int i = from; i < v.Count; i++)
        {
            if (DatumOrder.SameValue(v.Elements[i], a[1]))
                return Datum.FromInt4(lb + i);
        }
        return Datum.Null(TypeOid.Int4);
    }

    /// <summary>array_to_string: elements' text joined by the delimiter; NULLs skipped or written as nullText.</summary>
    static Datum ArrayToString(ArrayValue v, string delim, string? nullText, EvalContext c)
    {
        var sb = new StringBuilder();
        bool first = true;
        foreach (var e in v.Elements)
        {
            if (e.IsNull && nullText == null)
                continue;
            if (!first)
                sb.Append(delim);
            sb.Append(e.IsNull ? nullText : OutText(e, c));
            first = false;
        }
        return Datum.FromText(sb.ToString());
    }

    /// <summary>
    /// string_to_array(s, delimiter [, null string]): NULL input gives NULL; an empty string gives {}; a NULL
    /// delimiter splits into characters; an empty delimiter gives the whole string; fields equal to the null
    /// string become NULL.
    /// </summary>
    static Datum StringToArray(in Datum s, in Datum delim, in Datum nullStr)
    {
        if (s.IsNull)
            return Datum.Null(TypeOid.TextArray);
        string text = s.Text;
        string? nul = nullStr.IsNull ? null : nullStr.Text;
        if (text.Length == 0)
            return Datum.FromArray(ArrayValue.Empty(TypeOid.Text));
        IEnumerable<string> parts;
        if (delim.IsNull)
        {
            var chars = new List<string>();
            for (int i = 0; i < text.Length; i += char.IsSurrogatePair(text, i) ? 2 : 1)
                chars.Add(char.ConvertFromUtf32(char.ConvertToUtf32(text, i)));
            parts = chars;
        }
        else if (delim.Text.Length == 0)
        {
            parts = [text];
        }
        else
        {
            parts = text.Split(delim.Text);
        }
        var elems = parts.Select(p => p == nul ? Datum.Null(TypeOid.Text) : Datum.FromText(p)).ToArray();
        return Datum.FromArray(ArrayValue.OneDim(TypeOid.Text, elems));
    }
}
