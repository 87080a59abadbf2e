// CREATE TEMP TABLE's choices (namespace.c RangeVarAdjustRelationPersistence, tablecmds.c's ON COMMIT), for
// CREATE TABLE and CREATE TABLE AS alike: a temporary table goes into this session's pg_temp_N (made at first use,
// see CatalogSession.Temp.cs); so does a table created as pg_temp.name. ON COMMIT is only for temporary tables
// (42P16); its action is registered with the session's catalog.
// Entry points: TempTables.CreationNamespace, TempTables.AfterCreate.
using Tusk.Catalog;
using Tusk.Common.Errors;
using Tusk.Sql.Nodes;

namespace Tusk.Executor.Commands;

internal static class TempTables
{
    /// <summary>The schema and relpersistence of a relation being created.</summary>
    public static (uint Namespace, char Persistence) CreationNamespace(RangeVar rv, string? onCommit,
        ISessionContext ctx)
    {
        var cat = ctx.Catalog;
        bool temp = rv.Persistence == 't' || rv.Schema == "pg_temp";
        if (onCommit != null && !temp)
            Throw.Error("42P16", "ON COMMIT can only be used on temporary tables");
        if (temp)
        {
            if (rv.Schema != null && rv.Schema != "pg_temp" && rv.Schema != cat.TempNamespaceName)
                Throw.Error("42P16", "cannot create temporary relation in non-temporary schema", position: rv.Location + 1);
            return (cat.GetOrCreateTempNamespace(), 't');
        }
        uint ns = rv.Schema != null ? cat.GetNamespace(rv.Schema, rv.Location + 1) : cat.CreationNamespace(rv.Location + 1);
        if (cat.IsOtherTempNamespace(ns))
            Throw.Error(SqlState.FeatureNotSupported, "cannot create relations in temporary schemas of other sessions");
        return (ns, 'p');
    }

    /// <summary>Registers the ON COMMIT action of a temporary table just created.</summary>
    public static void AfterCreate(string? onCommit, uint relid, ISessionContext ctx)
    {
        var action = onCommit switch
        {
            "delete rows" => OnCommitAction.DeleteRows,
            "drop" => OnCommitAction.Drop,
            _ => OnCommitAction.PreserveRows,
        };
        ctx.Catalog.RegisterOnCommit(relid, action);
    }
}
