// SQL cursors (portalcmds.c): DECLARE makes a cursor portal (Session.Portal.cs), FETCH and MOVE run it, CLOSE drops
// it; pg_cursors lists them. Cursors are not transactional (portalmem.c's AtSubAbort/AtSubCommit/AtCommit_Portals):
// ROLLBACK TO drops the cursors declared after the savepoint but leaves the others where they are; a run that
// fails leaves its cursor unusable ("portal ... cannot be run"); RELEASE hands cursors to the parent level. At
// COMMIT a WITH HOLD cursor's remaining rows are stored and it outlives the transaction; every other portal ends
// with its transaction, and a WITH HOLD cursor with the transaction that declared it when that one rolls back.
// While a cursor's query runs, reads use the snapshot and command id of its DECLARE.
using Tusk.Backend.Catalog;
using Tusk.Catalog;
using Tusk.Common.Errors;
using Tusk.Common.Types;
using Tusk.Executor;
using Tusk.Sql.Nodes;
using Tusk.Storage.Buffer;

namespace Tusk.Backend.Tcop;

public sealed partial class Session
{
    /// <summary>The cursor whose query is running (its snapshot is the statement snapshot), or null.</summary>
    Portal? _activeCursor;

    /// <summary>Pins held as the running statement began, when suspended portals held any (error clean-up keeps them).</summary>
    List<(int BufId, int Count)>? _pinsAtStatementStart;

    string ExecDeclareCursor(DeclareCursorStmt d)
    {
        var o = d.Options;
        if ((o & CursorOptions.Scroll) != 0 && (o & CursorOptions.NoScroll) != 0)
            Throw.Error(SqlState.InvalidCursorDefinition, "cannot specify both SCROLL and NO SCROLL");
        if ((o & CursorOptions.Asensitive) != 0 && (o & CursorOptions.Insensitive) != 0)
            Throw.Error(SqlState.InvalidCursorDefinition, "cannot specify both ASENSITIVE and INSENSITIVE");
        var query = Planner.Plan(d.Query, [], this)!;
        if (query.ParamTypes.Length > 0) // a cursor gets no parameter values (Bind's are not passed on yet)
            Throw.Error(SqlState.UndefinedParameter, "there is no parameter $1");
        if ((o & CursorOptions.Hold) == 0 && !InTransactionBlock)
            Throw.Error(SqlState.NoActiveSqlTransaction, "DECLARE CURSOR can only be used in transaction blocks");
        if (_portals.ContainsKey(d.Portalname))
            Throw.Error(SqlState.DuplicateCursor, $"cursor \"{d.Portalname}\" already exists");
        bool scrollable = (o & CursorOptions.Scroll) != 0
            || ((o & CursorOptions.NoScroll) == 0 && query.SupportsBackwardScan);
        string sql = _currentStatement ?? "";
        var portal = new Portal
        {
            Statement = new PreparedStatement { Sql = sql, Query = query, ParamTypes = [] },
            Parameters = [],
            Query = query,
            ResultFormats = (o & CursorOptions.Binary) != 0 ? [1] : [],
            IsCursor = true,
            Options = o,
            Scrollable = scrollable,
            CreationTime = TypeIO.ToPgMicros(DateTime.UtcNow),
            CreateLevel = Xact.Depth,
            Snapshot = StatementSnapshot(),
            CommandId = Xact.CommandId,
        };
        portal.Rows = query.Execute([], this).GetEnumerator();
        _portals[d.Portalname] = portal;
        return "DECLARE CURSOR";
    }

    Portal FindCursor(string name)
    {
        if (!_portals.TryGetValue(name, out var portal) || !portal.IsCursor)
            Throw.Error(SqlState.InvalidCursorName, $"cursor \"{name}\" does not exist");
        return portal;
    }

    /// <summary>FETCH / MOVE: the rows (FETCH) and the tag with the count.</summary>
    (string Tag, ResultColumn[]? Columns, List<Datum[]>? Rows) ExecFetch(FetchStmt f)
    {
        var portal = FindCursor(f.Portalname);
        var rows = f.IsMove ? null : new List<Datum[]>();
        long n = RunCursor(f.Portalname, portal, () => portal.RunFetch(f.Direction, f.HowMany, rows));
        return f.IsMove ? ("MOVE " + n, null, null) : ("FETCH " + n, portal.Query!.Columns, rows);
    }

    /// <summary>
    /// Runs part of a cursor's query with its DECLARE's snapshot and command id; an error leaves the cursor failed
    /// (MarkPortalFailed), and a failed cursor is refused.
    /// </summary>
    T RunCursor<T>(string name, Portal portal, Func<T> run)
    {
        if (portal.Failed)
            Throw.Error(SqlState.ObjectNotInPrerequisiteState, $"portal \"{name}\" cannot be run");
        _activeCursor = portal;
        Xact.PinCommandId(portal.CommandId);
        try
        {
            return run();
        }
        catch (Exception)
        {
            portal.Failed = true;
            throw;
        }
        finally
        {
            _activeCursor = null;
            Xact.UnpinCommandId();
        }
    }

    string ExecClosePortal(ClosePortalStmt c)
    {
        if (c.Portalname == null)
        {
            DropPortals(p => p.IsCursor);
            return "CLOSE CURSOR ALL";
        }
        FindCursor(c.Portalname);
        DropPortal(c.Portalname);
        return "CLOSE CURSOR";
    }

    /// <summary>
    /// Before COMMIT (PreCommit_Portals): WITH HOLD cursors of this transaction store the rest of their rows and
    /// become independent of it. An error here rolls the transaction back.
    /// </summary>
    void PersistHoldCursors()
    {
        foreach (var (name, portal) in _portals)
        {
            if (!portal.IsCursor || portal.CreateLevel < 0 || (portal.Options & CursorOptions.Hold) == 0)
                continue;
            RunCursor(name, portal, () =>
            {
                portal.Persist();
                return 0;
            });
            portal.CreateLevel = -1;
        }
    }

    /// <summary>At the end of a transaction: only cursors held past it (from this or an earlier one) remain.</summary>
    void AtEndOfTransactionPortals() => DropPortals(p => p.CreateLevel >= 0);

    /// <summary>ROLLBACK TO: the portals made after the savepoint go (Xact.Depth is the savepoint's level).</summary>
    void AtSubAbortPortals() => DropPortals(p => p.CreateLevel >= Xact.Depth);

    /// <summary>RELEASE: portals of the released levels now belong to the level that remains.</summary>
    void AtSubCommitPortals()
    {
        foreach (var portal in _portals.Values)
            if (portal.CreateLevel > Xact.Depth)
                portal.CreateLevel = Xact.Depth;
    }

    /// <summary>
    /// Error clean-up of portals and pins: protocol portals go; cursors stay (until the transaction or savepoint
    /// ends). Pins the failed statement left are dropped, those of suspended cursors kept.
    /// </summary>
    void AtErrorPortals()
    {
        DropPortals(p => !p.IsCursor);
        if (!_portals.Values.Any(p => p.IsSuspended))
            BufMgr.ReleaseAllPins();
        else if (_pinsAtStatementStart != null)
            BufMgr.ReleasePinsExcept(_pinsAtStatementStart);
        _pinsAtStatementStart = null;
    }

    /// <summary>
    /// CheckTableNotInUse: a cursor of this transaction keeps the tables its plan scans open until it is closed (or
    /// held past the transaction), as PostgreSQL's executor state does, even once it has read its last row.
    /// </summary>
    public void CheckTableNotInUse(Relation rel, string command)
    {
        foreach (var portal in _portals.Values)
            if (portal.IsCursor && portal.CreateLevel >= 0 && portal.Query!.ScannedTables.Contains(rel.Oid))
                Throw.Error(SqlState.ObjectInUse,
                    $"cannot {command} \"{rel.Name}\" because it is being used by active queries in this session");
    }

    /// <summary>The binary format when FETCH reads a BINARY cursor, else text.</summary>
    short[] FetchFormats(Node stmt) =>
        stmt is FetchStmt { IsMove: false } f && _portals.TryGetValue(f.Portalname, out var p) && p.IsCursor
            ? p.ResultFormats
            : [];

    /// <summary>
    /// The session's portals as pg_cursors shows them: cursors, and the portals Bind made (visible in PostgreSQL too;
    /// a simple query's portal is not, and here it has none).
    /// </summary>
    IEnumerable<CursorEntry> CursorRows() =>
        _portals.Select(kv => new CursorEntry(kv.Key, kv.Value.Statement.Sql,
            (kv.Value.Options & CursorOptions.Hold) != 0, (kv.Value.Options & CursorOptions.Binary) != 0,
            kv.Value.Scrollable, kv.Value.CreationTime));
}
