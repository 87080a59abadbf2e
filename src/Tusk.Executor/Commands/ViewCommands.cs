// CREATE [OR REPLACE] [TEMP] VIEW (view.c: DefineView, checkViewTupleDesc): the query is planned once to check it
// and to learn its columns (names, types, typmods; a column list renames the first ones; unknown literals become
// text), then the view is a pg_class row of relkind 'v' with those columns and no storage, and its "_RETURN" rule
// holds the query text with pg_depend rows to the relations it reads (Catalog/ViewRules.cs). A view that reads a
// temporary relation becomes temporary itself (NOTICE). OR REPLACE keeps the old columns: it may only add new ones
// at the end, never drop, rename or retype one (42P16, PostgreSQL's messages).
// What depends on a dropped relation: DropCascade walks views over views for DROP ... RESTRICT / CASCADE.
// Entry points: ViewCommands.Create, ViewCommands.DropCascade.
using Tusk.Catalog;
using Tusk.Common.Errors;
using Tusk.Common.Types;
using Tusk.Executor.Functions;
using Tusk.Sql.Nodes;

namespace Tusk.Executor.Commands;

public static class ViewCommands
{
    public static string Create(ViewStmt s, ISessionContext ctx)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(ctx);
        if (s.Query is not SelectStmt query)
            return Throw.Error<string>(SqlState.FeatureNotSupported, "this view query is not supported");
        foreach (var o in s.Options)
        {
            if (o.Defname is not ("check_option" or "security_barrier" or "security_invoker"))
                Throw.Error(SqlState.InvalidParameterValue, $"unrecognized parameter \"{o.Defname}\"");
            Throw.Error(SqlState.FeatureNotSupported, $"view option \"{o.Defname}\" is not supported yet");
        }
        if (s.WithCheckOption != ViewCheckOption.None)
            Throw.Error(SqlState.FeatureNotSupported, "WITH CHECK OPTION is not supported yet: views are not updatable yet");

        var plan = Planner.PlanView(query, ctx, out var reads);
        if (plan.ParamTypes.Length > 0)
            Throw.Error(SqlState.UndefinedParameter, "there is no parameter $1");
        var shape = plan.Columns;
        if (s.Aliases.Count > shape.Length)
            Throw.Error(SqlState.SyntaxError, "CREATE VIEW specifies more column names than columns");
        var columns = new List<ColumnSpec>();
        for (int i = 0; i < shape.Length; i++)
        {
            string name = i < s.Aliases.Count ? s.Aliases[i] : shape[i].Name;
            if (columns.Any(c => c.Name == name))
                Throw.Error(SqlState.DuplicateColumn, $"column \"{name}\" specified more than once");
            uint type = shape[i].TypeOid == TypeOid.Unknown ? TypeOid.Text : shape[i].TypeOid;
            columns.Add(new ColumnSpec(name, type, shape[i].TypeOid == TypeOid.Unknown ? -1 : shape[i].TypeMod, false, null));
        }

        var cat = ctx.Catalog;
        var rv = s.View;
        if (rv.Persistence != 't' && reads.Any(oid => cat.GetRelation(oid) is { Persistence: 't' }))
        {
            rv = new RangeVar { Catalog = rv.Catalog, Schema = rv.Schema, Name = rv.Name, Persistence = 't', Location = rv.Location };
            ctx.Notice(SqlState.SuccessfulCompletion, $"view \"{rv.Name}\" will be a temporary view");
        }
        var (ns, persistence) = TempTables.CreationNamespace(rv, null, ctx);
        uint existing = cat.LookupRelation(ns, rv.Name);
        if (existing == 0)
        {
            uint oid = HeapCatalog.Create(cat, ns, rv.Name, RelKind.View, columns, [], persistence);
            ViewRules.Store(cat, oid, s.QueryText, reads);
            return "CREATE VIEW";
        }
        if (!s.Replace)
            Throw.Error(SqlState.DuplicateTable, $"relation \"{rv.Name}\" already exists");
        var old = cat.GetRelation(existing)!;
        if (old.Kind != RelKind.View)
            Throw.Error(SqlState.WrongObjectType, $"\"{rv.Name}\" is not a view");
        Replace(old, columns, s.QueryText, reads, ctx);
        return "CREATE VIEW";
    }

    /// <summary>checkViewTupleDesc, then the new columns and the new query.</summary>
    static void Replace(Relation old, List<ColumnSpec> columns, string text, HashSet<uint> reads, ISessionContext ctx)
    {
        var oldCols = old.Columns.Where(c => !c.IsDropped).ToArray();
        if (columns.Count < oldCols.Length)
            Throw.Error(SqlState.InvalidTableDefinition, "cannot drop columns from view");
        for (int i = 0; i < oldCols.Length; i++)
        {
            var (o, n) = (oldCols[i], columns[i]);
            if (o.Name != n.Name)
                Throw.Error(SqlState.InvalidTableDefinition, $"cannot change name of view column \"{o.Name}\" to \"{n.Name}\"",
                    hint: "Use ALTER VIEW ... RENAME COLUMN ... to change name of view column instead.");
            if (o.Type != n.Type || o.TypMod != n.TypMod)
                Throw.Error(SqlState.InvalidTableDefinition,
                    $"cannot change data type of view column \"{o.Name}\" from {TypeNames.DisplayWithTypmod(o.Type, o.TypMod)} to {TypeNames.DisplayWithTypmod(n.Type, n.TypMod)}");
        }
        // As ALTER TABLE does between subcommands: the descriptor is read again to see the column just added.
        for (int i = oldCols.Length; i < columns.Count; i++)
            HeapCatalog.AddColumn(ctx.Catalog, ctx.Catalog.GetRelation(old.Oid)!, columns[i]);
        ViewRules.Replace(ctx.Catalog, old.Oid, text, reads);
    }

    /// <summary>
    /// The views that read the relations being dropped, through other views too: 2BP01 without CASCADE (naming the
    /// relation when the statement named one of <paramref name="named"/>), else the CASCADE notice; returned in the order to drop them (views over
    /// views first).
    /// </summary>
    internal static List<Relation> DropCascade(ISessionContext ctx, List<Relation> drops, int named, DropBehavior behavior)
    {
        var cat = ctx.Catalog;
        var seen = new HashSet<uint>(drops.Select(d => d.Oid));
        var found = new List<(Relation View, Relation Via)>();
        void Visit(Relation r)
        {
            foreach (uint oid in ViewRules.ViewsReading(cat, r.Oid))
            {
                if (seen.Add(oid) && cat.GetRelation(oid) is { } view)
                {
                    found.Add((view, r));
                    Visit(view);
                }
            }
        }
        foreach (var rel in drops)
            Visit(rel);
        if (found.Count == 0)
            return [];
        static string Noun(Relation r) => (r.Kind == RelKind.View ? "view " : "table ") + r.Name;
        if (behavior != DropBehavior.Cascade)
            Throw.Error(SqlState.DependentObjectsStillExist, DropMessages.CannotDrop(named, Noun(found[0].Via)),
                detail: DropMessages.Detail(found.Select(v => (Noun(v.View), Noun(v.Via)))), hint: DropMessages.Hint);
        DropMessages.Cascade(ctx, [.. found.Select(v => Noun(v.View))]);
        return [.. found.Select(v => v.View).Reverse()];
    }
}
