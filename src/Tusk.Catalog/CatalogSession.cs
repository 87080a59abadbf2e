// One backend's view of the catalogs (relcache.c, syscache.c, namespace.c and inval.c in one place): lookups of
// namespaces and relations by name through search_path, relation descriptors by OID, all cached per backend.
//
// Coherence: a transaction that writes catalog rows queues one invalidation message per catalog it changed and
// sends them at commit (after the commit record), through the shared invalidation queue. Every backend reads the
// queue before each statement (AcceptInvalidations) and drops its caches on any message for its database or a
// shared catalog, or on a reset (it fell too far behind). The writer drops its own caches at each change, so it
// sees its uncommitted catalog rows at once (CatalogSnapshot), and again at abort.
// Storage: relation files created in a transaction are removed if it aborts; files of dropped relations are
// removed when it commits (storage.c's pending deletes).
// Entry points: AcceptInvalidations, AtCommit, AtAbort, LookupNamespace, RelnameGetRelid, GetRelation,
// CreationNamespace, SearchPath, ScheduleCreate/ScheduleDrop.
using Tusk.Access.Heap;
using Tusk.Access.Transam;
using Tusk.Common.Errors;
using Tusk.Common.Types;
using Tusk.Storage.Ipc;
using Tusk.Storage.Smgr;

namespace Tusk.Catalog;

public sealed partial class CatalogSession : ICatalogWriter
{
    readonly int _slot;
    readonly Dictionary<uint, Relation> _relById = [];
    readonly Dictionary<(uint, string), uint> _relByName = [];
    readonly Dictionary<string, uint> _nsByName = new(StringComparer.Ordinal);
    readonly Dictionary<uint, string> _nsById = [];
    readonly HashSet<uint> _changedCatalogs = [];
    readonly List<RelFileLocator> _createdRels = [];
    readonly List<RelFileLocator> _droppedRels = [];
    readonly InvalMessage[] _inbox = new InvalMessage[64];
    string _searchPathText = "";
    uint[] _searchPath = [];
    uint[] _explicitPath = []; // the schemas listed in search_path that exist (CreationNamespace's choice)
    bool _searchPathValid;

    /// <summary>Dependency.OwnedSequences by table (asked at every INSERT into a table with an identity column).</summary>
    internal Dictionary<uint, OwnedSequence[]> OwnedSequenceCache { get; } = [];

    public CatalogSession(uint databaseOid, TransactionState xact, int procSlot, string userName)
    {
        DatabaseOid = databaseOid;
        Xact = xact;
        UserName = userName;
        _slot = procSlot;
        SharedInval.Register(procSlot);
        UserTypes.Catalog = this;
    }

    public uint DatabaseOid { get; }

    public TransactionState Xact { get; }

    public string UserName { get; }

    /// <summary>The session's search_path setting (as text); parsed at the next lookup when it changes.</summary>
    public string SearchPath
    {
        get => _searchPathText;
        set
        {
            if (value != _searchPathText)
            {
                _searchPathText = value;
                _searchPathValid = false;
            }
        }
    }

    // ---- ICatalogWriter -----------------------------------------------------------------------------------------

    public uint Xid => Xact.GetCurrentTransactionId();

    public uint CommandId => Xact.CommandId;

    public CatalogSnapshot Snapshot => new(ProcArray.GetSnapshot(), Xact);

    public void Changed(CatalogDef def)
    {
        Xact.MarkCommandUsed();
        _changedCatalogs.Add(def.Oid);
        ClearCaches();
    }

    // ---- invalidation and end of transaction --------------------------------------------------------------------

    /// <summary>AcceptInvalidationMessages: drops the caches if another backend committed a catalog change.</summary>
    public void AcceptInvalidations()
    {
        while (SharedInval.HasPending(_slot))
        {
            int n = SharedInval.Receive(_slot, _inbox, out bool reset);
            bool relevant = reset;
            for (int i = 0; i < n && !relevant; i++)
            {
                relevant = _inbox[i].DatabaseOid == DatabaseOid || _inbox[i].DatabaseOid == 0;
            }
            if (relevant)
            {
                ClearCaches();
            }
            if (n == 0 && !reset)
            {
                break;
            }
        }
    }

    /// <summary>After the commit record: tells the other backends, removes dropped relations' files.</summary>
    public void AtCommit()
    {
        if (_changedCatalogs.Count > 0)
        {
            var msgs = new InvalMessage[_changedCatalogs.Count];
            int i = 0;
            foreach (uint c in _changedCatalogs)
            {
                bool shared = SystemCatalogs.ByOid(c)?.Shared == true;
                msgs[i++] = new InvalMessage(InvalKind.Catalog, (int)c, shared ? 0 : DatabaseOid, 0);
            }
            SharedInval.Send(msgs);
        }
        foreach (var rel in _droppedRels)
        {
            // After a rollback to a savepoint, a drop scheduled inside it may have been undone: the file is removed
            // only if no relation uses it any more (storage.c keeps pending deletes per subtransaction instead).
            if (!_subAborted || !FileInUse(rel))
            {
                HeapRelation.Open(rel).Drop();
            }
        }
        if (_subAborted)
        {
            // Files made inside a savepoint that was rolled back belong to no relation now.
            foreach (var rel in _createdRels)
            {
                if (!_droppedRels.Contains(rel) && !FileInUse(rel))
                {
                    HeapRelation.Open(rel).Drop();
                }
            }
        }
        foreach (var (oid, dir) in _droppedDbs)
        {
            RemoveDatabaseDir(oid, dir);
        }
        TempAtEndOfTransaction(commit: true);
        EndTransaction();
    }

    /// <summary>After an abort: forgets what the transaction wrote, removes the files it created.</summary>
    public void AtAbort()
    {
        foreach (var rel in _createdRels)
        {
            HeapRelation.Open(rel).Drop();
        }
        foreach (string dir in _createdDbDirs)
        {
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
            }
        }
        if (_changedCatalogs.Count > 0)
        {
            ClearCaches();
        }
        TempAtEndOfTransaction(commit: false);
        EndTransaction();
    }

    /// <summary>After ROLLBACK TO SAVEPOINT: what the savepoint wrote is gone, so is what the caches learnt of it.</summary>
    public void AtSubAbort()
    {
        _subAborted = true;
        TempAtSubAbort();
        ClearCaches();
    }

    bool _subAborted;

    /// <summary>True if a committed pg_class row of this database names the file.</summary>
    bool FileInUse(RelFileLocator rel)
    {
        var c = SystemCatalogs.PgClass;
        int fileCol = c.Column("relfilenode");
        return rel.DbOid == DatabaseOid && CatalogIO.Scan(c, DatabaseOid, new CatalogSnapshot(ProcArray.GetSnapshot(), null),
            r => V.AsOid(r[fileCol]) == rel.RelNumber).Count > 0;
    }

    void EndTransaction()
    {
        _changedCatalogs.Clear();
        _subAborted = false;
        _createdRels.Clear();
        _droppedRels.Clear();
        _createdDbDirs.Clear();
        _droppedDbs.Clear();
    }

    readonly List<string> _createdDbDirs = [];
    readonly List<(uint Oid, string Dir)> _droppedDbs = [];

    /// <summary>A database directory made by this transaction (CREATE DATABASE): removed if it aborts.</summary>
    public void ScheduleCreateDatabaseDir(string dir) => _createdDbDirs.Add(dir);

    /// <summary>A database this transaction drops: its relations' buffers and files go when it commits.</summary>
    public void ScheduleDropDatabase(uint oid, string dir) => _droppedDbs.Add((oid, dir));

    static void RemoveDatabaseDir(uint oid, string dir)
    {
        if (!Directory.Exists(dir))
        {
            return;
        }
        foreach (string file in Directory.GetFiles(dir))
        {
            string name = Path.GetFileName(file);
            if (uint.TryParse(name, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture,
                    out uint relNumber))
            {
                HeapRelation.Open(new RelFileLocator(RelFileLocator.DefaultTablespace, oid, relNumber)).Drop();
            }
        }
        Directory.Delete(dir, recursive: true);
    }

    /// <summary>A relation file made by this transaction: removed if it aborts.</summary>
    public void ScheduleCreate(RelFileLocator rel) => _createdRels.Add(rel);

    /// <summary>
    /// A relation file this transaction drops: removed when it commits. One it made itself goes at once, unless a
    /// savepoint is open (a rollback to it would need the file again): then at commit, or at abort as made.
    /// </summary>
    public void ScheduleDrop(RelFileLocator rel)
    {
        if (Xact.Depth == 0 && _createdRels.Remove(rel))
        {
            HeapRelation.Open(rel).Drop();
        }
        else
        {
            _droppedRels.Add(rel);
        }
    }

    void ClearCaches()
    {
        _relById.Clear();
        _relByName.Clear();
        _nsByName.Clear();
        _nsById.Clear();
        _searchPathValid = false;
        _inheritanceChildren = null;
        OwnedSequenceCache.Clear();
        ClearObjectCaches();
    }

    public void Unregister() => SharedInval.Unregister(_slot);

    // ---- namespaces ---------------------------------------------------------------------------------------------

    void LoadNamespaces()
    {
        if (_nsByName.Count > 0)
        {
            return;
        }
        foreach (var row in CatalogIO.Scan(SystemCatalogs.PgNamespace, DatabaseOid, Snapshot))
        {
            uint oid = V.AsOid(row.Values[0]);
            string name = V.AsString(row.Values[1]);
            _nsByName[name] = oid;
            _nsById[oid] = name;
        }
    }

    /// <summary>A schema's OID by name, or 0.</summary>
    public uint LookupNamespace(string name)
    {
        if (name == "pg_temp")
        {
            return _tempNs;
        }
        LoadNamespaces();
        return _nsByName.GetValueOrDefault(name);
    }

    /// <summary>A schema's name by OID, or null.</summary>
    public string? NamespaceName(uint oid)
    {
        LoadNamespaces();
        return _nsById.GetValueOrDefault(oid);
    }

    /// <summary>A schema's OID by name, or 3F000 "schema "x" does not exist".</summary>
    public uint GetNamespace(string name, int position = 0)
    {
        uint oid = LookupNamespace(name);
        return oid != 0 ? oid : Throw.Error<uint>(SqlState.InvalidSchemaName, $"schema \"{name}\" does not exist",
            position: position);
    }

    /// <summary>The schemas searched for an unqualified name, in order (pg_catalog first unless listed).</summary>
    public uint[] ActiveSearchPath()
    {
        LoadNamespaces();
        if (_searchPathValid)
        {
            return _searchPath;
        }
        var list = new List<uint>();
        foreach (string item in SplitSearchPath(_searchPathText))
        {
            uint oid = SearchPathItem(item == "$user" ? UserName : item);
            if (oid != 0 && !list.Contains(oid))
            {
                list.Add(oid);
            }
        }
        _explicitPath = [.. list.Where(oid => oid != _tempNs)];
        if (!list.Contains(CatalogOids.PgCatalogNamespace))
        {
            list.Insert(0, CatalogOids.PgCatalogNamespace);
        }
        if (_tempNs != 0 && !list.Contains(_tempNs))
        {
            list.Insert(0, _tempNs);
        }
        _searchPath = [.. list];
        _searchPathValid = true;
        return _searchPath;
    }

    /// <summary>Where an unqualified CREATE puts its object: the first existing schema of search_path.</summary>
    public uint CreationNamespace(int position = 0)
    {
        ActiveSearchPath();
        if (_explicitPath.Length > 0)
        {
            return _explicitPath[0];
        }
        return Throw.Error<uint>(SqlState.InvalidSchemaName, "no schema has been selected to create in",
            position: position);
    }

    /// <summary>The items of a search_path value: comma-separated, double quotes keep case and commas.</summary>
    static List<string> SplitSearchPath(string text)
    {
        var items = new List<string>();
        int i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && (text[i] == ' ' || text[i] == ','))
            {
                i++;
            }
            if (i >= text.Length)
            {
                break;
            }
            var sb = new System.Text.StringBuilder();
            if (text[i] == '"')
            {
                i++;
                while (i < text.Length)
                {
                    if (text[i] == '"')
                    {
                        if (i + 1 < text.Length && text[i + 1] == '"')
                        {
                            sb.Append('"');
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    sb.Append(text[i++]);
                }
            }
            else
            {
                while (i < text.Length && text[i] != ',')
                {
                    sb.Append(text[i++]);
                }
                items.Add(sb.ToString().Trim().ToLowerInvariant());
                continue;
            }
            items.Add(sb.ToString());
            while (i < text.Length && text[i] != ',')
            {
                i++;
            }
        }
        return items;
    }

    // ---- relations ----------------------------------------------------------------------------------------------

    /// <summary>A relation's OID in a schema, or 0 (get_relname_relid).</summary>
    public uint LookupRelation(uint namespaceOid, string name)
    {
        if (_relByName.TryGetValue((namespaceOid, name), out uint oid))
        {
            return oid;
        }
        var c = SystemCatalogs.PgClass;
        int nameCol = c.Column("relname"), nsCol = c.Column("relnamespace");
        var rows = CatalogIO.Scan(c, DatabaseOid, Snapshot,
            r => V.AsOid(r[nsCol]) == namespaceOid && V.AsString(r[nameCol]) == name);
        oid = rows.Count > 0 ? V.AsOid(rows[0].Values[0]) : 0;
        if (oid != 0)
        {
            _relByName[(namespaceOid, name)] = oid;
        }
        return oid;
    }

    /// <summary>RangeVarGetRelid: a relation by (optionally qualified) name, or 0 when none is visible.</summary>
    public uint RelnameGetRelid(string? schema, string name)
    {
        if (schema != null)
        {
            uint ns = LookupNamespace(schema);
            return ns == 0 ? 0 : LookupRelation(ns, name);
        }
        foreach (uint ns in ActiveSearchPath())
        {
            uint oid = LookupRelation(ns, name);
            if (oid != 0)
            {
                return oid;
            }
        }
        return 0;
    }

    /// <summary>The descriptor of relation <paramref name="oid"/>, or null if it does not exist.</summary>
    public Relation? GetRelation(uint oid)
    {
        if (_relById.TryGetValue(oid, out var rel))
        {
            return rel;
        }
        var snap = Snapshot;
        var c = SystemCatalogs.PgClass;
        var classRows = CatalogIO.Scan(c, DatabaseOid, snap, r => V.AsOid(r[0]) == oid);
        if (classRows.Count == 0)
        {
            return null;
        }
        var cr = classRows[0].Values;
        var a = SystemCatalogs.PgAttribute;
        int relidCol = a.Column("attrelid"), numCol = a.Column("attnum");
        var attRows = CatalogIO.Scan(a, DatabaseOid, snap, r => V.AsOid(r[relidCol]) == oid && V.AsInt(r[numCol]) > 0);
        var d = SystemCatalogs.PgAttrdef;
        var defaults = new Dictionary<int, string>();
        foreach (var r in CatalogIO.Scan(d, DatabaseOid, snap, r => V.AsOid(r[1]) == oid))
        {
            defaults[V.AsInt(r.Values[2])] = V.AsString(r.Values[3]);
        }
        var cols = new RelColumn[attRows.Count];
        foreach (var ar in attRows)
        {
            var v = ar.Values;
            int num = V.AsInt(v[numCol]);
            cols[num - 1] = new RelColumn(num, V.AsString(v[a.Column("attname")]), HeapCatalog.StoredColumnType(v),
                V.AsInt(v[a.Column("atttypmod")]), V.AsBool(v[a.Column("attnotnull")]),
                V.AsBool(v[a.Column("attisdropped")]), defaults.GetValueOrDefault(num),
                V.AsChar(v[a.Column("attidentity")]));
        }
        var k = SystemCatalogs.PgConstraint;
        int conrelid = k.Column("conrelid"), contype = k.Column("contype");
        var checks = CatalogIO.Scan(k, DatabaseOid, snap, r => V.AsOid(r[conrelid]) == oid && V.AsChar(r[contype]) == 'c')
            .Select(r => new CheckSpec(V.AsString(r.Values[k.Column("conname")]), V.AsString(r.Values[k.Column("conbin")])))
            .ToArray();
        uint ns = V.AsOid(cr[c.Column("relnamespace")]);
        rel = new Relation(oid, V.AsString(cr[c.Column("relname")]), ns, NamespaceName(ns) ?? "",
            V.AsChar(cr[c.Column("relkind")]), V.AsOid(cr[c.Column("relfilenode")]), DatabaseOid,
            V.AsBool(cr[c.Column("relisshared")]), cols, checks)
        {
            Persistence = V.AsChar(cr[c.Column("relpersistence")]),
            ViewQuery = V.AsChar(cr[c.Column("relkind")]) == RelKind.View ? ViewRules.Definition(this, oid) : null,
        };
        _relById[oid] = rel;
        return rel;
    }

    /// <summary>The rows of a catalog of this database (for system views and DDL).</summary>
    public List<CatalogRow> Scan(CatalogDef def, Func<Datum[], bool>? match = null) =>
        CatalogIO.Scan(def, def.Shared ? 0 : DatabaseOid, Snapshot, match);
}
