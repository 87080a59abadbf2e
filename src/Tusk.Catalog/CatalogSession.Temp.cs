// Temporary relations (namespace.c's temp namespace, tablecmds.c's ON COMMIT actions): each backend has its own
// schema pg_temp_N (N = its process slot + 1) in its database, made at the first CREATE TEMP TABLE of the session
// and searched first for relations from then on (before pg_catalog, unless search_path lists pg_temp elsewhere).
// No other session searches it. A pg_temp_N that already exists when a session first needs it was left by an
// earlier backend of the same slot that did not clean up (a crash or kill): its contents are dropped then, before
// use, and the schema is reused. The choice of schema is transactional: if the transaction (or savepoint) that
// made it aborts, it is forgotten. ON COMMIT DELETE ROWS / DROP actions are kept per backend (as in PostgreSQL,
// not in the catalogs) and run just before the commit record (PreCommit). At session end the backend drops its
// temporary relations in a transaction of its own (the backend's AtProcExit). Storage: temp tables use the shared
// buffer pool and ordinary WAL-logged heap files like any table (PostgreSQL uses local buffers and no WAL).
// Entry points: GetOrCreateTempNamespace, MyTempNamespace, IsOtherTempNamespace, RegisterOnCommit, PreCommit,
// DropTempRelations.
using Tusk.Common.Types;

namespace Tusk.Catalog;

/// <summary>What happens to a temporary table at the commit of each transaction.</summary>
public enum OnCommitAction
{
    PreserveRows,
    DeleteRows,
    Drop,
}

public sealed partial class CatalogSession
{
    const string TempPrefix = "pg_temp_";

    uint _tempNs;
    bool _tempNsInXact;   // chosen by the running transaction: forgotten if it aborts
    int _tempNsDepth;     // savepoint depth at which it was chosen (a rollback to there or above forgets it)
    readonly List<(uint Relid, OnCommitAction Action)> _onCommit = [];

    /// <summary>pg_my_temp_schema(): this session's temporary schema, or 0 before its first temporary table.</summary>
    public uint MyTempNamespace => _tempNs;

    /// <summary>The name of this backend's temporary schema (pg_temp_N).</summary>
    public string TempNamespaceName => TempPrefix + (_slot + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>pg_is_other_temp_schema(): a temporary schema that is not this session's.</summary>
    public bool IsOtherTempNamespace(uint ns) =>
        ns != 0 && ns != _tempNs && NamespaceName(ns) is { } name && name.StartsWith(TempPrefix, StringComparison.Ordinal);

    /// <summary>True for a temporary relation of another session (reading it is refused, as in PostgreSQL).</summary>
    public bool IsOtherSessionsTemp(Relation rel)
    {
        ArgumentNullException.ThrowIfNull(rel);
        return rel.Persistence == 't' && rel.NamespaceOid != _tempNs;
    }

    /// <summary>
    /// InitTempTableNamespace: this session's temporary schema, made now (or adopted and emptied, when an earlier
    /// backend of the same slot left it behind).
    /// </summary>
    public uint GetOrCreateTempNamespace()
    {
        if (_tempNs != 0)
        {
            return _tempNs;
        }
        string name = TempNamespaceName;
        uint oid = LookupNamespace(name);
        if (oid != 0)
        {
            DropRelationsIn(oid);
        }
        else
        {
            oid = Tusk.Storage.Transam.VarSup.GetNewObjectId();
            CatalogIO.Insert(SystemCatalogs.PgNamespace, DatabaseOid, this,
                [V.Oid(oid), V.Name(name), V.Oid(CatalogOids.BootstrapSuperuser), V.Null(TypeOid.AclItemArray)]);
        }
        _tempNs = oid;
        _tempNsInXact = true;
        _tempNsDepth = Xact.Depth;
        _searchPathValid = false;
        return oid;
    }

    /// <summary>Records the ON COMMIT action of a temporary table this session creates.</summary>
    public void RegisterOnCommit(uint relid, OnCommitAction action)
    {
        if (action != OnCommitAction.PreserveRows)
        {
            _onCommit.Add((relid, action));
        }
    }

    /// <summary>
    /// PreCommit_on_commit_actions: before the commit record, ON COMMIT DROP tables are dropped and ON COMMIT DELETE
    /// ROWS tables that hold any page get a new, empty file (a transactional truncate).
    /// </summary>
    public void PreCommit()
    {
        for (int i = _onCommit.Count - 1; i >= 0; i--)
        {
            var (relid, action) = _onCommit[i];
            var rel = GetRelation(relid);
            if (rel == null)
            {
                _onCommit.RemoveAt(i); // dropped, or made by a transaction that aborted
                continue;
            }
            if (action == OnCommitAction.Drop)
            {
                HeapCatalog.Drop(this, rel);
                _onCommit.RemoveAt(i);
            }
            else if (rel.Heap.NBlocks > 0)
            {
                HeapCatalog.SetNewRelfilenode(this, rel);
            }
        }
    }

    /// <summary>Drops every relation in this session's temporary schema (session end, DISCARD TEMP).</summary>
    public void DropTempRelations()
    {
        if (_tempNs != 0)
        {
            DropRelationsIn(_tempNs);
        }
        _onCommit.Clear();
    }

    void DropRelationsIn(uint ns)
    {
        var c = SystemCatalogs.PgClass;
        int nsCol = c.Column("relnamespace");
        foreach (var row in Scan(c, r => V.AsOid(r[nsCol]) == ns))
        {
            if (GetRelation(V.AsOid(row.Values[0])) is { } rel)
            {
                HeapCatalog.Drop(this, rel);
            }
        }
    }

    /// <summary>The search_path item pg_temp stands for this session's temporary schema (0 while it has none).</summary>
    uint SearchPathItem(string item) => item == "pg_temp" ? _tempNs : _nsByName.GetValueOrDefault(item);

    void TempAtEndOfTransaction(bool commit)
    {
        if (!commit && _tempNsInXact)
        {
            _tempNs = 0;
            _searchPathValid = false;
        }
        _tempNsInXact = false;
    }

    void TempAtSubAbort()
    {
        if (_tempNsInXact && Xact.Depth <= _tempNsDepth)
        {
            _tempNs = 0;
            _tempNsInXact = false;
        }
    }

    /// <summary>After RELEASE SAVEPOINT: what the released level chose now belongs to its parent.</summary>
    public void AtSubCommit() => _tempNsDepth = Math.Min(_tempNsDepth, Xact.Depth);
}
