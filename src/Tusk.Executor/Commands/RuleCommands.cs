// DROP RULE name ON relation (dropcmds.c, rewriteSupport.c get_rewrite_oid). The relation must exist (42P01, or a
// NOTICE with IF EXISTS); the rule is looked up in pg_rewrite by relation and name (42704 or a NOTICE). The only
// rules are the "_RETURN" rules of views, which the view requires (2BP01 with PostgreSQL's HINT). CREATE RULE is
// not supported yet.
// Entry point: Drop.
using Tusk.Catalog;
using Tusk.Common.Errors;
using Tusk.Sql.Nodes;

namespace Tusk.Executor.Commands;

public static class RuleCommands
{
    public static string Drop(DropStmt s, ISessionContext ctx)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(ctx);
        var names = ((NameList)s.Objects[0]).Names;
        string rule = names[^1];
        string table = names[^2];
        string? schema = names.Count > 2 ? names[^3] : null;
        if (DropMessages.SchemaMissing(ctx, schema, s.MissingOk))
            return "DROP RULE";
        var rel = ctx.FindTable(schema, table);
        if (rel == null)
        {
            if (!s.MissingOk)
                Throw.Error(SqlState.UndefinedTable, $"relation \"{string.Join('.', names.Take(names.Count - 1))}\" does not exist");
            ctx.Notice(SqlState.SuccessfulCompletion, $"relation \"{table}\" does not exist, skipping");
            return "DROP RULE";
        }
        var d = SystemCatalogs.PgRewrite;
        int nameCol = d.Column("rulename"), classCol = d.Column("ev_class");
        bool exists = ctx.Catalog.Scan(d, r => V.AsOid(r[classCol]) == rel.Oid && V.AsString(r[nameCol]) == rule).Count > 0;
        if (!exists)
        {
            if (!s.MissingOk)
                Throw.Error(SqlState.UndefinedObject, $"rule \"{rule}\" for relation \"{table}\" does not exist");
            ctx.Notice(SqlState.SuccessfulCompletion, $"rule \"{rule}\" for relation \"{table}\" does not exist, skipping");
            return "DROP RULE";
        }
        Throw.Error(SqlState.DependentObjectsStillExist,
            $"cannot drop rule {rule} on view {rel.Name} because view {rel.Name} requires it",
            hint: $"You can drop view {rel.Name} instead.");
        return "DROP RULE";
    }
}
