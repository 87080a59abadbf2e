// Fsync requests (sync.c and the checkpointer's request queue): a process that writes a relation segment does
// not fsync it; it records the segment in a shared queue, and the checkpointer fsyncs every recorded segment
// before a checkpoint completes. So a checkpoint covers every write that happened before it, whoever made it.
// The queue also carries checkpoint requests (CHECKPOINT, or a backend that wants one) and their completion.
//
// When the queue is full the writer fsyncs the segment itself (as PostgreSQL does when it cannot forward).
// Entry points: Request, Attach, Forward (smgr's hook in every process but the checkpointer), Absorb
// (checkpointer), RequestCheckpoint / WaitForCheckpoint (CHECKPOINT), ImmediateRequested (a spread checkpoint
// hurries), TakeRequest / CheckpointStarted / CheckpointDone (checkpointer), CheckpointStats (pg_stat_bgwriter).
using System.Diagnostics;
using System.Runtime.InteropServices;
using Tusk.Common.Errors;
using Tusk.Storage.Activity;
using Tusk.Storage.Ipc;
using Tusk.Storage.Lmgr;
using Tusk.Storage.Port;
using Tusk.Storage.Smgr;

namespace Tusk.Storage.Sync;

[Flags]
public enum CheckpointFlags
{
    None = 0,
    /// <summary>Run now, do not spread the writes.</summary>
    Immediate = 1,
    /// <summary>Requested explicitly (CHECKPOINT) rather than by time.</summary>
    Requested = 2,
    /// <summary>The shutdown checkpoint.</summary>
    Shutdown = 4,
    /// <summary>WAL grew past max_wal_size.</summary>
    Wal = 8,
    /// <summary>The requester waits for the checkpoint to complete (CHECKPOINT).</summary>
    Wait = 16,
    /// <summary>The checkpoint that ends crash recovery (run by the startup process).</summary>
    EndOfRecovery = 32,
}

public static unsafe class SyncQueue
{
    public const string RegionName = "Checkpointer Data";

    [StructLayout(LayoutKind.Sequential)]
    struct Entry
    {
        public uint SpcOid;
        public uint DbOid;
        public uint RelNumber;
        public int Fork;
        public int Segment;
    }

    [StructLayout(LayoutKind.Sequential)]
    struct Header
    {
        public int Lock;
        public int Capacity;
        public int Count;
        /// <summary>Incremented by a requester; the checkpointer starts a checkpoint when it differs from Started.</summary>
        public int Requested;
        public int RequestFlags;
        public int Started;
        public int Done;
        /// <summary>Proc number of the checkpointer (its latch is set on requests), -1 before it runs.</summary>
        public int CheckpointerProc;
        public long Forwarded;
        public long Absorbed;
        /// <summary>Writers that found the queue full and fsync'd themselves (buffers_backend_fsync).</summary>
        public long BackendFsyncs;
        /// <summary>Completed checkpoints started by time and by request (written only by the checkpointer).</summary>
        public long TimedCheckpoints;
        public long RequestedCheckpoints;
        /// <summary>Milliseconds spent in the write and sync phases, summed (written only by the checkpointer).</summary>
        public long WriteMs;
        public long SyncMs;
    }

    /// <summary>The checkpoint figures of pg_stat_bgwriter.</summary>
    public readonly record struct Stats(long Timed, long Requested, long WriteMs, long SyncMs, long BackendFsyncs);

    static Header* _h;
    static Entry* _entries;

    public static ShmemRegion Request(int capacity) => new(
        RegionName, sizeof(Header) + ((long)capacity * sizeof(Entry)), p =>
        {
            var h = (Header*)p;
            h->Capacity = capacity;
            h->CheckpointerProc = -1;
            AttachRegion(p);
        });

    public static void AttachRegion(byte* region)
    {
        _h = (Header*)region;
        _entries = (Entry*)(region + sizeof(Header));
    }

    /// <summary>
    /// Records a written segment for the next checkpoint (ForwardSyncRequest); false when the queue is full even after
    /// compaction (the caller then fsyncs the segment itself). A request equal to one of the last few queued is
    /// dropped (a bulk load writes one segment's blocks in a row); past half full the checkpointer is woken to absorb.
    /// </summary>
    public static bool Forward(RelFileLocator locator, ForkNumber fork, int segment)
    {
        var entry = new Entry
        {
            SpcOid = locator.SpcOid, DbOid = locator.DbOid, RelNumber = locator.RelNumber,
            Fork = (int)fork, Segment = segment,
        };
        Spinlock.Acquire(&_h->Lock);
        int count = _h->Count;
        for (int i = count - 1; i >= 0 && i >= count - RecentToCheck; i--)
        {
            if (Same(_entries[i], entry))
            {
                _h->Forwarded++;
                Spinlock.Release(&_h->Lock);
                return true;
            }
        }
        if (count >= _h->Capacity)
        {
            count = _h->Count = Compact(count);
        }
        bool ok = count < _h->Capacity;
        if (ok)
        {
            _entries[_h->Count++] = entry;
            _h->Forwarded++;
        }
        else
        {
            _h->BackendFsyncs++;
        }
        bool nudge = _h->Count > _h->Capacity / 2;
        Spinlock.Release(&_h->Lock);
        int proc = Volatile.Read(ref _h->CheckpointerProc);
        if (nudge && proc >= 0)
        {
            Latch.Set(proc);
        }
        return ok;
    }

    const int RecentToCheck = 8;

    static bool Same(in Entry a, in Entry b) =>
        a.RelNumber == b.RelNumber && a.Segment == b.Segment && a.Fork == b.Fork && a.DbOid == b.DbOid
        && a.SpcOid == b.SpcOid;

    /// <summary>
    /// CompactCheckpointerRequestQueue: sorts the full queue in place and keeps one of each request (the order of
    /// requests does not matter: the checkpointer fsyncs them all). Runs under the spinlock, only when the queue is
    /// full, without allocating. Returns the new count.
    /// </summary>
    static int Compact(int count)
    {
        var span = new Span<Entry>(_entries, count);
        span.Sort(static (a, b) =>
        {
            int c = new RelFileLocator(a.SpcOid, a.DbOid, a.RelNumber)
                .CompareTo(new RelFileLocator(b.SpcOid, b.DbOid, b.RelNumber));
            if (c == 0)
            {
                c = a.Fork.CompareTo(b.Fork);
            }
            return c != 0 ? c : a.Segment.CompareTo(b.Segment);
        });
        int kept = 0;
        for (int i = 0; i < count; i++)
        {
            if (kept == 0 || !Same(span[kept - 1], span[i]))
            {
                span[kept++] = span[i];
            }
        }
        return kept;
    }

    /// <summary>Moves every queued request into this process's (the checkpointer's) pending set.</summary>
    public static int Absorb(Action<RelFileLocator, ForkNumber, int> add)
    {
        // Copy out under the spinlock (a few hundred bytes at most per call), act on them after.
        Spinlock.Acquire(&_h->Lock);
        int n = _h->Count;
        var copy = new Entry[n];
        new ReadOnlySpan<Entry>(_entries, n).CopyTo(copy);
        _h->Count = 0;
        _h->Absorbed += n;
        Spinlock.Release(&_h->Lock);
        foreach (var e in copy)
        {
            add(new RelFileLocator(e.SpcOid, e.DbOid, e.RelNumber), (ForkNumber)e.Fork, e.Segment);
        }
        return n;
    }

    /// <summary>The checkpointer announces itself (so requests can wake it).</summary>
    public static void RegisterCheckpointer(int procNumber) => Volatile.Write(ref _h->CheckpointerProc, procNumber);

    /// <summary>Asks for a checkpoint (RequestCheckpoint); returns the number the caller waits for.</summary>
    public static int RequestCheckpoint(CheckpointFlags flags)
    {
        Spinlock.Acquire(&_h->Lock);
        _h->RequestFlags |= (int)flags;
        int target = ++_h->Requested;
        Spinlock.Release(&_h->Lock);
        int proc = Volatile.Read(ref _h->CheckpointerProc);
        if (proc >= 0)
        {
            Latch.Set(proc);
        }
        return target;
    }

    /// <summary>Whether a requested checkpoint is pending; takes its flags (checkpointer).</summary>
    public static bool TakeRequest(out CheckpointFlags flags)
    {
        Spinlock.Acquire(&_h->Lock);
        bool pending = _h->Requested != _h->Started;
        flags = pending ? (CheckpointFlags)_h->RequestFlags : CheckpointFlags.None;
        if (pending)
        {
            _h->RequestFlags = 0;
        }
        Spinlock.Release(&_h->Lock);
        return pending;
    }

    /// <summary>
    /// Whether a checkpoint asked for with Immediate is waiting: a spread checkpoint under way then finishes at full
    /// speed (its successor starts at once).
    /// </summary>
    /// <remarks>Read without the spinlock (the checkpointer asks after every buffer): a request seen a buffer
    /// late only costs that buffer's nap.</remarks>
    public static bool ImmediateRequested =>
        Volatile.Read(ref _h->Requested) != Volatile.Read(ref _h->Started)
        && (Volatile.Read(ref _h->RequestFlags) & (int)CheckpointFlags.Immediate) != 0;

    /// <summary>
    /// Sleeps until checkpoint number <paramref name="target"/> (from RequestCheckpoint) has completed, calling
    /// <paramref name="checkForInterrupts"/> every 100 ms so a cancel ends the wait. A checkpointer that is not
    /// running after 60 s is an error (as in PostgreSQL; the request stays queued for when it comes).
    /// </summary>
    public static void WaitForCheckpoint(int target, Action checkForInterrupts)
    {
        var noCheckpointer = Stopwatch.StartNew();
        while (true)
        {
            checkForInterrupts();
            int done = Volatile.Read(ref _h->Done);
            if (done - target >= 0)
            {
                return;
            }
            if (Volatile.Read(ref _h->CheckpointerProc) >= 0)
            {
                noCheckpointer.Restart();
            }
            else if (noCheckpointer.ElapsedMilliseconds > 60_000)
            {
                Throw.Error(SqlState.InternalError, "could not request checkpoint because checkpointer not running");
            }
            Latch.SetWaitEvent(WaitEvents.CheckpointDone);
            Libc.FutexWait(&_h->Done, done, 100);
            Latch.SetWaitEvent(0);
        }
    }

    /// <summary>The checkpointer starts a checkpoint covering every request made so far; returns its number.</summary>
    public static int CheckpointStarted()
    {
        Spinlock.Acquire(&_h->Lock);
        _h->Started = _h->Requested;
        int n = _h->Started;
        Spinlock.Release(&_h->Lock);
        return n;
    }

    /// <summary>
    /// The checkpointer finished checkpoint <paramref name="number"/> (wakes WaitForCheckpoint). It counts as
    /// requested or timed by its flags; the shutdown checkpoint counts as neither, as in PostgreSQL.
    /// </summary>
    public static void CheckpointDone(int number, CheckpointFlags flags, double writeSeconds, double syncSeconds)
    {
        // pg_stat_bgwriter: CHECKPOINT and max_wal_size count as requested, shutdown as neither.
        if ((flags & (CheckpointFlags.Requested | CheckpointFlags.Wal)) != 0)
        {
            Interlocked.Increment(ref _h->RequestedCheckpoints);
        }
        else if ((flags & CheckpointFlags.Shutdown) == 0)
        {
            Interlocked.Increment(ref _h->TimedCheckpoints);
        }
        Interlocked.Add(ref _h->WriteMs, (long)(writeSeconds * 1000));
        Interlocked.Add(ref _h->SyncMs, (long)(syncSeconds * 1000));
        Volatile.Write(ref _h->Done, number);
        Libc.FutexWake(&_h->Done, int.MaxValue);
    }

    public static Stats CheckpointStats => new(Volatile.Read(ref _h->TimedCheckpoints),
        Volatile.Read(ref _h->RequestedCheckpoints), Volatile.Read(ref _h->WriteMs), Volatile.Read(ref _h->SyncMs),
        Volatile.Read(ref _h->BackendFsyncs));

    /// <summary>Number of the last completed checkpoint (requesters wait until it reaches their target).</summary>
    public static int Done => Volatile.Read(ref _h->Done);

    public static (long Forwarded, long Absorbed) Counters => (Volatile.Read(ref _h->Forwarded), Volatile.Read(ref _h->Absorbed));
}
