// Portals (portalmem.c, pquery.c): a running query whose rows are handed out a piece at a time. The extended
// protocol's Bind makes one and Execute runs it (with a row limit, PortalSuspended); DECLARE makes one too, a
// cursor, which FETCH and MOVE run in any direction. Both kinds share one table (one namespace) in the session.
//
// A cursor's position follows pquery.c exactly (atStart, atEnd, portalPos, and DoPortalRunFetch's translation of
// every direction into forward and backward runs), so FETCH and MOVE return the rows and counts PostgreSQL does.
// Under the runs sits a store of the rows produced so far (PostgreSQL's tuplestore): a scrollable cursor keeps
// every row it has read, so going back reads the store and going forward past it pulls from the executor; a NO
// SCROLL cursor keeps nothing behind its position. WITH HOLD at commit pulls the rest into the store (Persist);
// after that the executor is gone and the store is the result.
// Invariants: _base rows come before _rows[0] (0 for a scrollable cursor); _cur is the row number last read
// (0 before the first, past the last after reading off the end); Rows is null once the executor is exhausted
// or the rows were persisted.
using Tusk.Common.Errors;
using Tusk.Common.Types;
using Tusk.Executor;
using Tusk.Sql.Nodes;
using Tusk.Storage.Ipc;

namespace Tusk.Backend.Tcop;

public sealed partial class Session
{
    sealed class Portal
    {
        public required PreparedStatement Statement { get; init; }
        public required Datum[] Parameters { get; set; }

        /// <summary>The plan to run: the statement's at Bind, or that of the statement an EXECUTE names.</summary>
        public PreparedQuery? Query { get; set; }
        public required short[] ResultFormats { get; init; }
        public IEnumerator<Datum[]>? Rows { get; set; }
        public long RowsSent { get; set; }
        public bool Done { get; set; }

        // ---- cursors -----------------------------------------------------------------------------------

        /// <summary>Made by DECLARE (listed in pg_cursors, reachable by FETCH/MOVE/CLOSE).</summary>
        public bool IsCursor { get; init; }

        public CursorOptions Options { get; init; }

        /// <summary>Backward motion allowed (SCROLL, or neither option and a plan PostgreSQL could run backwards).</summary>
        public bool Scrollable { get; init; }

        /// <summary>PG micros when declared (pg_cursors.creation_time).</summary>
        public long CreationTime { get; init; }

        /// <summary>Savepoint depth it was declared at; -1 once held past the end of its transaction.</summary>
        public int CreateLevel { get; set; }

        /// <summary>A run of it failed: it cannot be run again (PORTAL_FAILED).</summary>
        public bool Failed { get; set; }

        /// <summary>What the query reads with, fixed at DECLARE (the portal's snapshot and its command id).</summary>
        public Snapshot? Snapshot { get; init; }

        public uint CommandId { get; init; }

        public bool AtStart { get; private set; } = true;
        public bool AtEnd { get; private set; }
        long _portalPos;

        readonly List<Datum[]> _rows = [];
        long _base;
        long _cur;

        /// <summary>Whether its executor is suspended mid-query (it may hold pinned pages).</summary>
        public bool IsSuspended => Rows != null;

        /// <summary>Closes the executor's row stream (its scans release their pages).</summary>
        public void Drop()
        {
            var rows = Rows;
            Rows = null;
            rows?.Dispose();
        }

        /// <summary>WITH HOLD at commit: the rest of the rows go into the store; the executor is closed.</summary>
        public void Persist()
        {
            if (Rows == null)
                return;
            while (Rows.MoveNext())
                _rows.Add(Rows.Current);
            Drop();
        }

        /// <summary>
        /// DoPortalRunFetch: runs FETCH/MOVE (<paramref name="dest"/> null) in any direction; returns the rows
        /// returned (FETCH) or the count MOVE reports.
        /// </summary>
        public long RunFetch(FetchDirection direction, long count, List<Datum[]>? dest)
        {
            switch (direction)
            {
                case FetchDirection.Forward when count < 0:
                    direction = FetchDirection.Backward;
                    count = -count;
                    break;
                case FetchDirection.Backward when count < 0:
                    direction = FetchDirection.Forward;
                    count = -count;
                    break;
                case FetchDirection.Absolute:
                    if (count > 0)
                    {
                        // Rewind and go forward when the target is nearer the start than to where we are.
                        if (count - 1 <= _portalPos / 2)
                        {
                            Rewind();
                            if (count > 1)
                                RunSelect(true, count - 1, null);
                        }
                        else
                        {
                            long pos = _portalPos + (AtEnd ? 1 : 0);
                            if (count <= pos)
                                RunSelect(false, pos - count + 1, null);
                            else if (count > pos + 1)
                                RunSelect(true, count - pos - 1, null);
                        }
                        return RunSelect(true, 1, dest);
                    }
                    if (count < 0)
                    {
                        RunSelect(true, FetchStmt.FetchAll, null);
                        if (count < -1)
                            RunSelect(false, -count - 1, null);
                        return RunSelect(false, 1, dest);
                    }
                    Rewind();
                    return RunSelect(true, 0, dest);
                case FetchDirection.Relative:
                    if (count > 0)
                    {
                        if (count > 1)
                            RunSelect(true, count - 1, null);
                        return RunSelect(true, 1, dest);
                    }
                    if (count < 0)
                    {
                        if (count < -1)
                            RunSelect(false, -count - 1, null);
                        return RunSelect(false, 1, dest);
                    }
                    direction = FetchDirection.Forward;
                    break;
            }
            bool forward = direction == FetchDirection.Forward;
            if (count == 0)
            {
                // FETCH 0 re-fetches the current row; MOVE 0 says whether there is one.
                bool onRow = !AtStart && !AtEnd;
                if (dest == null)
                    return onRow ? 1 : 0;
                if (onRow)
                {
                    RunSelect(false, 1, null);
                    count = 1;
                    forward = true;
                }
            }
            if (!forward && count == FetchStmt.FetchAll && dest == null)
            {
                long result = _portalPos;
                if (result > 0 && !AtEnd)
                    result--;
                Rewind();
                return result;
            }
            return RunSelect(forward, count, dest);
        }

        /// <summary>PortalRunSelect: up to <paramref name="count"/> rows in one direction.</summary>
        long RunSelect(bool forward, long count, List<Datum[]>? dest)
        {
            long n = 0;
            if (forward)
            {
                if (AtEnd || count <= 0)
                    return 0;
                while (n < count && ReadForward() is { } row)
                {
                    dest?.Add(row);
                    n++;
                }
                if (n > 0)
                    AtStart = false;
                if (n < count)
                    AtEnd = true;
                _portalPos += n;
                return n;
            }
            CheckScrollable();
            if (AtStart || count <= 0)
                return 0;
            while (n < count && ReadBackward() is { } row)
            {
                dest?.Add(row);
                n++;
            }
            if (n > 0 && AtEnd)
            {
                AtEnd = false;
                _portalPos++;
            }
            if (n < count)
            {
                AtStart = true;
                _portalPos = 0;
            }
            else
            {
                _portalPos -= n;
            }
            return n;
        }

        /// <summary>DoPortalRewind: back before the first row (nothing to do if nothing was read yet).</summary>
        void Rewind()
        {
            if (AtStart && !AtEnd)
                return;
            CheckScrollable();
            _cur = 0;
            AtStart = true;
            AtEnd = false;
            _portalPos = 0;
        }

        void CheckScrollable()
        {
            if (!Scrollable)
                Throw.Error(SqlState.ObjectNotInPrerequisiteState, "cursor can only scan forward",
                    hint: "Declare it with SCROLL option to enable backward scan.");
        }

        Datum[]? ReadForward()
        {
            long next = _cur + 1;
            long index = next - _base - 1;
            if (index < _rows.Count)
            {
                _cur = next;
                return _rows[(int)index];
            }
            if (index > _rows.Count || Rows == null)
            {
                _cur = _base + _rows.Count + 1;
                return null;
            }
            if (!Rows.MoveNext())
            {
                Drop();
                _cur = next;
                return null;
            }
            var row = Rows.Current;
            _cur = next;
            if (Scrollable)
                _rows.Add(row);
            else
                _base = next;
            return row;
        }

        Datum[]? ReadBackward()
        {
            if (_cur <= 1)
            {
                _cur = 0;
                return null;
            }
            _cur--;
            return _rows[(int)(_cur - 1)];
        }
    }

    readonly Dictionary<string, Portal> _portals = new(StringComparer.Ordinal);

    /// <summary>Drops one portal (if it exists), closing its executor.</summary>
    void DropPortal(string name)
    {
        if (_portals.Remove(name, out var portal))
            portal.Drop();
    }

    /// <summary>Drops the portals <paramref name="drop"/> selects, closing their executors.</summary>
    void DropPortals(Func<Portal, bool> drop)
    {
        foreach (var (name, portal) in _portals.ToList())
        {
            if (!drop(portal))
                continue;
            _portals.Remove(name);
            portal.Drop();
        }
    }
}
