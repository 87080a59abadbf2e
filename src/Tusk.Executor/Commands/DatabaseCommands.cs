// CREATE DATABASE, DROP DATABASE and ALTER DATABASE ... SET/RESET (dbcommands.c) over the shared catalogs.
// CREATE copies the template's files (the FILE_COPY strategy): an immediate checkpoint first puts every
// buffered change of the template on disk, then each file is copied and synced, then the pg_database row is
// inserted; the template must have no other sessions (55006). DROP removes the row, and the database's files
// when the transaction commits; the current database and one with sessions cannot be dropped (55006). Neither
// runs inside a transaction block (25001). ALTER DATABASE ... SET stores "name=value" items in
// pg_db_role_setting (validated against the settings table), applied when a session connects.
// Entry points: DatabaseCommands.Create, Drop, AlterSet.
using System.Globalization;
using Tusk.Catalog;
using Tusk.Common.Errors;
using Tusk.Common.Guc;
using Tusk.Common.Types;
using Tusk.Sql.Nodes;
using Tusk.Storage.Lmgr;
using Tusk.Storage.Smgr;
using Tusk.Storage.Sync;
using Tusk.Storage.Transam;

namespace Tusk.Executor.Commands;

public static class DatabaseCommands
{
    public static string Create(CreatedbStmt s, bool inBlock, ISessionContext ctx)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(ctx);
        if (inBlock)
            Throw.Error(SqlState.ActiveSqlTransaction, "CREATE DATABASE cannot run inside a transaction block");
        string template = "template1";
        bool isTemplate = false, allowConn = true;
        int connLimit = -1;
        foreach (var o in s.Options)
        {
            string? v = o.Arg switch { A_Const c => c.Text, NameList n => string.Join('.', n.Names), _ => null };
            switch (o.Defname)
            {
                case "template": template = v ?? template; break;
                case "encoding":
                    if (v != null && !string.Equals(v.Replace("-", "", StringComparison.Ordinal), "utf8", StringComparison.OrdinalIgnoreCase)
                        && v != "6")
                        Throw.Error(SqlState.FeatureNotSupported, $"encoding \"{v}\" is not supported yet (only UTF8)");
                    break;
                case "locale" or "lc_collate" or "lc_ctype":
                    if (v is not ("C" or "POSIX" or "c" or "posix"))
                        Throw.Error(SqlState.FeatureNotSupported, $"locale \"{v}\" is not supported yet (only C)");
                    break;
                case "is_template": isTemplate = v is "true" or "on" or "1"; break;
                case "allow_connections": allowConn = v is not ("false" or "off" or "0"); break;
                case "connection_limit":
                    connLimit = int.Parse(v ?? "-1", CultureInfo.InvariantCulture);
                    break;
                case "owner" or "strategy" or "tablespace" or "locale_provider" or "oid" or "icu_locale"
                    or "collation_version":
                    break;
                default:
                    Throw.Error(SqlState.SyntaxError, $"option \"{o.Defname}\" not recognized", position: o.Location + 1);
                    break;
            }
        }
        if (SharedCatalog.FindDatabase(s.Dbname) != null)
            Throw.Error(SqlState.DuplicateDatabase, $"database \"{s.Dbname}\" already exists");
        var src = SharedCatalog.FindDatabase(template) ?? Throw.Error<DatabaseInfo>(SqlState.InvalidCatalogName,
            $"template database \"{template}\" does not exist");
        CheckNoOtherSessions(src.Oid, $"source database \"{template}\" is being accessed by other users");
        int target = SyncQueue.RequestCheckpoint(CheckpointFlags.Immediate | CheckpointFlags.Requested
            | CheckpointFlags.Wait);
        SyncQueue.WaitForCheckpoint(target, ctx.CheckForInterrupts);

        uint oid = VarSup.GetNewObjectId();
        var cat = ctx.Catalog;
        CatalogIO.Insert(SystemCatalogs.PgDatabase, 0, cat,
            SharedCatalog.DatabaseRow(new DatabaseInfo(oid, s.Dbname, allowConn, isTemplate, connLimit), ctx.UserOid));
        string from = DatabaseDir(src.Oid);
        string to = DatabaseDir(oid);
        Directory.CreateDirectory(to);
        cat.ScheduleCreateDatabaseDir(to);
        foreach (string file in Directory.GetFiles(from))
        {
            string dest = Path.Combine(to, Path.GetFileName(file));
            File.Copy(file, dest);
            using var fs = new FileStream(dest, FileMode.Open, FileAccess.ReadWrite);
            fs.Flush(flushToDisk: true);
        }
        return "CREATE DATABASE";
    }

    static string DatabaseDir(uint oid) =>
        Path.Combine(Smgr.DataDirectory, "base", oid.ToString(CultureInfo.InvariantCulture));

    /// <summary>55006 with PostgreSQL's DETAIL when another session is connected to the database.</summary>
    static void CheckNoOtherSessions(uint dbOid, string message)
    {
        int others = 0;
        int me = ProcGlobal.MyProcNumber;
        for (int i = 0; i < ProcGlobal.NumClientSlots; i++)
        {
            ref var p = ref ProcGlobal.Proc(i);
            if (i != me && p.Pid != 0 && p.DatabaseOid == dbOid)
                others++;
        }
        if (others > 0)
            Throw.Error(SqlState.ObjectInUse, message, detail: others == 1
                ? "There is 1 other session using the database."
                : $"There are {others} other sessions using the database.");
    }

    public static string Drop(DropdbStmt s, bool inBlock, ISessionContext ctx)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(ctx);
        if (inBlock)
            Throw.Error(SqlState.ActiveSqlTransaction, "DROP DATABASE cannot run inside a transaction block");
        var cat = ctx.Catalog;
        var found = SharedCatalog.FindDatabase(r => V.AsString(r[1]) == s.Dbname, cat.Snapshot);
        if (found == null)
        {
            if (!s.MissingOk)
                Throw.Error(SqlState.InvalidCatalogName, $"database \"{s.Dbname}\" does not exist");
            ctx.Notice(SqlState.SuccessfulCompletion, $"database \"{s.Dbname}\" does not exist, skipping");
            return "DROP DATABASE";
        }
        var (db, row) = found.Value;
        if (db.Oid == ctx.DatabaseOid)
            Throw.Error(SqlState.ObjectInUse, "cannot drop the currently open database");
        if (db.IsTemplate)
            Throw.Error(SqlState.WrongObjectType, "cannot drop a template database");
        if (s.Options.Any(o => o.Defname == "force"))
            Throw.Error(SqlState.FeatureNotSupported, "DROP DATABASE ... WITH (FORCE) is not supported yet");
        CheckNoOtherSessions(db.Oid, $"database \"{s.Dbname}\" is being accessed by other users");
        CatalogIO.Delete(SystemCatalogs.PgDatabase, 0, cat, row.Tid);
        HeapCatalog.DeleteWhere(cat, SystemCatalogs.PgDbRoleSetting, r => V.AsOid(r[0]) == db.Oid);
        Descriptions.DeleteShared(cat, db.Oid, SystemCatalogs.PgDatabase.Oid);
        cat.ScheduleDropDatabase(db.Oid, DatabaseDir(db.Oid));
        return "DROP DATABASE";
    }

    /// <summary>ALTER DATABASE name SET x = v | SET x TO DEFAULT | RESET x | RESET ALL.</summary>
    public static string AlterSet(AlterDatabaseSetStmt s, ISessionContext ctx)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(ctx);
        var cat = ctx.Catalog;
        var db = SharedCatalog.FindDatabase(s.Dbname) ?? Throw.Error<DatabaseInfo>(SqlState.InvalidCatalogName,
            $"database \"{s.Dbname}\" does not exist");
        var set = s.Setstmt;
        var def = set.Kind == VariableSetKind.ResetAll ? null : Settings.Definition(set.Name!);
        if (def != null && def.Context is GucContext.Internal or GucContext.Postmaster or GucContext.Sighup)
            Throw.Error(SqlState.CantChangeRuntimeParam, $"parameter \"{def.Name}\" cannot be changed now");
        var rows = cat.Scan(SystemCatalogs.PgDbRoleSetting, r => V.AsOid(r[0]) == db.Oid && V.AsOid(r[1]) == 0);
        var items = rows.Count > 0 && !rows[0].Values[2].IsNull ? TextArray.Decode(rows[0].Values[2].Ref!) : [];
        if (set.Kind == VariableSetKind.ResetAll)
            items.Clear();
        else
            items.RemoveAll(i => i.StartsWith(def!.Name + "=", StringComparison.Ordinal));
        if (set.Kind == VariableSetKind.Set)
        {
            string value = string.Join(", ", set.Args);
            GucValue.Canonicalize(def!, value);
            items.Add(def!.Name + "=" + value);
        }
        if (rows.Count > 0)
            CatalogIO.Delete(SystemCatalogs.PgDbRoleSetting, 0, cat, rows[0].Tid);
        if (items.Count > 0)
            CatalogIO.Insert(SystemCatalogs.PgDbRoleSetting, 0, cat,
                [V.Oid(db.Oid), V.Oid(0), Datum.FromBytes(TextArray.Encode(items)).WithType(TypeOid.TextArray)]);
        return "ALTER DATABASE";
    }
}
