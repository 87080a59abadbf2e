// SELECT planning (analyze.c transformSelectStmt + planner.c grouping_planner, for one query level): binds the
// FROM items into a tree of scan and join nodes, places WHERE conjuncts as low as they can go (a conjunct of one
// FROM item filters its scan; one spanning the first k items filters the join that adds item k), then adds, as
// the query needs them: HashAggregate/Aggregate (GROUP BY, aggregates, HAVING), the projection of the select
// list plus resjunk ORDER BY / DISTINCT ON keys (computed over a ProjectSet when the list calls set-returning
// functions), DISTINCT (HashAggregate), Sort (+ Unique for DISTINCT ON) and Limit. Set operations (UNION [ALL] →
// Append [+ HashAggregate], INTERSECT/EXCEPT → HashSetOp), VALUES lists and WITH queries are planned here too.
// Sub-SELECTs in expressions become SubPlans (Analyzer.Sublinks.cs).
// Grouping check: after binding, every expression above the Agg node is rewritten so a subexpression equal to a
// GROUP BY expression reads the group key and an aggregate reads its result; a column left over is 42803.
using System.Globalization;
using Tusk.Common.Errors;
using Tusk.Common.Types;
using Tusk.Executor.Expr;
using Tusk.Executor.Functions;
using Tusk.Executor.Nodes;
using Tusk.Sql.Nodes;

namespace Tusk.Executor.Analysis;

internal sealed partial class Analyzer
{
    Analyzer? _parent;                  // enclosing query of a sub-SELECT in an expression
    Analyzer? _fromParent;              // query whose FROM holds this subquery
    readonly List<BoundExpr> _outerRefs = [];
    readonly Dictionary<string, BoundExpr> _merged = new(StringComparer.Ordinal);   // JOIN USING columns
    Dictionary<string, CommonTableExpr> _ctes = new(StringComparer.Ordinal);
    int _width;
    bool _keepUnknown;                  // a set operation's branch: its untyped columns are resolved above it

    /// <summary>Analyzes and plans a SELECT (or VALUES, or set operation) of the top query level.</summary>
    public PreparedQuery AnalyzeSelect(SelectStmt s)
    {
        var (root, columns) = PlanQuery(s);
        FinishParams();
        return new SelectQuery(root, columns, [.. _paramTypes], _from.Count > 1) { PlanError = _planErrors.First };
    }

    /// <summary>CREATE VIEW: plans the query and reports the relations its FROM clauses name (not those of views they read).</summary>
    public PreparedQuery AnalyzeView(SelectStmt s, out HashSet<uint> reads)
    {
        _reads = reads = [];
        return AnalyzeSelect(s);
    }

    /// <summary>Plans one query; the root's first columns.Length output columns are the visible ones.</summary>
    (PlanNode Root, ResultColumn[] Columns) PlanQuery(SelectStmt s)
    {
        if (s.WithClause.Count > 0)
        {
            _ctes = new Dictionary<string, CommonTableExpr>(_ctes, StringComparer.Ordinal);
            foreach (var cte in s.WithClause)
            {
                if (s.WithClause.Count(c => c.Name == cte.Name) > 1)
                    Throw.Error("42712", $"WITH query name \"{cte.Name}\" specified more than once",
                        position: cte.Location + 1);
                _ctes[cte.Name] = cte;
            }
        }
        if (s.Op != SetOperation.None)
            return PlanSetOperation(s);
        if (s.ValuesLists.Count > 0)
            return PlanValues(s);
        return PlanSimpleSelect(s);
    }

    // ---- FROM ---------------------------------------------------------------------------------------------

    /// <summary>Adds a leaf FROM item to the scope; returns its FromItem.</summary>
    FromItem AddLeaf(string refName, string? schema, ResultColumn[] columns, List<string> colAliases, int location,
        bool isTable = false)
    {
        if (_from.Any(f => f.RefName == refName))
            Throw.Error("42712", $"table name \"{refName}\" specified more than once", position: location + 1);
        if (colAliases.Count > columns.Length)
            Throw.Error(SqlState.InvalidColumnReference,
                $"table \"{refName}\" has {columns.Length} columns available but {colAliases.Count} columns specified");
        var cols = new ResultColumn[columns.Length];
        for (int i = 0; i < cols.Length; i++)
            cols[i] = i < colAliases.Count ? columns[i] with { Name = colAliases[i] } : columns[i];
        bool system = isTable && _systemColumns;
        var item = new FromItem(refName, schema, cols, _width, isTable, system ? _width + cols.Length : -1);
        _from.Add(item);
        _width += cols.Length + (system ? Nodes.TableView.SystemColumns.Length : 0);
        return item;
    }

    PlanNode PlanFromItem(Node n, out int firstLeaf)
    {
        firstLeaf = _from.Count;
        switch (n)
        {
            case RangeVar rv:
                return PlanRangeVar(rv);
            case RangeSubselect rs:
                if (rs.Lateral)
                    Throw.Error(SqlState.FeatureNotSupported, "LATERAL is not supported yet", position: rs.Location + 1);
                return PlanSubqueryLeaf(new Analyzer(this, sublink: false), rs.Subquery, rs.Alias!, rs.ColNames,
                    rs.Location);
            case RangeFunction rf:
                return PlanRangeFunction(rf);
            case JoinExpr j:
                return PlanJoin(j);
            default:
                return Throw.Error<PlanNode>(SqlState.FeatureNotSupported,
                    $"FROM item {n.GetType().Name} is not supported yet", position: n.Location + 1);
        }
    }

    /// <summary>A FROM subquery or WITH query read under <paramref name="alias"/>: a Subquery Scan and its leaf.</summary>
    PlanNode PlanSubqueryLeaf(Analyzer child, SelectStmt query, string alias, List<string> colAliases, int location)
    {
        var (root, cols) = child.PlanQuery(query);
        return SubqueryLeaf(root, [.. cols.Select(c => new ResultColumn(c.Name, c.TypeOid, c.TypeMod, c.TypeLen))], alias,
            null, colAliases, location);
    }

    /// <summary>
    /// A Subquery Scan over <paramref name="root"/> yielding <paramref name="cols"/> (the first columns of its rows:
    /// the scan cuts the rest), in scope under <paramref name="alias"/>.
    /// </summary>
    PlanNode SubqueryLeaf(PlanNode root, ResultColumn[] cols, string alias, string? schema, List<string> colAliases,
        int location)
    {
        var scan = SubqueryScan(root, null, cols.Length, [.. cols.Select(c => c.TypeOid)], alias);
        AddLeaf(alias, schema, cols, colAliases, location);
        return scan;
    }

    PlanNode PlanRangeVar(RangeVar rv)
    {
        if (rv.Schema == null && _ctes.TryGetValue(rv.Name, out var cte))
        {
            // A WITH query is planned where it is read, without itself in scope (no recursion).
            var child = new Analyzer(this, sublink: false);
            child._ctes = new Dictionary<string, CommonTableExpr>(_ctes, StringComparer.Ordinal);
            child._ctes.Remove(rv.Name);
            return PlanSubqueryLeaf(child, cte.Query, rv.Alias ?? rv.Name,
                rv.ColNames.Count > 0 ? rv.ColNames : cte.ColNames, rv.Location);
        }
        var view = _ctx.FindSystemView(rv.Schema, rv.Name);
        Tusk.Catalog.Relation? rel = null;
        if (view == null)
        {
            rel = _ctx.FindTable(rv.Schema, rv.Name);
            if (rel != null)
                _reads?.Add(rel.Oid);
            if (rel is { Kind: Tusk.Catalog.RelKind.View })
                return PlanView(rv, rel);
            if (rel != null)
                view = new TableView(rel, _ctx, _systemColumns);
        }
        if (view == null)
            Throw.Error(SqlState.UndefinedTable,
                $"relation \"{(rv.Schema != null ? rv.Schema + "." : "")}{rv.Name}\" does not exist",
                position: rv.Location + 1);
        string refName = rv.Alias ?? rv.Name;
        PlanNode node = new SeqScanNode(view!, view!.Name, rv.Alias)
        {
            OutputTypes = view is TableView table ? table.RowTypes() : view.Columns.Select(c => c.TypeOid).ToArray(),
        };
        Costing.SeqScan(node, rel, view.Columns);
        if (rel != null && rv.Inh && _ctx.Catalog.FindAllInheritors(rel.Oid) is { Count: > 1 } family)
            node = PlanInheritance(node, view, family, refName);
        AddLeaf(refName, rv.Schema, view.Columns, rv.ColNames, rv.Location, isTable: view is TableView);
        return node;
    }

    /// <summary>
    /// A view read in FROM: its stored query, parsed again and planned as a subquery under the view's name. The query
    /// sees no WITH query of the statement reading it. Columns are the view's own (pg_attribute): a "*" in the
    /// definition that now expands to more columns (the table gained some) yields only the view's first ones.
    /// </summary>
    PlanNode PlanView(RangeVar rv, Tusk.Catalog.Relation rel)
    {
        var query = Tusk.Sql.Parser.RawParser.Parse(rel.ViewQuery ?? "", standardConformingStrings: true) is [{ Stmt: SelectStmt q }]
            ? q
            : Throw.Error<SelectStmt>(SqlState.InternalError, $"view \"{rel.Name}\" has no valid definition");
        var child = new Analyzer(this, sublink: false) { _ctes = new(StringComparer.Ordinal), _reads = null };
        var (root, cols) = child.PlanQuery(query);
        var viewCols = rel.Columns.Where(c => !c.IsDropped).ToArray();
        if (cols.Length < viewCols.Length || viewCols.Where((c, i) => c.Type != cols[i].TypeOid).Any())
            Throw.Error(SqlState.InvalidTableDefinition,
                $"the definition of view \"{rel.Name}\" no longer matches its columns");
        return SubqueryLeaf(root, [.. viewCols.Select(c => new ResultColumn(c.Name, c.Type, c.TypMod))], rv.Alias ?? rv.Name,
            rv.Schema, rv.ColNames, rv.Location);
    }

    /// <summary>
    /// A table with inheritance children (no ONLY): an Append of a scan of each, every child's row projected to the
    /// parent's columns by name (a child's own columns are left out; multiple inheritance can reorder them).
    /// </summary>
    PlanNode PlanInheritance(PlanNode parentScan, ISystemView parentView, IReadOnlyList<uint> family, string refName)
    {
        var scans = new List<PlanNode> { parentScan };
        foreach (uint oid in family.Skip(1))
        {
            var child = _ctx.Catalog.GetRelation(oid);
            if (child == null)
                continue;
            var cview = new TableView(child, _ctx, _systemColumns);
            var proj = parentView.Columns.Select(pc =>
            {
                int i = Array.FindIndex(cview.Columns, cc => cc.Name == pc.Name);
                return new BoundExpr { Kind = BoundKind.Column, Index = i, Type = pc.TypeOid, TypeMod = pc.TypeMod,
                    Name = pc.Name, Qualifier = refName };
            }).ToArray();
            if (_systemColumns)
                proj = [.. proj, .. TableView.SystemColumns.Select((sc, k) => new BoundExpr { Kind = BoundKind.Column,
                    Index = cview.Columns.Length + k, Type = sc.TypeOid, Name = sc.Name, Qualifier = refName })];
            var scan = new SeqScanNode(cview, child.Name, refName + "_" + (scans.Count + 1))
            {
                Projection = proj,
                OutputTypes = parentScan.OutputTypes,
            };
            Costing.SeqScan(scan, child, cview.Columns);
            scans.Add(scan);
        }
        var append = new AppendNode([.. scans])
        {
            PlanRows = scans.Sum(x => x.PlanRows),
            TotalCost = scans.Sum(x => x.TotalCost),
            PlanWidth = parentScan.PlanWidth,
        };
        return append;
    }

    PlanNode PlanRangeFunction(RangeFunction rf)
    {
        string name = rf.Function.Name[^1];
        string alias = rf.Alias ?? name;
        // Not LATERAL: the arguments may not read the FROM list.
        _noColumns = true;
        _aggForbidden = "functions in FROM";
        var call = Bind(rf.Function);
        _noColumns = false;
        _aggForbidden = null;
        ResultColumn[] cols;
        FunctionScanNode node;
        if (call.Payload is Builtin { Set: { } rows } srf)
        {
            cols = srf.SetColumns is { } sc
                ? sc.Select(c => new ResultColumn(c.Name, c.Type)).ToArray()
                : [new ResultColumn(alias, srf.ReturnType)];
            node = new FunctionScanNode(name, alias, call.Args, rows, null, rf.Ordinality) { PlanRows = 1000 };
        }
        else
        {
            if (call.Type == TypeOid.Unknown)
                call = ResolveUnknownToText(call);
            cols = [new ResultColumn(alias, call.Type, call.TypeMod)];
            node = new FunctionScanNode(name, alias, [], null, call, rf.Ordinality) { PlanRows = 1 };
        }
        if (rf.Ordinality)
            cols = [.. cols, new ResultColumn("ordinality", TypeOid.Int8)];
        node.OutputTypes = cols.Select(c => c.TypeOid).ToArray();
        node.TotalCost = node.PlanRows * 0.01;
        node.PlanWidth = cols.Sum(c => Costing.Width(c.TypeOid));
        AddLeaf(alias, null, cols, rf.ColNames, rf.Location);
        return node;
    }

    PlanNode PlanJoin(JoinExpr j)
    {
        var left = PlanFromItem(j.Larg, out int leftFirst);
        int leftEnd = _from.Count;
        var right = PlanFromItem(j.Rarg, out _);
        int rightEnd = _from.Count;
        BoundExpr? qual = null;
        var usingCols = j.UsingClause;
        if (j.IsNatural)
        {
            var leftNames = _from.Skip(leftFirst).Take(leftEnd - leftFirst).SelectMany(f => f.Columns).Select(c => c.Name);
            var rightNames = _from.Skip(leftEnd).Take(rightEnd - leftEnd).SelectMany(f => f.Columns).Select(c => c.Name).ToHashSet();
            usingCols = leftNames.Where(rightNames.Contains).Distinct().ToList();
        }
        if (usingCols != null)
        {
            var conds = new List<BoundExpr>();
            foreach (var name in usingCols)
            {
                var l = FindInRange(name, leftFirst, leftEnd, j.Location, "left");
                var r = FindInRange(name, leftEnd, rightEnd, j.Location, "right");
                conds.Add(MakeOp("=", l, r, j.Location));
                _merged[name] = j.JoinType switch
                {
                    JoinType.Right => r,
                    JoinType.Full => new BoundExpr { Kind = BoundKind.Coalesce, Type = l.Type, Args = [l, r],
                        Location = j.Location, Name = name },
                    _ => l,
                };
            }
            qual = conds.Count == 0 ? null : conds.Count == 1 ? conds[0]
                : new BoundExpr { Kind = BoundKind.And, Type = TypeOid.Bool, Args = [.. conds], Location = j.Location };
        }
        else if (j.Quals != null)
        {
            qual = CoerceToBool(BindNoAggregates(j.Quals, "JOIN conditions"), "JOIN/ON", j.Quals.Location);
        }
        var node = new NestLoopNode(left, right, j.JoinType, qual);
        Costing.Join(node, left, right, qual);
        return node;
    }

    BoundExpr FindInRange(string name, int first, int end, int location, string side)
    {
        BoundExpr? found = null;
        for (int k = first; k < end; k++)
        {
            var f = _from[k];
            int i = Array.FindIndex(f.Columns, c => c.Name == name);
            if (i < 0)
                continue;
            if (found != null)
                Throw.Error(SqlState.AmbiguousColumn,
                    $"common column name \"{name}\" appears more than once in {side} table", position: location + 1);
            var c = f.Columns[i];
            found = new BoundExpr { Kind = BoundKind.Column, Index = f.Offset + i, Type = c.TypeOid, TypeMod = c.TypeMod,
                Location = location, Name = c.Name, Qualifier = f.RefName };
        }
        return found ?? Throw.Error<BoundExpr>(SqlState.UndefinedColumn,
            $"column \"{name}\" specified in USING clause does not exist in {side} table", position: location + 1);
    }

    /// <summary>
    /// UPDATE ... FROM / DELETE ... USING: the extra FROM items, after the target relation already in scope, as
    /// one row source (a left-deep tree of nested loops); null when there are none.
    /// </summary>
    public PlanNode? PlanExtraFrom(List<Node> items)
    {
        PlanNode? top = null;
        foreach (var item in items)
        {
            var node = PlanFromItem(item, out _);
            top = top == null ? node : InnerJoin(top, node, null);
        }
        return top;
    }

    /// <summary>The FROM list as a left-deep join tree with the WHERE conjuncts placed.</summary>
    PlanNode PlanFromAndWhere(SelectStmt s)
    {
        var items = new List<(PlanNode Node, int First, int End)>();
        foreach (var item in s.FromClause)
        {
            var node = PlanFromItem(item, out int first);
            items.Add((node, first, _from.Count));
        }
        var conjuncts = new List<BoundExpr>();
        if (s.WhereClause != null)
        {
            var where = CoerceToBool(BindNoAggregates(s.WhereClause, "WHERE"), "WHERE", s.WhereClause.Location);
            where = FoldConstants(where);
            // WHERE false (or NULL) once folded: no row can qualify, so no FROM item is read (a dummy relation,
            // shown as PostgreSQL does: Result with "One-Time Filter: false").
            if (where.IsConst && (where.Value.IsNull || !where.Value.Bool))
                return new ResultNode { Qual = BoundExpr.Const(Datum.FromBool(false)), PlanRows = 0, TotalCost = 0 };
            if (!where.IsConst)
                Flatten(where, conjuncts);
        }
        if (items.Count == 0)
        {
            var result = new ResultNode { PlanRows = 1, TotalCost = 0.01 };
            if (conjuncts.Count > 0)
                result.Qual = AndOf(conjuncts);
            return result;
        }
        // Which top-level item each conjunct needs last (by the highest column it reads).
        var byItem = items.Select(_ => new List<BoundExpr>()).ToArray();
        var single = items.Select(_ => new List<BoundExpr>()).ToArray();
        foreach (var c in conjuncts)
        {
            var (lo, hi) = ColumnRange(c);
            int itemHi = hi < 0 ? 0 : items.FindIndex(it => hi >= _from[it.First].Offset && hi < ItemEndOffset(it.End));
            int itemLo = lo < 0 ? itemHi : items.FindIndex(it => lo >= _from[it.First].Offset && lo < ItemEndOffset(it.End));
            if (itemLo == itemHi && items[itemHi].Node is SeqScanNode or FunctionScanNode or SubqueryScanNode
                    or ValuesScanNode)
                single[itemHi].Add(c);
            else
                byItem[itemHi].Add(c);
        }
        for (int i = 0; i < items.Count; i++)
        {
            if (single[i].Count == 0)
                continue;
            int delta = _from[items[i].First].Offset;
            var q = AndOf(single[i].Select(c => delta == 0 ? c : ShiftColumns(c, -delta)).ToList());
            items[i].Node.Qual = q;
            Costing.Filter(items[i].Node, q);
        }
        PlanNode top = items[0].Node;
        if (byItem[0].Count > 0)
        {
            top.Qual = top.Qual == null ? AndOf(byItem[0]) : AndOf([top.Qual, .. byItem[0]]);
            Costing.Filter(top, top.Qual);
        }
        for (int i = 1; i < items.Count; i++)
            top = InnerJoin(top, items[i].Node, byItem[i].Count == 0 ? null : AndOf(byItem[i]));
        return top;
    }

    static NestLoopNode InnerJoin(PlanNode left, PlanNode right, BoundExpr? qual)
    {
        var nl = new NestLoopNode(left, right, JoinType.Inner, qual);
        Costing.Join(nl, left, right, qual);
        return nl;
    }

    int ItemEndOffset(int endLeaf) => endLeaf < _from.Count ? _from[endLeaf].Offset : _width;

    static void Flatten(BoundExpr e, List<BoundExpr> into)
    {
        if (e.Kind == BoundKind.And)
            foreach (var a in e.Args)
                Flatten(a, into);
        else
            into.Add(e);
    }

    static BoundExpr AndOf(List<BoundExpr> list) => list.Count == 1 ? list[0]
        : new BoundExpr { Kind = BoundKind.And, Type = TypeOid.Bool, Args = [.. list] };

    /// <summary>Lowest and highest input column an expression reads at this level (-1 when none).</summary>
    static (int Lo, int Hi) ColumnRange(BoundExpr e)
    {
        int lo = int.MaxValue;
        int hi = -1;
        void Visit(BoundExpr x)
        {
            if (x.Kind == BoundKind.Column)
            {
                lo = Math.Min(lo, x.Index);
                hi = Math.Max(hi, x.Index);
            }
            foreach (var a in x.Args)
                Visit(a);
            if (x.Payload is SubPlan sp && sp.Lhs != null)
                Visit(sp.Lhs);
        }
        Visit(e);
        return (hi < 0 ? -1 : lo, hi);
    }

    /// <summary>A copy of the expression with its input column positions moved by delta.</summary>
    static BoundExpr ShiftColumns(BoundExpr e, int delta) => Transform(e, x => x.Kind == BoundKind.Column
        ? new BoundExpr { Kind = BoundKind.Column, Index = x.Index + delta, Type = x.Type, TypeMod = x.TypeMod,
            Location = x.Location, Name = x.Name, Qualifier = x.Qualifier }
        : null);

    /// <summary>
    /// Rebuilds an expression bottom-up: <paramref name="replace"/> may return a replacement for a node (then
    /// its children are not visited), or null to keep it (with transformed children).
    /// </summary>
    static BoundExpr Transform(BoundExpr e, Func<BoundExpr, BoundExpr?> replace)
    {
        var r = replace(e);
        if (r != null)
            return r;
        BoundExpr[] args = e.Args;
        bool changed = false;
        if (args.Length > 0)
        {
            args = new BoundExpr[e.Args.Length];
            for (int i = 0; i < args.Length; i++)
            {
                args[i] = Transform(e.Args[i], replace);
                changed |= !ReferenceEquals(args[i], e.Args[i]);
            }
        }
        object? payload = e.Payload;
        if (e.Payload is SubPlan sp && sp.Lhs != null)
        {
            var lhs = Transform(sp.Lhs, replace);
            if (!ReferenceEquals(lhs, sp.Lhs))
            {
                payload = new SubPlan(sp.Type, sp.Plan, sp.Correlated) { Lhs = lhs, Test = sp.Test, Width = sp.Width };
                changed = true;
            }
        }
        if (!changed)
            return e;
        return new BoundExpr
        {
            Kind = e.Kind, Type = e.Type, TypeMod = e.TypeMod, Args = args, Value = e.Value, Index = e.Index, Fn = e.Fn,
            Strict = e.Strict, Flag = e.Flag, Location = e.Location, Name = e.Name, Qualifier = e.Qualifier,
            Payload = payload,
        };
    }

    /// <summary>Structural equality of bound expressions (GROUP BY matching).</summary>
    static bool SameExpr(BoundExpr a, BoundExpr b)
    {
        if (ReferenceEquals(a, b))
            return true;
        if (a.Kind != b.Kind || a.Type != b.Type || a.TypeMod != b.TypeMod || a.Index != b.Index || a.Flag != b.Flag
            || a.Args.Length != b.Args.Length || a.Name != b.Name || !ReferenceEquals(a.Payload, b.Payload))
            return false;
        if (a.Kind == BoundKind.Const)
            return a.Value.IsNull == b.Value.IsNull && (a.Value.IsNull || DatumOrder.SameValue(a.Value, b.Value));
        if (a.Kind == BoundKind.Func && a.Fn != b.Fn && a.Fn?.Method != b.Fn?.Method)
            return false;
        for (int i = 0; i < a.Args.Length; i++)
            if (!SameExpr(a.Args[i], b.Args[i]))
                return false;
        return true;
    }

    // ---- SELECT -------------------------------------------------------------------------------------------

    (PlanNode, ResultColumn[]) PlanSimpleSelect(SelectStmt s)
    {
        var source = PlanFromAndWhere(s);

        // Select list.
        var targets = new List<BoundExpr>();
        var columns = new List<ResultColumn>();
        foreach (var rt in s.TargetList)
        {
            if (rt.Val is ColumnRef { IsStar: true } star)
            {
                ExpandStar(star, targets, columns);
                continue;
            }
            var e = Bind(rt.Val);
            string name = rt.Name ?? ColumnNamer.Name(rt.Val);
            uint tableOid = 0;
            short colNo = 0;
            if (rt.Val is ColumnRef && e.Kind == BoundKind.Column)
                (tableOid, colNo) = ColumnOrigin(e.Index);
            targets.Add(e);
            columns.Add(new ResultColumn(name, 0, -1, 0, tableOid, colNo));
        }
        if (!_keepUnknown)
            for (int i = 0; i < targets.Count; i++)
                if (targets[i].Type == TypeOid.Unknown)
                    targets[i] = ResolveUnknownToText(targets[i]);
        int visible = targets.Count;

        BoundExpr? having = null;
        if (s.HavingClause != null)
            having = CoerceToBool(Bind(s.HavingClause), "HAVING", s.HavingClause.Location);

        // ORDER BY keys and DISTINCT ON keys become columns of the projection (resjunk when not in the list).
        var sortCols = new List<SortColumn>();
        foreach (var sb in s.SortClause)
        {
            var e = BindSortExpr(sb.Expr, targets, columns, visible);
            if (e.Type == TypeOid.Unknown)
                e = Coerce(e, TypeOid.Text, -1, false, sb.Expr.Location);
            int col = FindOrAddTarget(targets, e);
            sortCols.Add(new SortColumn(col, sb.Desc, sb.NullsFirst ?? sb.Desc, "?"));
        }
        var distinctOnCols = new List<int>();
        foreach (var d in s.DistinctOn)
        {
            var e = BindSortExpr(d, targets, columns, visible);
            distinctOnCols.Add(FindOrAddTarget(targets, e));
        }

        // GROUP BY expressions (a bare integer is a select-list position; a bare name may be an output column);
        // bound after ORDER BY, as transformSelectStmt does, so an ambiguity there is reported first.
        var groupExprs = new List<BoundExpr>();
        _aggForbidden = "GROUP BY";
        bool emptyGroupingSet = false;
        foreach (var g in s.GroupClause)
        {
            if (g is GroupingSet gs)
            {
                // GROUP BY () is one group over all rows: aggregation with no keys.
                if (gs.Kind != GroupingSetKind.Empty)
                    Throw.Error(SqlState.FeatureNotSupported, $"{GroupingSetName(gs.Kind)} is not supported yet",
                        position: gs.Location + 1);
                emptyGroupingSet = true;
                continue;
            }
            var e = BindGroupExpr(g, targets, columns, visible);
            if (!groupExprs.Any(x => SameExpr(x, e)))
                groupExprs.Add(e);
        }
        _aggForbidden = null;

        bool aggregating = _aggs.Count > 0 || groupExprs.Count > 0 || having != null || emptyGroupingSet;
        PlanNode top;
        var explain = new ExplainContext { Qualify = _from.Count > 1 };
        if (aggregating)
        {
            int ng = groupExprs.Count;
            var groupDisplay = groupExprs.Select(g => explain.Deparse(g)).ToArray();
            BoundExpr Rewrite(BoundExpr e) => Transform(e, x =>
            {
                for (int i = 0; i < ng; i++)
                    if (SameExpr(x, groupExprs[i]))
                        return new BoundExpr { Kind = BoundKind.Column, Index = i, Type = x.Type, TypeMod = x.TypeMod,
                            Location = x.Location, Name = groupDisplay[i] };
                if (x.Kind == BoundKind.AggRef)
                    return new BoundExpr { Kind = BoundKind.Column, Index = ng + x.Index, Type = x.Type,
                        TypeMod = x.TypeMod, Location = x.Location, Name = _aggs[x.Index].Display };
                if (x.Kind == BoundKind.Column)
                    Throw.Error(SqlState.GroupingError,
                        $"column \"{(x.Qualifier != null ? x.Qualifier + "." : "")}{x.Name}\" must appear in the GROUP BY clause or be used in an aggregate function",
                        position: x.Location + 1);
                return null;
            });
            for (int i = 0; i < targets.Count; i++)
                targets[i] = FoldConstants(Rewrite(targets[i]));
            if (having != null)
                having = Rewrite(having);
            if (_aggs.Count == 0 && ng == 0)
            {
                // HAVING without aggregates or GROUP BY: one group whatever the input, so the FROM list is never
                // read (PostgreSQL's degenerate grouping).
                top = new ResultNode { Qual = having, Projection = [.. targets], PlanRows = 1, TotalCost = 0.01 };
                goto projected;
            }
            var agg = new AggNode(source, [.. groupExprs], [.. _aggs], groupDisplay)
            {
                Qual = having,
                Projection = [.. targets],
            };
            Costing.Agg(agg, source, groupExprs.Count, having);
            top = agg;
        }
        else
        {
            top = source;
            for (int i = 0; i < targets.Count; i++)
                targets[i] = FoldConstants(targets[i]);
            top.Projection = [.. targets];
        }
        if (targets.Any(ContainsSetCall))
        {
            var inputTypes = aggregating
                ? groupExprs.Select(g => g.Type).Concat(_aggs.Select(a => a.ResultType))
                : _from.SelectMany(f => f.Columns).Select(c => c.TypeOid);
            top = PlanProjectSet(top, targets, inputTypes);
        }
    projected:
        top.OutputTypes = targets.Select(t => t.Type).ToArray();
        top.PlanWidth = targets.Take(visible).Sum(t => Costing.Width(t.Type));

        var outCols = new ResultColumn[visible];
        for (int i = 0; i < visible; i++)
        {
            var t = targets[i];
            outCols[i] = columns[i] with { TypeOid = t.Type, TypeMod = t.TypeMod, TypeLen = TypeNames.Length(t.Type) };
        }
        for (int k = 0; k < sortCols.Count; k++)
            sortCols[k] = sortCols[k] with { Display = explain.Deparse(targets[sortCols[k].Column]) };

        if (s.Distinct && s.DistinctOn.Count == 0)
        {
            if (sortCols.Any(sc => sc.Column >= visible))
                Throw.Error(SqlState.InvalidColumnReference,
                    "for SELECT DISTINCT, ORDER BY expressions must appear in select list",
                    position: s.SortClause[sortCols.FindIndex(sc => sc.Column >= visible)].Expr.Location + 1);
            var keys = new BoundExpr[visible];
            for (int i = 0; i < visible; i++)
                keys[i] = new BoundExpr { Kind = BoundKind.Column, Index = i, Type = targets[i].Type,
                    TypeMod = targets[i].TypeMod, Name = explain.Deparse(targets[i]) };
            var distinct = new AggNode(top, keys, [], keys.Select(k => k.Name!).ToArray())
            {
                OutputTypes = top.OutputTypes[..visible],
            };
            Costing.Agg(distinct, top, visible, null);
            top = distinct;
        }

        if (s.DistinctOn.Count > 0)
        {
            // ORDER BY must start with the DISTINCT ON expressions (in any order among themselves).
            for (int k = 0; k < Math.Min(sortCols.Count, distinctOnCols.Count); k++)
                if (!distinctOnCols.Contains(sortCols[k].Column))
                    Throw.Error("42P10", "SELECT DISTINCT ON expressions must match initial ORDER BY expressions",
                        position: s.DistinctOn[0].Location + 1);
            var keys = new List<SortColumn>(sortCols);
            foreach (int c in distinctOnCols)
                if (!keys.Any(k => k.Column == c))
                    keys.Add(new SortColumn(c, false, false, explain.Deparse(targets[c])));
            var sort = new SortNode(top, [.. keys]);
            Costing.Sort(sort, top);
            top = new UniqueNode(sort, [.. distinctOnCols]);
            Costing.PassThrough(top, sort);
        }
        else if (sortCols.Count > 0)
        {
            var sort = new SortNode(top, [.. sortCols]);
            Costing.Sort(sort, top);
            top = sort;
        }
        top = PlanLimit(s, top);
        return (top, outCols);
    }

    static bool IsSetCall(BoundExpr e) => e is { Kind: BoundKind.Func, Payload: Builtin { Set: not null } };

    static bool ContainsSetCall(BoundExpr e) => IsSetCall(e) || e.Args.Any(ContainsSetCall);

    /// <summary>
    /// Set-returning functions in the select list: <paramref name="top"/> (whose Projection is the targets) yields
    /// its unprojected rows (of <paramref name="inputTypes"/>) to a ProjectSet node, which appends the values of the
    /// innermost SRF calls; calls nested in their arguments get another ProjectSet above. The targets, with each
    /// call replaced by the column it fills, are the top ProjectSet's Projection.
    /// </summary>
    static PlanNode PlanProjectSet(PlanNode top, List<BoundExpr> targets, IEnumerable<uint> inputTypes)
    {
        top.Projection = null;
        top.OutputTypes = [.. inputTypes];
        while (targets.Any(ContainsSetCall))
        {
            int width = top.OutputTypes.Length;
            var calls = new List<BoundExpr>();
            BoundExpr? Innermost(BoundExpr x)
            {
                if (!IsSetCall(x) || x.Args.Any(ContainsSetCall))
                    return null;
                var b = (Builtin)x.Payload!;
                if (b.SetColumns != null)
                    Throw.Error(SqlState.FeatureNotSupported,
                        $"set-returning function {b.Name}() returning a record is not supported in the select list yet",
                        position: x.Location + 1);
                int k = calls.FindIndex(c => SameExpr(c, x));
                if (k < 0)
                {
                    k = calls.Count;
                    calls.Add(x);
                }
                return new BoundExpr { Kind = BoundKind.Column, Index = width + k, Type = x.Type, TypeMod = x.TypeMod,
                    Location = x.Location, Name = new ExplainContext().Deparse(x) };
            }
            for (int i = 0; i < targets.Count; i++)
                targets[i] = Transform(targets[i], Innermost);
            var node = new ProjectSetNode(top, [.. calls])
            {
                OutputTypes = [.. top.OutputTypes, .. calls.Select(c => c.Type)],
            };
            Costing.ProjectSet(node, top);
            top = node;
        }
        top.Projection = [.. targets];
        return top;
    }

    PlanNode PlanLimit(SelectStmt s, PlanNode top)
    {
        if (s.LimitCount == null && s.LimitOffset == null)
            return top;
        var limit = s.LimitCount == null ? null : BindLimit(s.LimitCount, "LIMIT");
        var offset = s.LimitOffset == null ? null : BindLimit(s.LimitOffset, "OFFSET");
        var node = new LimitNode(top, limit, offset)
        {
            OutputTypes = top.OutputTypes,
        };
        Costing.PassThrough(node, top);
        if (limit is { Kind: BoundKind.Const, Value.IsNull: false })
            node.PlanRows = Math.Min(top.PlanRows, limit.Value.Int);
        return node;
    }

    int FindOrAddTarget(List<BoundExpr> targets, BoundExpr e)
    {
        for (int i = 0; i < targets.Count; i++)
            if (ReferenceEquals(targets[i], e))
                return i;
        for (int i = 0; i < targets.Count; i++)
            if (SameExpr(targets[i], e))
                return i;
        targets.Add(e);
        return targets.Count - 1;
    }

    void ExpandStar(ColumnRef star, List<BoundExpr> targets, List<ResultColumn> columns)
    {
        if (_from.Count == 0)
            Throw.Error(SqlState.SyntaxError, "SELECT * with no tables specified is not valid",
                position: star.Location + 1);
        IEnumerable<FromItem> items = _from;
        if (star.Fields.Count > 1)
            items = [FindRelation(star.Fields, star.Fields.Count - 1, star.Location)];
        else
        {
            // Columns merged by JOIN USING / NATURAL come first, once.
            foreach (var (name, e) in _merged)
            {
                targets.Add(e);
                columns.Add(new ResultColumn(name, 0));
            }
        }
        var hidden = star.Fields.Count > 1 ? null : _merged.Values.SelectMany(MergedColumns).ToHashSet();
        foreach (var f in items)
        {
            for (int i = 0; i < f.Columns.Length; i++)
            {
                if (hidden != null && hidden.Contains(f.Offset + i))
                    continue;
                var c = f.Columns[i];
                targets.Add(new BoundExpr { Kind = BoundKind.Column, Index = f.Offset + i, Type = c.TypeOid,
                    TypeMod = c.TypeMod, Location = star.Location, Name = c.Name, Qualifier = f.RefName });
                columns.Add(new ResultColumn(c.Name, 0, -1, 0, c.TableOid, c.ColumnNumber));
            }
        }
    }

    /// <summary>The input columns a USING column stands for (both sides).</summary>
    IEnumerable<int> MergedColumns(BoundExpr merged)
    {
        if (merged.Kind == BoundKind.Column)
        {
            foreach (var f in _from)
            {
                if (merged.Index < f.Offset || merged.Index >= f.Offset + f.Columns.Length)
                    continue;
                foreach (var g in _from)
                {
                    int i = Array.FindIndex(g.Columns, c => c.Name == merged.Name);
                    if (i >= 0)
                        yield return g.Offset + i;
                }
            }
        }
        foreach (var a in merged.Args)
            foreach (var i in MergedColumns(a))
                yield return i;
    }

    (uint, short) ColumnOrigin(int index)
    {
        foreach (var f in _from)
        {
            if (index >= f.Offset && index < f.Offset + f.Columns.Length)
            {
                var c = f.Columns[index - f.Offset];
                return (c.TableOid, c.ColumnNumber);
            }
        }
        return (0, 0);
    }

    /// <summary>A select-list reference by position or output name, else the expression itself.</summary>
    BoundExpr? TargetReference(Node n, List<BoundExpr> targets, List<ResultColumn> columns, int visible, string clause,
        bool namesFirst)
    {
        if (n is A_Const { Kind: ConstKind.Integer } c)
        {
            int pos = int.Parse(c.Text!, CultureInfo.InvariantCulture);
            if (pos < 1 || pos > visible)
                Throw.Error(SqlState.InvalidColumnReference, $"{clause} position {pos} is not in select list",
                    position: c.Location + 1);
            return targets[pos - 1];
        }
        if (n is ColumnRef { Fields.Count: 1 } cr && !cr.IsStar)
        {
            if (!namesFirst && TryBindColumnHere(cr) != null)
                return null;            // GROUP BY prefers input columns over output names
            int found = -1;
            for (int i = 0; i < visible; i++)
            {
                if (columns[i].Name != cr.Fields[0])
                    continue;
                if (found >= 0 && !SameExpr(targets[found], targets[i]))
                    Throw.Error(SqlState.AmbiguousColumn, $"{clause} \"{cr.Fields[0]}\" is ambiguous",
                        position: cr.Location + 1);
                found = i;
            }
            if (found >= 0)
                return targets[found];
        }
        return null;
    }

    static string GroupingSetName(GroupingSetKind kind) => kind switch
    {
        GroupingSetKind.Rollup => "ROLLUP",
        GroupingSetKind.Cube => "CUBE",
        _ => "GROUPING SETS",
    };

    BoundExpr BindGroupExpr(Node n, List<BoundExpr> targets, List<ResultColumn> columns, int visible)
    {
        var t = TargetReference(n, targets, columns, visible, "GROUP BY", namesFirst: false);
        if (t != null)
        {
            if (ContainsAgg(t))
                Throw.Error(SqlState.GroupingError, "aggregate functions are not allowed in GROUP BY",
                    position: n.Location + 1);
            return t;
        }
        var e = Bind(n);
        return e.Type == TypeOid.Unknown ? ResolveUnknownToText(e) : e;
    }

    static bool ContainsAgg(BoundExpr e) => e.Kind == BoundKind.AggRef || e.Args.Any(ContainsAgg);

    BoundExpr BindSortExpr(Node n, List<BoundExpr> targets, List<ResultColumn> columns, int visible) =>
        TargetReference(n, targets, columns, visible, "ORDER BY", namesFirst: true) ?? Bind(n);

    // ---- VALUES and set operations ------------------------------------------------------------------------

    (PlanNode, ResultColumn[]) PlanValues(SelectStmt s)
    {
        int width = s.ValuesLists[0].Count;
        var rows = new List<List<BoundExpr>>();
        foreach (var list in s.ValuesLists)
        {
            if (list.Count != width)
                Throw.Error(SqlState.SyntaxError, "VALUES lists must all be the same length",
                    position: list[0].Location + 1);
            rows.Add(list.Select(n => n is SetToDefault
                ? Throw.Error<BoundExpr>(SqlState.SyntaxError, "DEFAULT is not allowed in this context",
                    position: n.Location + 1)
                : Bind(n)).ToList());
        }
        var cols = new ResultColumn[width];
        for (int c = 0; c < width; c++)
        {
            var column = rows.Select(r => r[c]).ToList();
            var nodes = s.ValuesLists.Select(l => l[c]).ToList();
            var coerced = CoerceToCommon(column, nodes, "VALUES");
            for (int r = 0; r < rows.Count; r++)
                rows[r][c] = coerced[r].Type == TypeOid.Unknown ? ResolveUnknownToText(coerced[r]) : coerced[r];
            var t = rows[0][c];
            cols[c] = new ResultColumn($"column{c + 1}", t.Type, rows.All(r => r[c].TypeMod == t.TypeMod) ? t.TypeMod : -1,
                TypeNames.Length(t.Type));
        }
        PlanNode node = new ValuesScanNode(rows.Select(r => r.ToArray()).ToArray(), "*VALUES*")
        {
            OutputTypes = cols.Select(c => c.TypeOid).ToArray(),
            PlanRows = rows.Count,
            TotalCost = rows.Count * 0.0125,
            PlanWidth = cols.Sum(c => Costing.Width(c.TypeOid)),
        };
        return (PlanOutputSortLimit(s, node, cols), cols);
    }

    /// <summary>ORDER BY (output names or positions) and LIMIT over a VALUES or set-operation result.</summary>
    PlanNode PlanOutputSortLimit(SelectStmt s, PlanNode node, ResultColumn[] cols)
    {
        if (s.SortClause.Count > 0)
        {
            var keys = new List<SortColumn>();
            foreach (var sb in s.SortClause)
            {
                int col = -1;
                if (sb.Expr is A_Const { Kind: ConstKind.Integer } c)
                {
                    int pos = int.Parse(c.Text!, CultureInfo.InvariantCulture);
                    if (pos < 1 || pos > cols.Length)
                        Throw.Error(SqlState.InvalidColumnReference, $"ORDER BY position {pos} is not in select list",
                            position: c.Location + 1);
                    col = pos - 1;
                }
                else if (sb.Expr is ColumnRef { Fields.Count: 1 } cr)
                {
                    col = Array.FindIndex(cols, x => x.Name == cr.Fields[0]);
                    if (col < 0)
                        Throw.Error(SqlState.UndefinedColumn, $"column \"{cr.Fields[0]}\" does not exist",
                            position: cr.Location + 1);
                }
                else
                {
                    Throw.Error(SqlState.FeatureNotSupported, "invalid UNION/INTERSECT/EXCEPT ORDER BY clause",
                        detail: "Only result column names can be used, not expressions or functions.",
                        hint: "Add the expression/function to every SELECT, or move the UNION into a FROM clause.",
                        position: sb.Expr.Location + 1);
                }
                keys.Add(new SortColumn(col, sb.Desc, sb.NullsFirst ?? sb.Desc, FunctionCatalog.QuoteIdent(cols[col].Name)));
            }
            var sort = new SortNode(node, [.. keys]);
            Costing.Sort(sort, node);
            node = sort;
        }
        return PlanLimit(s, node);
    }

    (PlanNode, ResultColumn[]) PlanSetOperation(SelectStmt s)
    {
        var (left, lcols) = new Analyzer(this, sublink: false) { _keepUnknown = true }.PlanQuery(s.Larg!);
        var (right, rcols) = new Analyzer(this, sublink: false) { _keepUnknown = true }.PlanQuery(s.Rarg!);
        string opName = s.Op.ToString().ToUpperInvariant();
        if (lcols.Length != rcols.Length)
            Throw.Error(SqlState.SyntaxError, $"each {opName} query must have the same number of columns",
                position: s.Rarg!.Location + 1);
        var cols = new ResultColumn[lcols.Length];
        var lproj = new BoundExpr[lcols.Length];
        var rproj = new BoundExpr[lcols.Length];
        bool castL = false;
        bool castR = false;
        for (int i = 0; i < cols.Length; i++)
        {
            var l = new BoundExpr { Kind = BoundKind.Column, Index = i, Type = lcols[i].TypeOid, TypeMod = lcols[i].TypeMod,
                Name = lcols[i].Name };
            var r = new BoundExpr { Kind = BoundKind.Column, Index = i, Type = rcols[i].TypeOid, TypeMod = rcols[i].TypeMod,
                Name = rcols[i].Name };
            uint t = CommonType([l, r], out int conflict, out uint sofar);
            if (conflict >= 0)
                Throw.Error(SqlState.DatatypeMismatch,
                    $"{opName} types {TypeNames.Display(sofar)} and {TypeNames.Display(rcols[i].TypeOid)} cannot be matched",
                    position: s.Rarg!.Location + 1);
            if (t == TypeOid.Unknown)
                t = TypeOid.Text;
            lproj[i] = l.Type == t ? l : Coerce(l, t, -1, l.Type == TypeOid.Unknown, s.Larg!.Location);
            rproj[i] = r.Type == t ? r : Coerce(r, t, -1, r.Type == TypeOid.Unknown, s.Rarg!.Location);
            castL |= !ReferenceEquals(lproj[i], l);
            castR |= !ReferenceEquals(rproj[i], r);
            int typmod = lcols[i].TypeMod == rcols[i].TypeMod ? lcols[i].TypeMod : -1;
            cols[i] = new ResultColumn(lcols[i].Name, t, typmod, TypeNames.Length(t));
        }
        var types = cols.Select(c => c.TypeOid).ToArray();
        left = SubqueryScan(left, castL ? lproj : null, lcols.Length, types, "*SELECT* 1");
        right = SubqueryScan(right, castR ? rproj : null, rcols.Length, types, "*SELECT* 2");
        PlanNode node;
        if (s.Op == SetOperation.Union)
        {
            node = new AppendNode([left, right]);
            node.PlanRows = left.PlanRows + right.PlanRows;
            node.TotalCost = left.TotalCost + right.TotalCost;
            node.PlanWidth = left.PlanWidth;
            if (!s.All)
            {
                var keys = new BoundExpr[cols.Length];
                for (int i = 0; i < keys.Length; i++)
                    keys[i] = new BoundExpr { Kind = BoundKind.Column, Index = i, Type = types[i], TypeMod = cols[i].TypeMod,
                        Name = FunctionCatalog.QuoteIdent(cols[i].Name) };
                var agg = new AggNode(node, keys, [], keys.Select(k => "\"*SELECT* 1\"." + k.Name).ToArray())
                {
                    OutputTypes = types,
                };
                Costing.Agg(agg, node, keys.Length, null);
                node = agg;
            }
        }
        else
        {
            node = new SetOpNode(left, right, s.Op, s.All);
            Costing.PassThrough(node, left);
        }
        return (PlanOutputSortLimit(s, node, cols), cols);
    }

    /// <summary>A Subquery Scan over <paramref name="child"/>'s first <paramref name="width"/> columns, optionally projected.</summary>
    static PlanNode SubqueryScan(PlanNode child, BoundExpr[]? proj, int width, uint[] types, string alias)
    {
        var scan = new SubqueryScanNode(child, alias, width)
        {
            Projection = proj,
            OutputTypes = types,
        };
        scan.StartupCost = child.StartupCost;
        scan.TotalCost = child.TotalCost + child.PlanRows * 0.01;
        scan.PlanRows = child.PlanRows;
        scan.PlanWidth = child.PlanWidth > 0 ? child.PlanWidth : 4 * width;
        return scan;
    }
}
