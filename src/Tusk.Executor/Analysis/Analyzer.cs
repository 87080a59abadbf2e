// Parse analysis (analyze.c / parse_expr.c / parse_func.c / parse_oper.c in one): resolves FROM relations,
// columns, functions, operators and casts, infers parameter types; SelectAnalysis.cs turns a SELECT into a plan.
// Unknown-typed literals stay unknown until context fixes their type (an operator's other side, a cast,
// a function argument); whatever is still unknown at the end becomes text. Errors carry PG's Position.
using System.Globalization;
using Tusk.Common.Errors;
using Tusk.Common.Types;
using Tusk.Executor.Expr;
using Tusk.Executor.Functions;
using Tusk.Sql.Nodes;

namespace Tusk.Executor.Analysis;

/// <summary>Binds names and types of one query level and plans it (SelectAnalysis.cs).</summary>
internal sealed partial class Analyzer
{
    readonly ISessionContext _ctx;
    readonly List<uint> _paramTypes;
    readonly List<BoundExpr> _params;
    readonly List<FromItem> _from = [];
    readonly List<AggSpec> _aggs = [];
    string? _aggForbidden;      // clause name where aggregates are not allowed ("WHERE"), null = allowed
    bool _inAgg;
    bool _noColumns;            // LIMIT/OFFSET: no variables allowed
    HashSet<uint>? _reads;      // the relations FROM clauses name (CREATE VIEW's dependencies), when asked for

    /// <summary>Tables in FROM carry their system columns (the statement names one; see SystemColumnsNeeded).</summary>
    bool _systemColumns;

    /// <summary>
    /// The first error of plan-time constant folding in this statement (shared with nested queries): PostgreSQL
    /// raises it while planning, before any row; Tusk plans at Parse, so the plan raises it when it starts to run.
    /// </summary>
    sealed class PlanErrors
    {
        public PgException? First;
    }

    PlanErrors _planErrors = new();

    /// <summary>
    /// The plan-time pass over a finished expression (ConstFolding): folds constant subexpressions of
    /// <paramref name="e"/>, recording a folding error for the plan.
    /// </summary>
    BoundExpr FoldConstants(BoundExpr e) => ConstFolding.Fold(e, _ctx, ex => _planErrors.First ??= ex);

    /// <summary>A system column name that finds no carried column may ask for the statement to be planned again.</summary>
    bool _mayReplan;

    /// <summary>
    /// Thrown when a query names a system column (xmin, ctid, ...) of a table while tables are planned without them:
    /// the statement's entry point plans it again with <see cref="WithSystemColumns"/>, so queries that name none
    /// pay nothing for them.
    /// </summary>
    internal sealed class SystemColumnsNeeded : Exception;

    /// <summary>Plans <paramref name="plan"/> without system columns, then with them if a query names one.</summary>
    public static T WithSystemColumns<T>(ISessionContext ctx, uint[] declaredParamTypes, Func<Analyzer, T> plan)
    {
        try
        {
            return plan(new Analyzer(ctx, declaredParamTypes) { _mayReplan = true });
        }
        catch (SystemColumnsNeeded)
        {
            return plan(new Analyzer(ctx, declaredParamTypes) { _systemColumns = true });
        }
    }

    public Analyzer(ISessionContext ctx, uint[] declaredParamTypes)
    {
        _ctx = ctx;
        _paramTypes = [.. declaredParamTypes];
        _params = [];
    }

    /// <summary>
    /// An analyzer for a query nested in <paramref name="parent"/>'s: a sub-SELECT in an expression
    /// (<paramref name="sublink"/>: it may read the parent's columns as outer values) or in FROM (outer references
    /// go to the parent's own enclosing query). Parameters are shared with the whole statement.
    /// </summary>
    Analyzer(Analyzer parent, bool sublink)
    {
        _ctx = parent._ctx;
        _planErrors = parent._planErrors;
        _paramTypes = parent._paramTypes;
        _params = parent._params;
        _ctes = parent._ctes;
        _reads = parent._reads;
        _systemColumns = parent._systemColumns;
        _mayReplan = parent._mayReplan;
        if (sublink)
            _parent = parent;
        else
            _fromParent = parent;
    }

    // ---- for INSERT / UPDATE / DELETE and constraints ---------------------------------------------------

    /// <summary>Adds a relation to the name scope (the target table of a DML statement).</summary>
    public void AddRelation(string refName, string? schema, ISystemView view)
    {
        _from.Add(new FromItem(refName, schema, view.Columns, _width));
        _width += view.Columns.Length;
    }

    /// <summary>
    /// Binds an expression stored into a column, with an assignment cast (42804 when none exists: "column "x" is
    /// of type integer but expression is of type boolean").
    /// </summary>
    /// <remarks>
    /// <paramref name="clause"/> names where the value stands for the error an aggregate there raises (42803
    /// "aggregate functions are not allowed in VALUES" / "UPDATE" / "DEFAULT expressions").
    /// </remarks>
    public BoundExpr BindAssignment(Node n, uint type, int typmod, string column, string clause = "DEFAULT expressions")
    {
        var e = BindNoAggregates(n, clause);
        return CoerceAssignment(e, type, typmod, column, n.Location);
    }

    /// <summary>Binds an expression of a clause where aggregates are not allowed (42803 naming the clause).</summary>
    BoundExpr BindNoAggregates(Node n, string clause)
    {
        string? saved = _aggForbidden;
        _aggForbidden = clause;
        try
        {
            return Bind(n);
        }
        finally
        {
            _aggForbidden = saved;
        }
    }

    public BoundExpr CoerceAssignment(BoundExpr e, uint type, int typmod, string column, int location)
    {
        if (e.Type == TypeOid.Unknown || Casts.CanAssign(e.Type, type))
            return Coerce(e, type, typmod, false, location, assignment: true);
        return Throw.Error<BoundExpr>(SqlState.DatatypeMismatch,
            $"column \"{column}\" is of type {TypeNames.Display(type)} but expression is of type {TypeNames.Display(e.Type)}",
            hint: "You will need to rewrite or cast the expression.", position: location + 1);
    }

    /// <summary>Binds a boolean condition (WHERE of UPDATE/DELETE, CHECK constraints).</summary>
    public BoundExpr BindCondition(Node n, string what)
    {
        _aggForbidden = what;
        var e = CoerceToBool(Bind(n), what, n.Location);
        _aggForbidden = null;
        if (_aggs.Count > 0)
            Throw.Error(SqlState.GroupingError, $"aggregate functions are not allowed in {what}",
                position: n.Location + 1);
        return e;
    }

    /// <summary>Binds an output expression (RETURNING); unknown becomes text.</summary>
    public BoundExpr BindOutput(Node n)
    {
        var e = BindNoAggregates(n, "RETURNING");
        return e.Type == TypeOid.Unknown ? ResolveUnknownToText(e) : e;
    }

    /// <summary>Parameter types once binding is done (unconstrained ones become text).</summary>
    public uint[] FinishParams()
    {
        for (int i = 0; i < _paramTypes.Count; i++)
            if (_paramTypes[i] == 0)
                _paramTypes[i] = TypeOid.Text;
        foreach (var p in _params)
            p.Type = _paramTypes[p.Index];
        return [.. _paramTypes];
    }

    BoundExpr ResolveUnknownToText(BoundExpr e)
    {
        if (e.Kind == BoundKind.Const)
            return BoundExpr.Const(e.Value.IsNull ? Datum.Null(TypeOid.Text) : e.Value.WithType(TypeOid.Text),
                e.Location);
        if (e.Kind == BoundKind.Param)
            return Coerce(e, TypeOid.Text, -1, false, e.Location);
        e.Type = TypeOid.Text;
        return e;
    }

    BoundExpr BindLimit(Node n, string clause)
    {
        _noColumns = true;
        _aggForbidden = clause;
        var e = Bind(n);
        _noColumns = false;
        _aggForbidden = null;
        if (e.Type == TypeOid.Unknown || Casts.CanImplicit(e.Type, TypeOid.Int8) || e.Type == TypeOid.Int8)
            return Coerce(e, TypeOid.Int8, -1, false, n.Location);
        return Throw.Error<BoundExpr>(SqlState.DatatypeMismatch,
            $"argument of {clause} must be type bigint, not type {TypeNames.Display(e.Type)}",
            position: n.Location + 1);
    }

    // ---- expressions -----------------------------------------------------------------------------------

    public BoundExpr Bind(Node n)
    {
        switch (n)
        {
            case A_Const c:
                return BindConst(c);
            case ParamRef p:
                return BindParam(p);
            case ColumnRef c:
                return BindColumn(c);
            case A_Expr { Kind: A_ExprKind.OpAny or A_ExprKind.OpAll } sub:
                return BindScalarArrayOp(sub);
            case A_Expr a:
                return BindAExpr(a);
            case A_ArrayExpr ae:
                return BindArrayExpr(ae, 0);
            case A_Indirection ind:
                return BindIndirection(ind);
            case BoolExpr b:
            {
                var args = new BoundExpr[b.Args.Count];
                string what = b.Type switch { BoolExprType.And => "AND", BoolExprType.Or => "OR", _ => "NOT" };
                for (int i = 0; i < args.Length; i++)
                    args[i] = CoerceToBool(Bind(b.Args[i]), what, b.Args[i].Location);
                var kind = b.Type switch { BoolExprType.And => BoundKind.And, BoolExprType.Or => BoundKind.Or,
                    _ => BoundKind.Not };
                return new BoundExpr { Kind = kind, Type = TypeOid.Bool, Args = args, Location = b.Location };
            }
            case NullTest nt:
            {
                var arg = Bind(nt.Arg);
                return new BoundExpr { Kind = BoundKind.NullTest, Type = TypeOid.Bool, Args = [arg], Flag = nt.IsNot,
                    Location = nt.Location };
            }
            case BooleanTest bt:
            {
                string what = bt.TestType switch
                {
                    BoolTestType.IsTrue => "IS TRUE",
                    BoolTestType.IsNotTrue => "IS NOT TRUE",
                    BoolTestType.IsFalse => "IS FALSE",
                    BoolTestType.IsNotFalse => "IS NOT FALSE",
                    BoolTestType.IsUnknown => "IS UNKNOWN",
                    _ => "IS NOT UNKNOWN",
                };
                var arg = CoerceToBool(Bind(bt.Arg), what, bt.Arg.Location);
                return new BoundExpr { Kind = BoundKind.BoolTest, Type = TypeOid.Bool, Args = [arg],
                    Index = (int)bt.TestType, Location = bt.Location };
            }
            case TypeCast tc:
                return BindCast(tc);
            case SQLValueFunction svf:
                return BindSvf(svf);
            case CaseExpr ce:
                return BindCase(ce);
            case CoalesceExpr co:
                return BindCoalesce(co);
            case FuncCall f:
                return BindFunc(f);
            case SubLink link:
                return BindSubLink(link);
            case RowExpr:
                // Only the left side of a row comparison with a subquery takes one so far (BindRowSubLink).
                return Throw.Error<BoundExpr>(SqlState.FeatureNotSupported, "row constructor is not supported yet",
                    position: n.Location + 1);
            default:
                return Throw.Error<BoundExpr>(SqlState.FeatureNotSupported,
                    $"expression type {n.GetType().Name} is not supported yet", position: n.Location + 1);
        }
    }

    static BoundExpr BindConst(A_Const c)
    {
        switch (c.Kind)
        {
            case ConstKind.Integer:
                return BoundExpr.Const(Datum.FromInt4(int.Parse(c.Text!, NumberStyles.AllowLeadingSign,
                    CultureInfo.InvariantCulture)), c.Location);
            case ConstKind.Float:
            {
                string t = c.Text!;
                if (t.All(ch => char.IsAsciiDigit(ch) || ch == '-')
                    && long.TryParse(t, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long l))
                    return BoundExpr.Const(Datum.FromInt8(l), c.Location);
                if (!NumericValue.TryParse(t, out var d, out _))
                    Throw.Error(SqlState.NumericValueOutOfRange, "value overflows numeric format",
                        position: c.Location + 1);
                return BoundExpr.Const(Datum.FromNumeric(d), c.Location);
            }
            case ConstKind.String:
                return BoundExpr.Const(Datum.FromText(c.Text!, TypeOid.Unknown), c.Location);
            case ConstKind.Bool:
                return BoundExpr.Const(Datum.FromBool(c.Text == "true"), c.Location);
            case ConstKind.Null:
                return BoundExpr.Const(Datum.Null(TypeOid.Unknown), c.Location);
            default:
                return Throw.Error<BoundExpr>(SqlState.FeatureNotSupported, "bit strings are not supported yet",
                    position: c.Location + 1);
        }
    }

    BoundExpr BindParam(ParamRef p)
    {
        if (p.Number < 1 || p.Number > 65535)
            Throw.Error(SqlState.UndefinedParameter, $"there is no parameter ${p.Number}", position: p.Location + 1);
        while (_paramTypes.Count < p.Number)
            _paramTypes.Add(0);
        uint t = _paramTypes[p.Number - 1];
        var e = new BoundExpr { Kind = BoundKind.Param, Index = p.Number - 1, Type = t == 0 ? TypeOid.Unknown : t,
            Location = p.Location };
        _params.Add(e);
        return e;
    }

    FromItem? TryFindRelation(List<string> fields, int count)
    {
        string rel = fields[count - 1];
        string? schema = count >= 2 ? fields[count - 2] : null;
        foreach (var f in _from)
            if (f.RefName == rel && (schema == null || f.Schema == null || f.Schema == schema))
                return f;
        return null;
    }

    FromItem FindRelation(List<string> fields, int count, int location) =>
        TryFindRelation(fields, count) ?? Throw.Error<FromItem>(SqlState.UndefinedTable,
            $"missing FROM-clause entry for table \"{fields[count - 1]}\"", position: location + 1);

    BoundExpr BindColumn(ColumnRef c)
    {
        if (c.IsStar)
            Throw.Error(SqlState.FeatureNotSupported, "* is not supported in this position", position: c.Location + 1);
        if (FunctionScope != null && TryBindFunctionParam(c) is { } param)
            return param;
        if (_noColumns)
            Throw.Error(SqlState.InvalidColumnReference, $"argument of {_aggForbidden} must not contain variables",
                position: c.Location + 1);
        if (c.Fields.Count > 4)
            Throw.Error(SqlState.SyntaxError,
                $"improper qualified name (too many dotted names): {string.Join('.', c.Fields)}",
                position: c.Location + 1);
        var e = TryBindColumnHere(c) ?? ResolveOuter(c);
        if (e != null)
            return e;
        string col = c.Fields[^1];
        if (c.Fields.Count == 1)
            return Throw.Error<BoundExpr>(SqlState.UndefinedColumn, $"column \"{col}\" does not exist",
                position: c.Location + 1);
        if (FindRelationAnywhere(c.Fields, c.Fields.Count - 1) == null)
            return Throw.Error<BoundExpr>(SqlState.UndefinedTable,
                $"missing FROM-clause entry for table \"{c.Fields[^2]}\"", position: c.Location + 1);
        return Throw.Error<BoundExpr>(SqlState.UndefinedColumn,
            $"column {string.Join('.', c.Fields.Skip(c.Fields.Count - 2))} does not exist", position: c.Location + 1);
    }

    /// <summary>Whether some query level in scope has a FROM item of that name.</summary>
    FromItem? FindRelationAnywhere(List<string> fields, int count)
    {
        for (var a = this; a != null; a = a._parent ?? a._fromParent)
        {
            var f = a.TryFindRelation(fields, count);
            if (f != null)
                return f;
        }
        return null;
    }

    /// <summary>The column in this query level's FROM items, or null (ambiguity is an error).</summary>
    BoundExpr? TryBindColumnHere(ColumnRef c)
    {
        string col = c.Fields[^1];
        FromItem? owner = null;
        int index = -1;
        if (c.Fields.Count == 1)
        {
            if (_merged.TryGetValue(col, out var merged))
                return merged;
            foreach (var f in _from)
            {
                int i = Array.FindIndex(f.Columns, rc => rc.Name == col);
                if (i < 0)
                    continue;
                if (owner != null)
                    Throw.Error(SqlState.AmbiguousColumn, $"column reference \"{col}\" is ambiguous",
                        position: c.Location + 1);
                owner = f;
                index = i;
            }
            if (owner == null)
                return BindSystemColumn(c, null);
        }
        else
        {
            owner = TryFindRelation(c.Fields, c.Fields.Count - 1);
            if (owner == null)
                return null;
            index = Array.FindIndex(owner.Columns, rc => rc.Name == col);
            if (index < 0 && BindSystemColumn(c, owner) is { } system)
                return system;
            if (index < 0)
                Throw.Error(SqlState.UndefinedColumn,
                    $"column {string.Join('.', c.Fields.Skip(c.Fields.Count - 2))} does not exist",
                    position: c.Location + 1);
        }
        var rcol = owner.Columns[index];
        return new BoundExpr { Kind = BoundKind.Column, Index = owner.Offset + index, Type = rcol.TypeOid,
            TypeMod = rcol.TypeMod, Location = c.Location, Name = rcol.Name, Qualifier = owner.RefName };
    }

    /// <summary>
    /// A system column (ctid, xmin, cmin, xmax, cmax, tableoid) of <paramref name="owner"/>, or of the one table of
    /// this query level when unqualified (42702 if several tables have it); null when none applies.
    /// </summary>
    BoundExpr? BindSystemColumn(ColumnRef c, FromItem? owner)
    {
        string col = c.Fields[^1];
        int k = Nodes.TableView.SystemColumnIndex(col);
        if (k < 0)
            return null;
        if (owner == null)
        {
            foreach (var f in _from)
            {
                if (!f.IsTable)
                    continue;
                if (owner != null)
                    Throw.Error(SqlState.AmbiguousColumn, $"column reference \"{col}\" is ambiguous",
                        position: c.Location + 1);
                owner = f;
            }
        }
        if (owner is not { IsTable: true })
            return null;
        if (owner.SystemOffset < 0)
            return _mayReplan ? throw new SystemColumnsNeeded() : null;
        var sc = Nodes.TableView.SystemColumns[k];
        return new BoundExpr { Kind = BoundKind.Column, Index = owner.SystemOffset + k, Type = sc.TypeOid,
            Location = c.Location, Name = sc.Name, Qualifier = owner.RefName };
    }

    /// <summary>
    /// A column of an enclosing query: for a sub-SELECT in an expression it becomes an outer value the SubPlan
    /// passes in (OuterParam); a FROM subquery shares its parent level's outer values.
    /// </summary>
    BoundExpr? ResolveOuter(ColumnRef c)
    {
        if (_fromParent != null)
            return _fromParent.ResolveOuter(c);
        if (_parent == null)
            return null;
        var pe = _parent.TryBindColumnHere(c) ?? _parent.ResolveOuter(c);
        if (pe == null)
            return null;
        int idx = _outerRefs.FindIndex(o => SameExpr(o, pe));
        if (idx < 0)
        {
            _outerRefs.Add(pe);
            idx = _outerRefs.Count - 1;
        }
        return new BoundExpr { Kind = BoundKind.OuterParam, Index = idx, Type = pe.Type, TypeMod = pe.TypeMod,
            Location = c.Location, Name = pe.Name, Qualifier = pe.Qualifier };
    }

    BoundExpr CoerceToBool(BoundExpr e, string what, int location)
    {
        if (e.Type == TypeOid.Bool)
            return e;
        if (e.Type == TypeOid.Unknown)
            return Coerce(e, TypeOid.Bool, -1, false, location);
        return Throw.Error<BoundExpr>(SqlState.DatatypeMismatch,
            $"argument of {what} must be type boolean, not type {TypeNames.Display(e.Type)}", position: location + 1);
    }

    /// <summary>Converts an expression to a type; unknown literals are parsed now, unknown parameters get the type.</summary>
    public BoundExpr Coerce(BoundExpr e, uint target, int typmod, bool explicitCast, int location,
        bool assignment = false)
    {
        if (e.Type == target && typmod < 0)
            return e;
        if (CoerceRegclass(e, target, location) is { } reg)
            return reg;
        if (e.Kind == BoundKind.Const && (e.Type == TypeOid.Unknown || e.Value.IsNull))
        {
            try
            {
                var v = Casts.Cast(e.Value.IsNull ? Datum.Null(target) : e.Value, target, typmod, _ctx.Output,
                    explicitCast);
                return BoundExpr.Const(v, e.Location, typmod);
            }
            catch (PgException ex) when (ex.Position == 0 && !IsTypmodError(ex))
            {
                throw new PgException(ex.SqlState, ex.Message)
                {
                    Detail = ex.Detail, Hint = ex.Hint, Position = e.Location + 1, Context = ex.Context,
                };
            }
        }
        if (e.Kind == BoundKind.Param && e.Type == TypeOid.Unknown)
        {
            _paramTypes[e.Index] = target;
            e.Type = target;
            foreach (var p in _params)
                if (p.Index == e.Index)
                    p.Type = target;
            if (typmod < 0)
                return e;
        }
        bool ok = explicitCast ? Casts.CanExplicit(e.Type, target)
            : assignment ? Casts.CanAssign(e.Type, target) : Casts.CanImplicit(e.Type, target);
        if (!ok)
            Throw.Error(SqlState.CannotCoerce,
                $"cannot cast type {TypeNames.Display(e.Type)} to {TypeNames.Display(target)}", position: location + 1);
        var from = e.Type;
        if (from == target && typmod < 0)
            return e;
        return new BoundExpr
        {
            Kind = BoundKind.Func, Type = target, TypeMod = typmod, Args = [e], Location = location, Strict = true,
            Name = "::" + TypeNames.Display(target),
            Fn = (a, c) => Casts.Cast(a[0], target, typmod, c.Session.Output, explicitCast),
            Immutable = IsImmutableCast(from, target),
        };
    }

    /// <summary>
    /// Length and precision checks (char(n) too long, numeric field overflow) run as the type's length coercion,
    /// not as the literal's input, so PostgreSQL reports them without a cursor position.
    /// </summary>
    static bool IsTypmodError(PgException ex) =>
        ex.SqlState == "22001" || ex.Message.StartsWith("numeric field overflow", StringComparison.Ordinal);

    internal static int Typmod(TypeName tn, uint type)
    {
        if (tn.Typmods.Count == 0)
            return -1;
        var mods = new List<int>();
        foreach (var m in tn.Typmods)
        {
            if (m is not A_Const { Kind: ConstKind.Integer } c)
                return Throw.Error<int>(SqlState.SyntaxError, "type modifiers must be simple constants or identifiers",
                    position: m.Location + 1);
            mods.Add(int.Parse(c.Text!, CultureInfo.InvariantCulture));
        }
        switch (ArrayTypes.ElementOf(type) is var elem && elem != 0 ? elem : type)
        {
            case TypeOid.Varchar:
            case TypeOid.Bpchar:
                if (mods[0] < 1)
                    Throw.Error(SqlState.InvalidParameterValue,
                        $"length for type {(type is TypeOid.Varchar or TypeOid.VarcharArray ? "varchar" : "char")} must be at least 1",
                        position: tn.Location + 1);
                return mods[0] + 4;
            case TypeOid.Numeric:
            {
                int p = mods[0];
                int s = mods.Count > 1 ? mods[1] : 0;
                if (p < 1 || p > 1000)
                    Throw.Error(SqlState.InvalidParameterValue,
                        $"NUMERIC precision {p} must be between 1 and 1000", position: tn.Location + 1);
                if (s < -1000 || s > 1000)
                    Throw.Error(SqlState.InvalidParameterValue,
                        $"NUMERIC scale {s} must be between -1000 and 1000", position: tn.Location + 1);
                return ((p << 16) | (s & 0x7ff)) + 4;
            }
            case TypeOid.TimestampTz:
            case TypeOid.Timestamp:
            case TypeOid.Time:
            case TypeOid.TimeTz:
                return Math.Clamp(mods[0], 0, 6);
            default:
                return -1;
        }
    }

    BoundExpr BindCast(TypeCast tc)
    {
        uint target = TypeNames.Resolve(tc.TypeName);
        int typmod = Typmod(tc.TypeName, target);
        // ARRAY[...]::t[] builds the array with t elements directly (so ARRAY[]::int[] has a type).
        var arg = tc.Arg is A_ArrayExpr ae ? BindArrayExpr(ae, target) : Bind(tc.Arg);
        return Coerce(arg, target, typmod, true, tc.Location);
    }

    BoundExpr BindSvf(SQLValueFunction svf)
    {
        int loc = svf.Location;
        int p = svf.Typmod;
        switch (svf.Op)
        {
            case SQLValueFunctionOp.CurrentUser:
            case SQLValueFunctionOp.CurrentRole:
            case SQLValueFunctionOp.User:
            case SQLValueFunctionOp.SessionUser:
                return BoundExpr.Call(static (_, c) => Datum.FromText(c.Session.UserName, TypeOid.Name),
                    TypeOid.Name, [], location: loc);
            case SQLValueFunctionOp.CurrentCatalog:
                return BoundExpr.Call(static (_, c) => Datum.FromText(c.Session.DatabaseName, TypeOid.Name),
                    TypeOid.Name, [], location: loc);
            case SQLValueFunctionOp.CurrentSchema:
                return BoundExpr.Call(static (_, _) => Datum.FromText("public", TypeOid.Name), TypeOid.Name, [],
                    location: loc);
            case SQLValueFunctionOp.CurrentTimestamp:
            {
                var e = BoundExpr.Call(static (_, c) => Datum.FromTimestampTz(c.Session.TransactionStartMicros),
                    TypeOid.TimestampTz, [], location: loc);
                return p < 0 ? e : Coerce(e, TypeOid.TimestampTz, Math.Min(p, 6), true, loc);
            }
            case SQLValueFunctionOp.LocalTimestamp:
            {
                var e = BoundExpr.Call(static (_, c) => Casts.Cast(Datum.FromTimestampTz(
                        c.Session.TransactionStartMicros), TypeOid.Timestamp, -1, c.Session.Output, true),
                    TypeOid.Timestamp, [], location: loc);
                return p < 0 ? e : Coerce(e, TypeOid.Timestamp, Math.Min(p, 6), true, loc);
            }
            case SQLValueFunctionOp.CurrentDate:
                return BoundExpr.Call(static (_, c) => Datum.FromDate(PgCalendar.DateOf(LocalNow(c))), TypeOid.Date,
                    [], location: loc);
            default:
            {
                bool tz = svf.Op == SQLValueFunctionOp.CurrentTime;
                uint type = tz ? TypeOid.TimeTz : TypeOid.Time;
                var e = BoundExpr.Call((_, c) =>
                {
                    long t = PgCalendar.TimeOf(LocalNow(c));
                    return tz ? Datum.FromTimeTz(t, c.Session.Output.Zone.OffsetAtUtc(c.Session.TransactionStartMicros))
                        : Datum.FromTime(t);
                }, type, [], location: loc);
                return p < 0 ? e : Coerce(e, type, Math.Min(p, 6), true, loc);
            }
        }
    }

    static long LocalNow(EvalContext c)
    {
        long utc = c.Session.TransactionStartMicros;
        return utc + c.Session.Output.Zone.OffsetAtUtc(utc) * PgCalendar.MicrosPerSecond;
    }

    // ---- operators -------------------------------------------------------------------------------------

    BoundExpr BindAExpr(A_Expr a)
    {
        switch (a.Kind)
        {
            case A_ExprKind.Op:
                if (a.Lexpr == null)
                    return MakePrefixOp(a.Name, Bind(a.Rexpr!), a.Location);
                return MakeOp(a.Name, Bind(a.Lexpr), Bind(a.Rexpr!), a.Location);
            case A_ExprKind.Distinct:
            case A_ExprKind.NotDistinct:
            {
                var l = Bind(a.Lexpr!);
                var r = Bind(a.Rexpr!);
                var eq = MakeOp("=", l, r, a.Location, fold: false);
                return new BoundExpr { Kind = BoundKind.Distinct, Type = TypeOid.Bool, Args = [eq.Args[0], eq.Args[1], eq],
                    Flag = a.Kind == A_ExprKind.NotDistinct, Location = a.Location };
            }
            case A_ExprKind.In:
            {
                var l = Bind(a.Lexpr!);
                var items = a.RightList!.Select(Bind).ToList();
                // Resolve one common type for the lhs and list when possible (like PG's IN transformation).
                var all = new List<BoundExpr>(items.Count + 1) { l };
                all.AddRange(items);
                uint common = TryCommonType(all);
                if (common != 0)
                {
                    l = Coerce(l, common, -1, false, a.Lexpr!.Location);
                    for (int i = 0; i < items.Count; i++)
                        items[i] = Coerce(items[i], common, -1, false, a.RightList![i].Location);
                }
                var args = new BoundExpr[items.Count + 1];
                args[0] = l;
                for (int i = 0; i < items.Count; i++)
                    args[i + 1] = MakeOp("=", l, items[i], a.Location);
                return new BoundExpr { Kind = BoundKind.InList, Type = TypeOid.Bool, Args = args,
                    Flag = a.Name == "<>", Location = a.Location };
            }
            case A_ExprKind.Like:
            case A_ExprKind.ILike:
                return BindLike(a);
            case A_ExprKind.Similar:
                // x SIMILAR TO p [ESCAPE e] is x ~ similar_to_escape(p [, e]) (the parser built the call).
                return MakeOp(a.Name, Bind(a.Lexpr!), Bind(a.Rexpr!), a.Location);
            default:
                return BindBetween(a);
        }
    }

    BoundExpr BindBetween(A_Expr a)
    {
        Node x = a.Lexpr!;
        Node lo = a.RightList![0];
        Node hi = a.RightList[1];
        BoundExpr Range(Node low, Node high, bool not)
        {
            var l1 = MakeOp(not ? "<" : ">=", Bind(x), Bind(low), a.Location);
            var l2 = MakeOp(not ? ">" : "<=", Bind(x), Bind(high), a.Location);
            return new BoundExpr { Kind = not ? BoundKind.Or : BoundKind.And, Type = TypeOid.Bool, Args = [l1, l2],
                Location = a.Location };
        }
        switch (a.Kind)
        {
            case A_ExprKind.Between:
                return Range(lo, hi, false);
            case A_ExprKind.NotBetween:
                return Range(lo, hi, true);
            case A_ExprKind.BetweenSymmetric:
                return new BoundExpr { Kind = BoundKind.Or, Type = TypeOid.Bool,
                    Args = [Range(lo, hi, false), Range(hi, lo, false)], Location = a.Location };
            default:
                return new BoundExpr { Kind = BoundKind.And, Type = TypeOid.Bool,
                    Args = [Range(lo, hi, true), Range(hi, lo, true)], Location = a.Location };
        }
    }

    // x [NOT] [I]LIKE p [ESCAPE e] is the operator ~~ (!~~, ~~*, !~~*) on x and p, or on x and like_escape(p, e)
    // (the parser built the call); the operator's overloads decide (bpchar keeps its padding, as in PG).
    BoundExpr BindLike(A_Expr a) => MakeOp(a.Name, Bind(a.Lexpr!), Bind(a.Rexpr!), a.Location);

    static bool IsStringish(uint t) => TypeNames.IsString(t);

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    static void OperatorMissing(string name, uint l, uint r, int location) =>
        Throw.Error(SqlState.UndefinedFunction,
            $"operator does not exist: {TypeNames.Display(l)} {name} {TypeNames.Display(r)}",
            hint: "No operator matches the given name and argument types. You might need to add explicit type casts.",
            position: location + 1);

    public BoundExpr MakeOp(string name, BoundExpr l, BoundExpr r, int location) => MakeOp(name, l, r, location, true);

    /// <summary>The binary operator call; <paramref name="fold"/> false keeps it a call over constants too (for
    /// callers that take the resolved operator apart).</summary>
    BoundExpr MakeOp(string name, BoundExpr l, BoundExpr r, int location, bool fold)
    {
        if (name == "||" && !IsContainerConcat(l, r))
            return MakeConcat(l, r, location);
        if (MakeExtendedOp(name, l, r, location) is { } extended)
            return extended;
        var cands = FunctionCatalog.FindOperator(name, prefix: false);
        Builtin? op = cands == null ? null : FunctionCatalog.Select(cands, [l.Type, r.Type], out bool ambiguous)
            ?? (ambiguous ? Throw.Error<Builtin>("42725",
                $"operator is not unique: {TypeNames.Display(l.Type)} {name} {TypeNames.Display(r.Type)}",
                hint: "Could not choose a best candidate operator. You might need to add explicit type casts.",
                position: location + 1) : null);
        if (op == null)
            OperatorMissing(name, l.Type, r.Type, location);
        var la = Coerce(l, op.ArgTypes[0], -1, false, location);
        var ra = Coerce(r, op.ArgTypes[1], -1, false, location);
        var call = new BoundExpr
        {
            Kind = BoundKind.Func, Type = op.ReturnType, Fn = op.Fn, Args = [la, ra], Strict = op.Strict,
            Location = location, Name = name,
            Immutable = IsImmutableType(op.ArgTypes[0]) && IsImmutableType(op.ArgTypes[1]) && IsImmutableType(op.ReturnType),
        };
        return fold ? Fold(call, op) : call;
    }

    /// <summary>
    /// Types whose operators and casts give the same result under every setting (no time zone, date style, catalog
    /// or float-format dependence): the operators and casts among them are immutable, as in pg_proc.
    /// </summary>
    internal static bool IsImmutableType(uint t) => t is TypeOid.Bool or TypeOid.Int2 or TypeOid.Int4 or TypeOid.Int8
        or TypeOid.Numeric or TypeOid.Float4 or TypeOid.Float8 or TypeOid.Text or TypeOid.Varchar or TypeOid.Bpchar
        or TypeOid.Name or TypeOid.Char or TypeOid.Bytea;

    /// <summary>
    /// A cast between immutable types, except float to a string type, whose digits follow extra_float_digits (folding
    /// it would fix them at plan time).
    /// </summary>
    static bool IsImmutableCast(uint from, uint to) => IsImmutableType(from) && IsImmutableType(to)
        && !(from is TypeOid.Float4 or TypeOid.Float8 && TypeNames.IsString(to));

    BoundExpr MakePrefixOp(string name, BoundExpr arg, int location)
    {
        var cands = FunctionCatalog.FindOperator(name, prefix: true);
        Builtin? op = cands == null ? null : FunctionCatalog.Select(cands, [arg.Type], out _);
        if (op == null)
            Throw.Error(SqlState.UndefinedFunction, $"operator does not exist: {name} {TypeNames.Display(arg.Type)}",
                hint: "No operator matches the given name and argument type. You might need to add an explicit type cast.",
                position: location + 1);
        var a = Coerce(arg, op.ArgTypes[0], -1, false, location);
        return Fold(new BoundExpr
        {
            Kind = BoundKind.Func, Type = op.ReturnType, Fn = op.Fn, Args = [a], Location = location, Name = name,
            Immutable = IsImmutableType(op.ArgTypes[0]) && IsImmutableType(op.ReturnType),
        }, op);
    }

    BoundExpr MakeConcat(BoundExpr l, BoundExpr r, int location)
    {
        bool lb = l.Type == TypeOid.Bytea;
        bool rb = r.Type == TypeOid.Bytea;
        if ((lb || rb) && (lb || l.Type == TypeOid.Unknown) && (rb || r.Type == TypeOid.Unknown))
        {
            var la = Coerce(l, TypeOid.Bytea, -1, false, location);
            var ra = Coerce(r, TypeOid.Bytea, -1, false, location);
            return BoundExpr.Call(static (a, _) => Datum.FromBytes([.. (byte[])a[0].Ref!, .. (byte[])a[1].Ref!]),
                TypeOid.Bytea, [la, ra], location: location);
        }
        bool ls = IsStringish(l.Type);
        bool rs = IsStringish(r.Type);
        if (!ls && !rs)
            OperatorMissing("||", l.Type, r.Type, location);
        if (l.Type == TypeOid.Unknown && rs && r.Type != TypeOid.Unknown || ls && rs)
        {
            var la = Coerce(l, TypeOid.Text, -1, false, location);
            var ra = Coerce(r, TypeOid.Text, -1, false, location);
            return BoundExpr.Call(static (a, _) => Datum.FromText(a[0].Text + a[1].Text), TypeOid.Text, [la, ra], name: "||",
                location: location);
        }
        // anytextcat / textanycat ($1::text || $2): the string side becomes text (bpchar loses its padding), the
        // other side is cast to text explicitly (so a boolean reads "true", not its output "t").
        l = Coerce(l, TypeOid.Text, -1, !ls, location);
        r = Coerce(r, TypeOid.Text, -1, !rs, location);
        return BoundExpr.Call(static (a, _) => Datum.FromText(a[0].Text + a[1].Text), TypeOid.Text, [l, r], name: "||",
            location: location);
    }

    // ---- CASE / COALESCE / common types ------------------------------------------------------------------

    /// <summary>
    /// select_common_type: the type all known-typed expressions convert to implicitly (text when all are
    /// unknown), or 0 with <paramref name="conflict"/> the index of the first expression that cannot be unified
    /// with <paramref name="sofar"/>, the type chosen before it.
    /// </summary>
    static uint CommonType(List<BoundExpr> exprs, out int conflict, out uint sofar)
    {
        uint t = 0;
        conflict = -1;
        sofar = 0;
        for (int i = 0; i < exprs.Count; i++)
        {
            var e = exprs[i];
            if (e.Type == TypeOid.Unknown)
                continue;
            if (t == 0 || t == e.Type)
            {
                t = e.Type;
                continue;
            }
            if (Casts.CanImplicit(t, e.Type) && !Casts.CanImplicit(e.Type, t))
                t = e.Type;
            else if (!Casts.CanImplicit(e.Type, t))
            {
                conflict = i;
                sofar = t;
                return 0;
            }
        }
        return t == 0 ? TypeOid.Text : t;
    }

    /// <summary>select_common_type without errors: 0 when the types cannot be unified.</summary>
    static uint TryCommonType(List<BoundExpr> exprs) => CommonType(exprs, out _, out _);

    List<BoundExpr> CoerceToCommon(List<BoundExpr> exprs, List<Node> nodes, string context)
    {
        uint t = CommonType(exprs, out int bad, out uint sofar);
        if (bad >= 0)
            Throw.Error(SqlState.DatatypeMismatch,
                $"{context} types {TypeNames.Display(sofar)} and {TypeNames.Display(exprs[bad].Type)} cannot be matched",
                position: nodes[bad].Location + 1);
        var result = new List<BoundExpr>(exprs.Count);
        for (int i = 0; i < exprs.Count; i++)
            result.Add(Coerce(exprs[i], t, -1, false, nodes[i].Location));
        return result;
    }

    BoundExpr BindCase(CaseExpr ce)
    {
        var conds = new List<BoundExpr>();
        BoundExpr? arg = ce.Arg == null ? null : Bind(ce.Arg);
        foreach (var w in ce.Whens)
        {
            if (arg != null)
                conds.Add(MakeOp("=", arg, Bind(w.Expr), w.Expr.Location));
            else
                conds.Add(CoerceToBool(Bind(w.Expr), "CASE/WHEN", w.Expr.Location));
        }
        var resultNodes = ce.Whens.Select(w => w.Result).ToList();
        var elseNode = ce.DefResult ?? new A_Const { Kind = ConstKind.Null, Location = -1 };
        resultNodes.Add(elseNode);
        var results = CoerceToCommon(resultNodes.Select(Bind).ToList(), resultNodes, "CASE");
        var args = new List<BoundExpr>();
        for (int i = 0; i < conds.Count; i++)
        {
            args.Add(conds[i]);
            args.Add(results[i]);
        }
        args.Add(results[^1]);
        return new BoundExpr { Kind = BoundKind.Case, Type = results[0].Type, Args = [.. args], Location = ce.Location };
    }

    BoundExpr BindCoalesce(CoalesceExpr co)
    {
        if (co.Kind == CoalesceKind.NullIf)
        {
            var a = Bind(co.Args[0]);
            var b = Bind(co.Args[1]);
            var eq = MakeOp("=", a, b, co.Location, fold: false);
            var left = eq.Args[0];
            return new BoundExpr { Kind = BoundKind.NullIf, Type = left.Type, Args = [left, eq.Args[1], eq],
                Location = co.Location };
        }
        string ctx = co.Kind switch
        {
            CoalesceKind.Coalesce => "COALESCE",
            CoalesceKind.Greatest => "GREATEST",
            _ => "LEAST",
        };
        var args = CoerceToCommon(co.Args.Select(Bind).ToList(), co.Args, ctx);
        return new BoundExpr
        {
            Kind = co.Kind == CoalesceKind.Coalesce ? BoundKind.Coalesce : BoundKind.MinMax,
            Type = args[0].Type, Args = [.. args], Flag = co.Kind == CoalesceKind.Least, Location = co.Location,
        };
    }

    // ---- functions --------------------------------------------------------------------------------------

    static readonly Dictionary<string, AggKind> Aggregates = new(StringComparer.Ordinal)
    {
        ["count"] = AggKind.Count, ["max"] = AggKind.Max, ["min"] = AggKind.Min, ["sum"] = AggKind.Sum,
        ["avg"] = AggKind.Avg, ["bool_and"] = AggKind.BoolAnd, ["every"] = AggKind.BoolAnd, ["bool_or"] = AggKind.BoolOr,
        ["string_agg"] = AggKind.StringAgg,
        ["array_agg"] = AggKind.ArrayAgg,
    };

    BoundExpr BindFunc(FuncCall f)
    {
        string name = f.Name[^1];
        string fullName = string.Join('.', f.Name);
        bool schemaOk = f.Name.Count == 1 || (f.Name.Count == 2 && f.Name[0] == "pg_catalog");
        if (schemaOk && Aggregates.TryGetValue(name, out var aggKind))
            return BindAggregate(f, aggKind);
        if (f.AggStar)
            Throw.Error("42809", $"{fullName}(*) specified, but {fullName} is not an aggregate function",
                position: f.Location + 1);
        if (f.Distinct)
            Throw.Error("42809", $"DISTINCT specified, but {fullName} is not an aggregate function",
                position: f.Location + 1);
        if (f.AggOrder.Count > 0)
            Throw.Error("42809", $"ORDER BY specified, but {fullName} is not an aggregate function",
                position: f.Location + 1);
        var args = f.Args.Select(Bind).ToList();
        if (schemaOk && name == "pg_typeof" && args.Count == 1)
            return BoundExpr.Const(Datum.FromText(TypeNames.Display(args[0].Type)), f.Location);
        var types = args.Select(a => a.Type).ToArray();
        var cands = schemaOk ? FunctionCatalog.FindFunction(name) : null;
        bool ambiguous = false;
        var fn = cands == null ? null : FunctionCatalog.Select(cands, types, out ambiguous);
        if (fn == null && !ambiguous && BindCatalogFunction(f, args) is { } call)
            return call;
        string sig = $"{fullName}({string.Join(", ", types.Select(TypeNames.Display))})";
        if (fn == null && ambiguous)
            Throw.Error("42725", $"function {sig} is not unique",
                hint: "Could not choose a best candidate function. You might need to add explicit type casts.",
                position: f.Location + 1);
        if (fn == null && args.Count == 1 && schemaOk && TypeNames.TryResolveName(name, out uint castTo)
            && (args[0].Type == TypeOid.Unknown || Casts.CanExplicit(args[0].Type, castTo)))
            return Coerce(args[0], castTo, -1, true, f.Location);   // float8(x): a cast written as a call
        if (fn == null)
            Throw.Error(SqlState.UndefinedFunction, $"function {sig} does not exist",
                hint: "No function matches the given name and argument types. You might need to add explicit type casts.",
                position: f.Location + 1);
        var bound = new BoundExpr[args.Count];
        for (int i = 0; i < args.Count; i++)
        {
            uint target = fn.AnyArgs ? (args[i].Type == TypeOid.Unknown ? TypeOid.Text : args[i].Type)
                : fn.ArgTypes[i];
            bound[i] = Coerce(args[i], target, -1, false, f.Args[i].Location);
        }
        if (f.Variadic)
            fn = VariadicCall(fn, bound[^1], f.Args[^1].Location);
        // A set-returning function keeps its overload: a FROM-clause Function Scan reads its rows from it.
        return fn.Set == null ? Fold(BoundExpr.Call(fn.Fn, fn.ReturnType, bound, fn.Strict, f.Location, name), fn) : new BoundExpr
        {
            Kind = BoundKind.Func, Type = fn.ReturnType, Fn = fn.Fn, Args = bound, Strict = fn.Strict,
            Location = f.Location, Name = name, Payload = fn,
        };
    }

    /// <summary>
    /// f(..., VARIADIC arr) of a "variadic any" function (concat, concat_ws, format): the array's elements become the
    /// last arguments; a NULL array as <see cref="Builtin.NullVariadicIsNull"/> says.
    /// </summary>
    static Builtin VariadicCall(Builtin fn, BoundExpr last, int location)
    {
        if (!fn.AnyArgs)
            Throw.Error(SqlState.FeatureNotSupported, $"VARIADIC is not supported yet for function {fn.Name}",
                position: location + 1);
        if (ArrayTypes.ElementOf(last.Type) == 0)
            Throw.Error(SqlState.DatatypeMismatch, "VARIADIC argument must be an array", position: location + 1);
        var inner = fn.Fn;
        bool nullIsNull = fn.NullVariadicIsNull;
        return fn with
        {
            Fn = (a, c) =>
            {
                var arr = a[^1];
                if (arr.IsNull && nullIsNull)
                    return Datum.Null(fn.ReturnType);
                return inner([.. a.AsSpan(0, a.Length - 1), .. FunctionCatalog.Unnest(arr)], c);
            },
        };
    }

    BoundExpr BindAggregate(FuncCall f, AggKind kind)
    {
        string name = f.Name[^1];
        if (_aggForbidden != null)
            Throw.Error(SqlState.GroupingError, $"aggregate functions are not allowed in {_aggForbidden}",
                position: f.Location + 1);
        if (_inAgg)
            Throw.Error(SqlState.GroupingError, "aggregate function calls cannot be nested", position: f.Location + 1);
        if (f.AggStar)
        {
            if (kind != AggKind.Count)
                Throw.Error(SqlState.SyntaxError /* PG: 42809 */, $"{name}(*) specified, but {name} is not an aggregate function",
                    position: f.Location + 1);
            return AddAgg(new AggSpec(AggKind.CountStar, null, false, TypeOid.Int8), f.Location);
        }
        if (f.Args.Count != (kind == AggKind.StringAgg ? 2 : 1))
            Throw.Error(SqlState.UndefinedFunction,
                $"function {name}({string.Join(", ", f.Args.Select(a => TypeNames.Display(Bind(a).Type)))}) does not exist",
                hint: "No function matches the given name and argument types. You might need to add explicit type casts.",
                position: f.Location + 1);
        _inAgg = true;
        var arg = Bind(f.Args[0]);
        BoundExpr? arg2 = kind == AggKind.StringAgg ? Bind(f.Args[1]) : null;
        var order = f.AggOrder.Select(sb => BindAggOrderKey(sb)).ToArray();
        _inAgg = false;
        if (f.Distinct && order.Any(k => !SameExpr(k.Expr, arg)))
            Throw.Error("42P10", "in an aggregate with DISTINCT, ORDER BY expressions must appear in argument list",
                position: f.AggOrder[Array.FindIndex(order, k => !SameExpr(k.Expr, arg))].Expr.Location + 1);
        uint t = arg.Type;
        if (kind is AggKind.BoolAnd or AggKind.BoolOr && t == TypeOid.Unknown)
        {
            arg = Coerce(arg, TypeOid.Bool, -1, false, f.Args[0].Location);
            t = TypeOid.Bool;
        }
        if (kind != AggKind.Count && t == TypeOid.Unknown)
        {
            arg = Coerce(arg, TypeOid.Text, -1, false, f.Args[0].Location);
            t = TypeOid.Text;
        }
        uint result;
        switch (kind)
        {
            case AggKind.Count:
                result = TypeOid.Int8;
                break;
            case AggKind.Max:
            case AggKind.Min:
                result = t;
                break;
            case AggKind.BoolAnd:
            case AggKind.BoolOr:
                result = t == TypeOid.Bool ? TypeOid.Bool : 0;
                break;
            case AggKind.StringAgg:
                result = t == TypeOid.Bytea ? TypeOid.Bytea : TypeNames.IsString(t) ? TypeOid.Text : 0;
                if (result != 0)
                {
                    if (arg.Type != result)
                        arg = Coerce(arg, result, -1, false, f.Args[0].Location);
                    arg2 = Coerce(arg2!, result, -1, false, f.Args[1].Location);
                }
                break;
            case AggKind.ArrayAgg:
                if (ArrayTypes.ElementOf(t) != 0)
                    Throw.Error(SqlState.FeatureNotSupported, "array_agg of arrays is not supported yet",
                        position: f.Location + 1);
                result = ArrayTypes.ArrayOf(t);
                break;
            case AggKind.Sum:
                result = t switch
                {
                    TypeOid.Int2 or TypeOid.Int4 => TypeOid.Int8,
                    TypeOid.Int8 or TypeOid.Numeric => TypeOid.Numeric,
                    TypeOid.Float4 => TypeOid.Float4,
                    TypeOid.Float8 => TypeOid.Float8,
                    _ => 0,
                };
                break;
            default:
                result = t switch
                {
                    TypeOid.Int2 or TypeOid.Int4 or TypeOid.Int8 or TypeOid.Numeric => TypeOid.Numeric,
                    TypeOid.Float4 or TypeOid.Float8 => TypeOid.Float8,
                    _ => 0,
                };
                break;
        }
        if (result == 0)
            Throw.Error(SqlState.UndefinedFunction,
                $"function {name}({TypeNames.Display(t)}{(arg2 != null ? ", " + TypeNames.Display(arg2.Type) : "")}) does not exist",
                hint: "No function matches the given name and argument types. You might need to add explicit type casts.",
                position: f.Location + 1);
        var deparse = new Nodes.ExplainContext();
        string orderText = order.Length == 0 ? ""
            : " ORDER BY " + string.Join(", ", order.Select(k => deparse.Deparse(k.Expr) + (k.Desc ? " DESC" : "")
                + (k.NullsFirst != k.Desc ? (k.NullsFirst ? " NULLS FIRST" : " NULLS LAST") : "")));
        string display = $"{name}({(f.Distinct ? "DISTINCT " : "")}{deparse.Deparse(arg)}{(arg2 != null ? ", " + deparse.Deparse(arg2) : "")}{orderText})";
        return AddAgg(new AggSpec(kind, arg, f.Distinct, result) { Arg2 = arg2, Order = order, Display = display },
            f.Location);
    }

    /// <summary>An ORDER BY key of an aggregate call (unknown literals sort as text; NULLs last unless DESC).</summary>
    SortKey BindAggOrderKey(SortBy sb)
    {
        var e = Bind(sb.Expr);
        if (e.Type == TypeOid.Unknown)
            e = Coerce(e, TypeOid.Text, -1, false, sb.Expr.Location);
        return new SortKey(e, sb.Desc, sb.NullsFirst ?? sb.Desc);
    }

    BoundExpr AddAgg(AggSpec spec, int location)
    {
        if (spec.Display.Length == 0)
            spec = spec with { Display = "count(*)" };
        _aggs.Add(spec);
        return new BoundExpr { Kind = BoundKind.AggRef, Index = _aggs.Count - 1, Type = spec.ResultType,
            Location = location };
    }
}
