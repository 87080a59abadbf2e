// Parse analysis for catalog-defined types and functions (parse_oper.c / parse_func.c for polymorphic anyenum and
// anyrange operators, and functions found in pg_proc): enum comparisons (by enumsortorder), range comparisons,
// containment (of ranges and of elements of exactly the subtype), overlap, position, adjacency, union,
// intersection and difference, the range accessors (lower, upper, isempty, lower_inc, ...), range constructors
// (type(lower, upper [, bounds]) for built-in and CREATE TYPE ranges), enum_first / enum_last, and user functions
// (LANGUAGE sql, through SqlFunctionBody) with overload resolution over the candidates on the search path.
// Parameter names of a SQL function body resolve here too. Hooks called from Analyzer.cs: MakeExtendedOp,
// BindCatalogFunction, TryBindFunctionParam.
using Tusk.Catalog;
using Tusk.Common.Errors;
using Tusk.Common.Types;
using Tusk.Executor.Expr;
using Tusk.Executor.Functions;
using Tusk.Sql.Nodes;

namespace Tusk.Executor.Analysis;

internal sealed partial class Analyzer
{
    /// <summary>Set when analysing a SQL function's body: its parameter names resolve to $n.</summary>
    internal SqlFunctionScope? FunctionScope { get; init; }

    /// <summary>Whether the analysed expressions contain aggregate calls.</summary>
    internal bool HasAggregates => _aggs.Count > 0;

    /// <summary>A parameter named by a column reference in a SQL function body (a column of FROM wins), or null.</summary>
    BoundExpr? TryBindFunctionParam(ColumnRef c)
    {
        var scope = FunctionScope!;
        string? name = c.Fields.Count == 1 ? c.Fields[0]
            : c.Fields.Count == 2 && c.Fields[0] == scope.Name ? c.Fields[1] : null;
        int i = name == null ? -1 : Array.IndexOf(scope.ParamNames, name);
        if (i < 0 || (c.Fields.Count == 1 && _from.Any(f => Array.Exists(f.Columns, col => col.Name == name))))
            return null;
        return BindParam(new ParamRef { Number = i + 1, Location = c.Location });
    }

    static bool IsExtended(uint t) =>
        t >= UserTypes.FirstUserOid || t is >= TypeOid.Int4Range and <= TypeOid.Int8Range;

    /// <summary>Makes the unknown side of a binary operator the other side's type; false when the types differ.</summary>
    bool UnifyOperands(ref BoundExpr l, ref BoundExpr r, int location)
    {
        if (l.Type == r.Type)
            return true;
        if (l.Type == TypeOid.Unknown)
            l = Coerce(l, r.Type, -1, false, location);
        else if (r.Type == TypeOid.Unknown)
            r = Coerce(r, l.Type, -1, false, location);
        else
            return false;
        return true;
    }

    static BoundExpr Compare(string op, BoundExpr l, BoundExpr r, int location)
    {
        Func<int, bool> test = op switch
        {
            "=" => c => c == 0,
            "<>" => c => c != 0,
            "<" => c => c < 0,
            ">" => c => c > 0,
            "<=" => c => c <= 0,
            _ => c => c >= 0,
        };
        return BoundExpr.Call((a, _) => Datum.FromBool(test(TypeOrder.Compare(a[0], a[1]))), TypeOid.Bool, [l, r],
            location: location);
    }

    static BoundExpr Bool(Func<Datum, Datum, bool> f, BoundExpr l, BoundExpr r, int location) =>
        BoundExpr.Call((a, _) => Datum.FromBool(f(a[0], a[1])), TypeOid.Bool, [l, r], location: location);

    /// <summary>Operators on enums and ranges, or null when they do not apply (the built-in table decides then).</summary>
    BoundExpr? MakeExtendedOp(string name, BoundExpr l, BoundExpr r, int location)
    {
        if (!IsExtended(l.Type) && !IsExtended(r.Type))
            return null;
        bool comparison = name is "=" or "<>" or "<" or ">" or "<=" or ">=";
        if (UserTypes.IsEnum(l.Type) || UserTypes.IsEnum(r.Type))
            return comparison && UnifyOperands(ref l, ref r, location) ? Compare(name, l, r, location) : null;
        bool lr = RangeIO.IsRange(l.Type), rr = RangeIO.IsRange(r.Type);
        if (!lr && !rr)
            return null;
        if (name == "@>" && lr && !rr && r.Type != TypeOid.Unknown)
            return r.Type == RangeIO.SubtypeOf(l.Type) ? Bool(static (a, b) => RangeOps.ContainsElem(a, b), l, r, location) : null;
        if (name == "<@" && rr && !lr && l.Type != TypeOid.Unknown)
            return l.Type == RangeIO.SubtypeOf(r.Type) ? Bool(static (a, b) => RangeOps.ContainsElem(b, a), l, r, location) : null;
        if (!UnifyOperands(ref l, ref r, location))
            return null;
        if (comparison)
            return Compare(name, l, r, location);
        uint t = l.Type;
        return name switch
        {
            "@>" => Bool(static (a, b) => RangeOps.Contains(a, b), l, r, location),
            "<@" => Bool(static (a, b) => RangeOps.Contains(b, a), l, r, location),
            "&&" => Bool(static (a, b) => RangeOps.Overlaps(a, b), l, r, location),
            "<<" or ">>" or "&<" or "&>" => Bool((a, b) => RangeOps.Position(a, b, name), l, r, location),
            "-|-" => Bool(static (a, b) => RangeOps.Adjacent(a, b), l, r, location),
            "+" => BoundExpr.Call(static (a, _) => RangeOps.Union(a[0], a[1]), t, [l, r], location: location),
            "*" => BoundExpr.Call(static (a, _) => RangeOps.Intersect(a[0], a[1]), t, [l, r], location: location),
            "-" => BoundExpr.Call(static (a, _) => RangeOps.Minus(a[0], a[1]), t, [l, r], location: location),
            _ => null,
        };
    }

    /// <summary>
    /// A function the built-in table does not have: range accessors and constructors, enum_first/enum_last, or a
    /// function from pg_proc. Null when none fits (the caller reports 42883).
    /// </summary>
    BoundExpr? BindCatalogFunction(FuncCall f, List<BoundExpr> args)
    {
        string name = f.Name[^1];
        string? schema = f.Name.Count > 1 ? f.Name[^2] : null;
        bool catalogSchema = schema is null or "pg_catalog";
        if (catalogSchema && args.Count == 1 && RangeIO.IsRange(args[0].Type) && RangeOps.IsAccessor(name, out bool sub))
        {
            return BoundExpr.Call((a, _) => RangeOps.Accessor(name, a[0]),
                sub ? RangeIO.SubtypeOf(args[0].Type) : TypeOid.Bool, [args[0]], location: f.Location);
        }
        if (catalogSchema && args.Count == 1 && name is "enum_first" or "enum_last" && UserTypes.IsEnum(args[0].Type))
        {
            uint et = args[0].Type;
            bool first = name == "enum_first";
            return BoundExpr.Call((_, _) => EnumEnd(et, first), et, [args[0]], strict: false, location: f.Location);
        }
        if (f.Name.Count <= 2 && args.Count is 2 or 3 && RangeType(schema, name) is var rt and not 0)
            return RangeConstructor(rt, f, args);
        return BindPgProcFunction(f, args, name, schema);
    }

    /// <summary>The range type a constructor name refers to, or 0.</summary>
    static uint RangeType(string? schema, string name)
    {
        if (schema is null or "pg_catalog" && TypeNames.TryResolveName(name, out uint builtin) && RangeIO.IsRange(builtin))
            return builtin;
        uint oid = UserTypes.Lookup(schema, name);
        return RangeIO.IsRange(oid) ? oid : 0;
    }

    static Datum EnumEnd(uint type, bool first)
    {
        var labels = UserTypes.Find(type)!.Labels;
        if (labels.Length == 0)
            Throw.Error(SqlState.ObjectNotInPrerequisiteState, $"enum {UserTypes.Find(type)!.Name} contains no values");
        return Datum.FromOid((first ? labels[0] : labels[^1]).Oid).WithType(type);
    }

    BoundExpr? RangeConstructor(uint type, FuncCall f, List<BoundExpr> args)
    {
        uint sub = RangeIO.SubtypeOf(type);
        for (int i = 0; i < 2; i++)
        {
            if (args[i].Type != sub && !Casts.CanImplicit(args[i].Type, sub))
                return null;
        }
        if (args.Count == 3 && args[2].Type != TypeOid.Unknown && !Casts.CanImplicit(args[2].Type, TypeOid.Text))
            return null;
        var bound = new BoundExpr[args.Count];
        for (int i = 0; i < args.Count; i++)
            bound[i] = Coerce(args[i], i < 2 ? sub : TypeOid.Text, -1, false, f.Args[i].Location);
        return BoundExpr.Call((a, _) =>
        {
            if (a.Length == 3 && a[2].IsNull)
                Throw.Error(SqlState.NullValueNotAllowed, "range constructor flags argument must not be null");
            return RangeIO.Construct(type, a[0], a[1], a.Length == 3 ? a[2].Text : "[)");
        }, type, bound, strict: false, location: f.Location);
    }

    /// <summary>A function from pg_proc on the search path (or in the named schema) that the arguments fit.</summary>
    BoundExpr? BindPgProcFunction(FuncCall f, List<BoundExpr> args, string name, string? schema)
    {
        // The session's catalog is the process's type catalog; processes without catalogs (unit tests) have none.
        if (UserTypes.Catalog is not CatalogSession cat)
            return null;
        uint ns = schema == null ? 0 : cat.LookupNamespace(schema);
        if (schema != null && ns == 0)
            return null;
        var procs = cat.FindFunctions(name)
            .Where(p => p.ArgTypes.Length == args.Count && (schema == null ? cat.SearchPathPosition(p.Namespace) >= 0 : p.Namespace == ns))
            .OrderBy(p => cat.SearchPathPosition(p.Namespace))
            .ToList();
        if (procs.Count == 0)
            return null;
        var wrappers = procs.Select(p => new Builtin(p.Name, p.ArgTypes, p.ReturnType, static (_, _) => default)).ToList();
        var types = args.Select(a => a.Type).ToArray();
        var chosen = FunctionCatalog.Select(wrappers, types, out bool ambiguous);
        if (chosen == null)
        {
            if (ambiguous)
                Throw.Error("42725", $"function {string.Join('.', f.Name)}({string.Join(", ", types.Select(TypeNames.Display))}) is not unique",
                    hint: "Could not choose a best candidate function. You might need to add explicit type casts.",
                    position: f.Location + 1);
            return null;
        }
        var proc = procs[wrappers.IndexOf(chosen)];
        if (proc.ReturnsSet)
            Throw.Error(SqlState.FeatureNotSupported, "set-returning functions are not supported yet", position: f.Location + 1);
        if (proc.Language != CatalogSession.LanguageSql)
            Throw.Error(SqlState.FeatureNotSupported, $"calling function {proc.Name} of this language is not supported yet",
                position: f.Location + 1);
        var bound = new BoundExpr[args.Count];
        for (int i = 0; i < args.Count; i++)
            bound[i] = Coerce(args[i], proc.ArgTypes[i], -1, false, f.Args[i].Location);
        var body = new SqlFunctionBody(proc);
        return BoundExpr.Call((a, c) => body.Invoke(a, c), proc.ReturnType, bound, proc.Strict, f.Location);
    }
}
