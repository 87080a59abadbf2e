// Parse analysis of the array constructs (parse_expr.c transformArrayExpr, parse_node.c
// transformContainerSubscripts, parse_oper.c make_scalar_array_op):
//   ARRAY[...]      elements unified to a common type (all unknown: text; none: 42P18 unless a cast names the
//                   type); nested ARRAY[..] / [..] items or array-typed items make a multidimensional array.
//   a[i], a[l:h]    subscripts coerced to integer (assignment cast, else 42804); a fetch yields the element type, a
//                   slice (any ':' present) the array type; jsonb takes integer or text subscripts as a path;
//                   any other base is 42804.
//   x op ANY/ALL(a) the operator is chosen for (x, element type) (unknown right side: as if it were x's type),
//                   must return boolean (42809), and the array is coerced to an array of its right operand type.
// Entry points (called from Bind / BindCast / MakeOp): BindArrayExpr, BindIndirection, BindScalarArrayOp,
// IsContainerConcat.
using Tusk.Common.Errors;
using Tusk.Common.Types;
using Tusk.Executor.Expr;
using Tusk.Executor.Functions;
using Tusk.Sql.Nodes;

namespace Tusk.Executor.Analysis;

internal sealed partial class Analyzer
{
    /// <summary>|| goes to the operator table (array_cat/append/prepend, jsonb ||) when a side is an array or jsonb.</summary>
    static bool IsContainerConcat(BoundExpr l, BoundExpr r) =>
        ArrayTypes.IsArray(l.Type) || ArrayTypes.IsArray(r.Type) || l.Type == TypeOid.Jsonb || r.Type == TypeOid.Jsonb;

    /// <summary>
    /// ARRAY[...]: with <paramref name="targetArray"/> (the type of an enclosing cast, 0 for none) the elements are
    /// cast to its element type explicitly; otherwise they are unified implicitly.
    /// </summary>
    BoundExpr BindArrayExpr(A_ArrayExpr ae, uint targetArray)
    {
        uint targetElem = ArrayTypes.ElementOf(targetArray);
        if (targetElem == 0)
            targetArray = 0;
        var elems = new List<BoundExpr>(ae.Elements.Count);
        bool multi = false;
        foreach (var n in ae.Elements)
        {
            if (n is A_ArrayExpr sub)
            {
                elems.Add(BindArrayExpr(sub, targetArray));
                multi = true;
            }
            else
            {
                elems.Add(Bind(n));
            }
        }
        if (!multi)
            multi = elems.Any(e => ArrayTypes.IsArray(e.Type));
        uint arrayType;
        uint elemType;
        if (targetArray != 0)
        {
            arrayType = targetArray;
            elemType = targetElem;
            uint to = multi ? arrayType : elemType;
            for (int i = 0; i < elems.Count; i++)
                elems[i] = Coerce(elems[i], to, -1, true, ae.Elements[i].Location);
        }
        else
        {
            if (elems.Count == 0)
                Throw.Error(SqlState.IndeterminateDatatype, "cannot determine type of empty array",
                    hint: "Explicitly cast to the desired type, for example ARRAY[]::integer[].",
                    position: ae.Location + 1);
            elems = CoerceToCommon(elems, ae.Elements, "ARRAY");
            uint common = elems[0].Type;
            arrayType = multi ? common : ArrayTypes.ArrayOf(common);
            elemType = multi ? ArrayTypes.ElementOf(common) : common;
            if (arrayType == 0 || elemType == 0)
                Throw.Error(SqlState.UndefinedObject,
                    $"could not find {(multi ? "element" : "array")} type for data type {TypeNames.Display(common)}",
                    position: ae.Location + 1);
        }
        ScalarFn fn = multi
            ? (a, _) => Datum.FromArray(BuildMultiDim(a, elemType))
            : (a, _) => Datum.FromArray(ArrayValue.OneDim(elemType, (Datum[])a.Clone()));
        return BoundExpr.Call(fn, arrayType, [.. elems], strict: false, location: ae.Location);
    }

    /// <summary>ExecEvalArrayExpr for sub-arrays: they must share their shape; NULL or empty ones only all together.</summary>
    static ArrayValue BuildMultiDim(Datum[] subs, uint elemType)
    {
        ArrayValue? first = null;
        bool haveEmpty = false;
        var elems = new List<Datum>();
        int count = 0;
        foreach (var d in subs)
        {
            if (d.IsNull || d.Array.IsEmpty)
            {
                haveEmpty = true;
                continue;
            }
            var a = d.Array;
            if (first == null)
                first = a;
            else if (!first.SameShape(a))
                MismatchedSubArrays();
            elems.AddRange(a.Elements);
            count++;
        }
        if (first == null)
            return ArrayValue.Empty(elemType);
        if (haveEmpty)
            MismatchedSubArrays();
        return ArrayValue.Create(elemType, [count, .. first.Dims], [1, .. first.LowerBounds], [.. elems]);
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    static void MismatchedSubArrays() => Throw.Error(SqlState.ArraySubscriptError,
        "multidimensional arrays must have array expressions with matching dimensions");

    /// <summary>expr[i][j] / expr[l:h]: element fetch or slice.</summary>
    BoundExpr BindIndirection(A_Indirection ind)
    {
        var arr = Bind(ind.Arg);
        if (arr.Type == TypeOid.Jsonb)
            return BindJsonbSubscripts(arr, ind);
        uint elemType = ArrayTypes.ElementOf(arr.Type);
        if (elemType == 0)
            Throw.Error(SqlState.DatatypeMismatch,
                $"cannot subscript type {TypeNames.Display(arr.Type)} because it does not support subscripting",
                position: Leftmost(ind.Arg) + 1);
        ArrayValue.CheckDims(ind.Indirection.Count, ind.Location + 1);
        bool slice = ind.Indirection.Any(i => i.IsSlice);
        var args = new List<BoundExpr> { arr };
        // A slice takes (lower, upper) per subscript: [n] in a slice is [1:n]; an omitted bound is a NULL marker
        // (the array's own bound), distinguished from a NULL value by the Flag of the constant.
        foreach (var idx in ind.Indirection)
        {
            if (slice)
                args.Add(idx.IsSlice ? SubscriptOrOmitted(idx.Lidx, idx) : BoundExpr.Const(Datum.FromInt4(1)));
            args.Add(slice ? SubscriptOrOmitted(idx.Uidx, idx) : Subscript(idx.Uidx!));
        }
        var omitted = args.Skip(1).Select(a => a.Flag).ToArray();
        int n = ind.Indirection.Count;
        BoundExpr result;
        if (!slice)
        {
            result = BoundExpr.Call((a, _) =>
            {
                Span<int> subs = stackalloc int[n];
                for (int i = 0; i < n; i++)
                {
                    if (a[i + 1].IsNull)
                        return Datum.Null(elemType);
                    subs[i] = (int)a[i + 1].Int;
                }
                return ArrayOps.Element(a[0].Array, subs);
            }, elemType, [.. args], location: ind.Location);
            result.TypeMod = arr.TypeMod;
            return result;
        }
        uint arrayType = arr.Type;
        result = BoundExpr.Call((a, _) =>
        {
            if (a[0].IsNull)
                return Datum.Null(arrayType);
            var lower = new int?[n];
            var upper = new int?[n];
            for (int i = 0; i < n; i++)
            {
                for (int k = 0; k < 2; k++)
                {
                    var v = a[1 + 2 * i + k];
                    if (v.IsNull && !omitted[2 * i + k])
                        return Datum.Null(arrayType);
                    int? bound = v.IsNull ? null : (int)v.Int;
                    if (k == 0)
                        lower[i] = bound;
                    else
                        upper[i] = bound;
                }
            }
            return Datum.FromArray(ArrayOps.Slice(a[0].Array, lower, upper));
        }, arrayType, [.. args], strict: false, location: ind.Location);
        result.TypeMod = arr.TypeMod;
        return result;
    }

    /// <summary>
    /// jsonb[k]...: each subscript an integer or text (as coerced implicitly, unknown as text), used as a path
    /// (jsonb_subscript_handler): an object member by key, an array element by index; NULL when absent, for a
    /// scalar, or for a NULL subscript. Slices are 42804.
    /// </summary>
    BoundExpr BindJsonbSubscripts(BoundExpr doc, A_Indirection ind)
    {
        var args = new List<BoundExpr> { doc };
        foreach (var idx in ind.Indirection)
        {
            if (idx.IsSlice)
                Throw.Error(SqlState.DatatypeMismatch, "jsonb subscript does not support slices",
                    position: (idx.Uidx ?? idx.Lidx)?.Location + 1 ?? idx.Location + 1);
            var e = Bind(idx.Uidx!);
            uint to = e.Type == TypeOid.Unknown ? TypeOid.Text
                : Casts.CanImplicit(e.Type, TypeOid.Int4) ? TypeOid.Int4
                : Casts.CanImplicit(e.Type, TypeOid.Text) ? TypeOid.Text
                : Throw.Error<uint>(SqlState.DatatypeMismatch, $"subscript type {TypeNames.Display(e.Type)} is not supported",
                    hint: "jsonb subscript must be coercible to either integer or text.", position: idx.Uidx!.Location + 1);
            args.Add(Coerce(e, to, -1, false, idx.Uidx!.Location));
        }
        return BoundExpr.Call(static (a, c) =>
        {
            var path = a.Skip(1).Select(d => FunctionCatalog.OutText(d, c)).ToArray();
            return FunctionCatalog.Found(a[0], JsonOps.Path(JsonText.ParseJson(a[0].Text), path));
        }, TypeOid.Jsonb, [.. args], location: ind.Location);
    }

    /// <summary>exprLocation's leftmost rule for the nodes an error may point into ('x'::t starts at 'x').</summary>
    static int Leftmost(Node n)
    {
        static int Min(int a, int b) => a < 0 ? b : b < 0 ? a : Math.Min(a, b);
        return n switch
        {
            TypeCast tc => Min(tc.Location, Leftmost(tc.Arg)),
            A_Expr { Lexpr: { } l } e => Min(e.Location, Leftmost(l)),
            _ => n.Location,
        };
    }

    BoundExpr SubscriptOrOmitted(Node? n, A_Indices at) => n == null
        ? new BoundExpr { Kind = BoundKind.Const, Type = TypeOid.Int4, Value = Datum.Null(TypeOid.Int4), Flag = true,
            Location = at.Location }
        : Subscript(n);

    /// <summary>A subscript: an integer by assignment cast (42804 otherwise).</summary>
    BoundExpr Subscript(Node n)
    {
        var e = Bind(n);
        if (e.Type != TypeOid.Int4 && e.Type != TypeOid.Unknown && !Casts.CanAssign(e.Type, TypeOid.Int4))
            Throw.Error(SqlState.DatatypeMismatch, "array subscript must have type integer", position: n.Location + 1);
        return Coerce(e, TypeOid.Int4, -1, false, n.Location, assignment: true);
    }

    /// <summary>x op ANY (array) / x op ALL (array), with IN's three-valued logic over the elements.</summary>
    BoundExpr BindScalarArrayOp(A_Expr a)
    {
        bool useOr = a.Kind == A_ExprKind.OpAny;
        var l = Bind(a.Lexpr!);
        var r = Bind(a.Rexpr!);
        uint elemType = TypeOid.Unknown;
        if (r.Type != TypeOid.Unknown)
        {
            elemType = ArrayTypes.ElementOf(r.Type);
            if (elemType == 0)
                Throw.Error(SqlState.WrongObjectType, "op ANY/ALL (array) requires array on right side",
                    position: a.Location + 1);
        }
        var op = MakeOp(a.Name, l, BoundExpr.Const(Datum.Null(elemType)), a.Location, fold: false);
        if (op.Type != TypeOid.Bool)
            Throw.Error(SqlState.WrongObjectType, "op ANY/ALL (array) requires operator to yield boolean",
                position: a.Location + 1);
        uint rightType = op.Args[1].Type;
        uint arrayType = ArrayTypes.ArrayOf(rightType);
        if (arrayType == 0)
            Throw.Error(SqlState.UndefinedObject,
                $"could not find array type for data type {TypeNames.Display(rightType)}", position: a.Location + 1);
        var array = Coerce(r, arrayType, -1, false, a.Rexpr!.Location);
        var fn = op.Fn!;
        bool strict = op.Strict;
        return BoundExpr.Call((args, ctx) =>
        {
            if (args[1].IsNull)
                return Datum.Null(TypeOid.Bool);
            var elems = args[1].Array.Elements;
            if (elems.Length == 0)
                return Datum.FromBool(!useOr);
            var x = args[0];
            if (x.IsNull && strict)
                return Datum.Null(TypeOid.Bool);
            bool sawNull = false;
            foreach (var e in elems)
            {
                var res = e.IsNull && strict ? Datum.Null(TypeOid.Bool) : fn([x, e], ctx);
                if (res.IsNull)
                    sawNull = true;
                else if (res.Bool == useOr)
                    return Datum.FromBool(useOr);
            }
            return sawNull ? Datum.Null(TypeOid.Bool) : Datum.FromBool(!useOr);
        }, TypeOid.Bool, [op.Args[0], array], strict: false, location: a.Location);
    }
}
