// A view's definition as PostgreSQL keeps it (rewriteDefine.c, view.c): one pg_rewrite row, the "_RETURN" rule
// (ev_type '1' = SELECT, INSTEAD), on the view's pg_class row (relkind 'v', relhasrules). PostgreSQL stores the
// analysed query tree in ev_action; Tusk stores the query's SQL text there and parses it where the view is read,
// as it keeps CHECK constraints and defaults as text. pg_depend ties the rule to its view (internal, 'i') and to
// every relation the query reads (normal, 'n'), so DROP of a table or view a view reads refuses without CASCADE.
// Rows are catalog rows: transactional, and the view's Relation (ViewQuery) is rebuilt after an invalidation.
// Entry points: Store, Replace, Definition, Delete, ViewsReading.
using Tusk.Common.Types;
using Tusk.Storage.Transam;

namespace Tusk.Catalog;

public static class ViewRules
{
    const string ReturnRule = "_RETURN";
    static readonly CatalogDef R = SystemCatalogs.PgRewrite;

    /// <summary>Records the "_RETURN" rule of view <paramref name="view"/> and what it depends on.</summary>
    public static void Store(CatalogSession cs, uint view, string query, IEnumerable<uint> reads)
    {
        ArgumentNullException.ThrowIfNull(cs);
        uint rule = VarSup.GetNewObjectId();
        CatalogIO.Insert(R, cs.DatabaseOid, cs,
        [
            V.Oid(rule), V.Name(ReturnRule), V.Oid(view), V.Char('1'), V.Char('O'), V.Bool(true),
            V.Null(TypeOid.PgNodeTree), Datum.FromText(query, TypeOid.PgNodeTree),
        ]);
        RecordDependencies(cs, rule, view, reads);
    }

    /// <summary>CREATE OR REPLACE VIEW: the rule's query and its dependencies are replaced.</summary>
    public static void Replace(CatalogSession cs, uint view, string query, IEnumerable<uint> reads)
    {
        ArgumentNullException.ThrowIfNull(cs);
        foreach (var row in cs.Scan(R, r => V.AsOid(r[2]) == view))
        {
            var values = (Datum[])row.Values.Clone();
            values[R.Column("ev_action")] = Datum.FromText(query, TypeOid.PgNodeTree);
            CatalogIO.Update(R, cs.DatabaseOid, cs, row.Tid, values);
            uint rule = V.AsOid(row.Values[0]);
            Dependency.DeleteFor(cs, R.Oid, rule);
            RecordDependencies(cs, rule, view, reads);
        }
    }

    /// <summary>The SQL text of view <paramref name="view"/>'s query, or null if it has no rule.</summary>
    public static string? Definition(CatalogSession cs, uint view)
    {
        ArgumentNullException.ThrowIfNull(cs);
        var rows = cs.Scan(R, r => V.AsOid(r[2]) == view);
        return rows.Count == 0 ? null : V.AsString(rows[0].Values[R.Column("ev_action")]);
    }

    /// <summary>Removes the rules of a dropped view and their pg_depend rows.</summary>
    public static void Delete(CatalogSession cs, uint view)
    {
        ArgumentNullException.ThrowIfNull(cs);
        foreach (var row in cs.Scan(R, r => V.AsOid(r[2]) == view))
        {
            Dependency.DeleteFor(cs, R.Oid, V.AsOid(row.Values[0]));
            CatalogIO.Delete(R, cs.DatabaseOid, cs, row.Tid);
        }
    }

    /// <summary>The views whose query reads relation <paramref name="relid"/>, by OID.</summary>
    public static List<uint> ViewsReading(CatalogSession cs, uint relid)
    {
        ArgumentNullException.ThrowIfNull(cs);
        var rules = cs.Scan(SystemCatalogs.PgDepend, r => V.AsOid(r[0]) == R.Oid && V.AsOid(r[3]) == SystemCatalogs.PgClass.Oid
                && V.AsOid(r[4]) == relid && V.AsChar(r[6]) == 'n')
            .Select(r => V.AsOid(r.Values[1])).ToHashSet();
        if (rules.Count == 0)
        {
            return [];
        }
        return [.. cs.Scan(R, r => rules.Contains(V.AsOid(r[0]))).Select(r => V.AsOid(r.Values[2])).Distinct().Order()];
    }

    static void RecordDependencies(CatalogSession cs, uint rule, uint view, IEnumerable<uint> reads)
    {
        uint pgClass = SystemCatalogs.PgClass.Oid;
        Dependency.Record(cs, R.Oid, rule, 0, pgClass, view, 0, 'i');
        foreach (uint rel in reads.Where(r => r != view).Distinct().Order())
        {
            Dependency.Record(cs, R.Oid, rule, 0, pgClass, rel, 0, 'n');
        }
    }
}
