// Write-ahead log (xlog.c): the shared WAL state and the entry points every other subsystem calls.
//   XLog.Insert(record)    reserve space, copy the record into the WAL buffers, return its end LSN (XLogInsertRecord)
//   XLog.Flush(lsn)        return once WAL up to lsn is on disk; group commit (XLogFlush)
//   XLog.LogwrtResult      how far WAL is written / flushed (cheap, no lock)
//   XLog.BackgroundFlush() the walwriter's round (XLogBackgroundFlush)
//   XLog.StartInsertion()  the startup process opens WAL for insertion where valid WAL ends
// Insertion is split over XLog.Insert.cs (reservation, insertion locks, buffer ring) and XLog.Write.cs (write,
// flush, segment files). Shared memory holds no pointers: every process derives its own from the region base.
// See Storage/Transam/README.md for the algorithm, rules and lock order.
using System.Runtime.InteropServices;
using Tusk.Common.Elog;
using Tusk.Common.Errors;
using Tusk.Common.Guc;
using Tusk.Storage.Ipc;
using Tusk.Storage.Lmgr;

namespace Tusk.Storage.Transam;

/// <summary>How far WAL has been written to the kernel (Write) and made durable (Flush). Flush ≤ Write.</summary>
public readonly record struct XLogwrtResult(Lsn Write, Lsn Flush);

/// <summary>Counters of WAL I/O since the region was created (pg_stat_wal's wal_write, wal_sync, wal_buffers_full).</summary>
public readonly record struct XLogStats(long Writes, long Syncs, long BuffersFull);

/// <summary>
/// The WAL: shared insert/write state, insertion and flushing. Entry points: <see cref="Request(Settings)"/> and
/// <see cref="AttachRegion"/> (layout), <see cref="ConfigureProcess"/>, <see cref="StartInsertion"/>,
/// <see cref="Insert(Span{byte})"/>, <see cref="Flush"/>, <see cref="NeedsFlush"/>, <see cref="LogwrtResult"/>,
/// <see cref="BackgroundFlush"/>, <see cref="SetAsyncXactLsn"/>.
/// </summary>
public static unsafe partial class XLog
{
    public const string RegionName = "XLogCtl";

    /// <summary>NUM_XLOGINSERT_LOCKS.</summary>
    public const int NumInsertLocks = 8;

    /// <summary>PrevBytePos before the first record ever: that record's prev-link is invalid.</summary>
    const ulong NoPrevRecord = ulong.MaxValue;

    /// <summary>XLogCtlData: the shared WAL state. Each field names what protects it.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 512)]
    struct XLogCtlData
    {
        // Insert position (XLogCtlInsert), on its own cache line: the hottest word of the WAL.
        /// <summary>Spinlock (insertpos_lck) protecting CurrBytePos and PrevBytePos.</summary>
        [FieldOffset(0)] public int InsertPosLock;
        /// <summary>Usable-byte position where the next record starts (InsertPosLock).</summary>
        [FieldOffset(8)] public ulong CurrBytePos;
        /// <summary>Usable-byte position of the last record's start, <see cref="NoPrevRecord"/> if none (InsertPosLock).</summary>
        [FieldOffset(16)] public ulong PrevBytePos;
        /// <summary>
        /// RedoRecPtr: the redo point of the checkpoint in progress or last completed; a page whose LSN is at or
        /// before it gets a full-page image at its next change. Changed only while holding every insertion lock,
        /// so an inserter reads it consistently under its own one.
        /// </summary>
        [FieldOffset(24)] public ulong RedoRecPtr;

        /// <summary>Spinlock (info_lck) protecting the request fields below.</summary>
        [FieldOffset(64)] public int InfoLock;
        /// <summary>LogwrtRqst.Write: WAL someone wants written (InfoLock); never behind WriteResult.</summary>
        [FieldOffset(72)] public ulong RqstWrite;
        /// <summary>LogwrtRqst.Flush (InfoLock).</summary>
        [FieldOffset(80)] public ulong RqstFlush;
        /// <summary>asyncXactLSN: latest asynchronous commit the walwriter should flush (InfoLock).</summary>
        [FieldOffset(88)] public ulong AsyncXactLsn;

        /// <summary>logWriteResult: written under WALWriteLock, read without a lock (after FlushResult).</summary>
        [FieldOffset(128)] public ulong WriteResult;
        /// <summary>logFlushResult: written under WALWriteLock after WriteResult; read without a lock.</summary>
        [FieldOffset(136)] public ulong FlushResult;

        /// <summary>End of the newest page initialised in the ring (WALBufMappingLock).</summary>
        [FieldOffset(192)] public ulong InitializedUpTo;
        /// <summary>WALBufMappingLock: taken to initialise ring pages (AdvanceXLInsertBuffer).</summary>
        [FieldOffset(200)] public LWLock BufMappingLock;
        /// <summary>WALWriteLock: one writer at a time writes and flushes WAL.</summary>
        [FieldOffset(256)] public LWLock WriteLock;

        // Set when the region is created (or by StartInsertion) and read-only afterwards.
        [FieldOffset(320)] public int NumBuffers;
        [FieldOffset(324)] public int SegmentSize;
        [FieldOffset(328)] public uint Timeline;
        /// <summary>1 once StartInsertion has run: Insert is allowed.</summary>
        [FieldOffset(332)] public int InsertAllowed;

        // Statistics: atomic increments.
        [FieldOffset(384)] public long StatWrites;
        [FieldOffset(392)] public long StatSyncs;
        [FieldOffset(400)] public long StatBuffersFull;
    }

    /// <summary>WALInsertLockPadded: one insertion lock and how far its holder has got, on its own cache line.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 64)]
    struct WalInsertLock
    {
        [FieldOffset(0)] public LWLock Lock;
        /// <summary>
        /// insertingAt: 0 while the holder has not said, else an LSN before which the holder has copied all
        /// of its record. Written by the holder (UpdateVar, ReleaseClearVar), read by WaitInsertionsToFinish.
        /// </summary>
        [FieldOffset(16)] public ulong InsertingAt;
    }

    static XLogCtlData* _ctl;
    static WalInsertLock* _insertLocks;
    /// <summary>xlblocks: per ring page, the end LSN of the WAL page it holds (0 while being initialised).</summary>
    static ulong* _xlblocks;
    static byte* _pages;
    /// <summary>Bumped on every attach, so a thread's cached page pointer from an older mapping is never used.</summary>
    static int _attachGeneration;
    static string? _walDir;

    /// <summary>
    /// CheckPointSegments: WAL segments after the redo point that trigger a checkpoint (from max_wal_size and
    /// checkpoint_completion_target, as PostgreSQL computes it); 0 turns the trigger off.
    /// </summary>
    public static int CheckpointSegments { get; set; }

    /// <summary>Called (by whoever writes WAL) when the WAL since the redo point has reached CheckpointSegments.</summary>
    public static Action? CheckpointNeeded { get; set; }

    /// <summary>PostgreSQL's CalculateCheckpointSegments: max_wal_size spread over 1 + checkpoint_completion_target cycles.</summary>
    public static int ComputeCheckpointSegments(int maxWalSizeMb, double completionTarget, int segmentSize)
    {
        double segments = maxWalSizeMb * 1024.0 * 1024.0 / segmentSize / (1.0 + completionTarget);
        return Math.Max(1, (int)segments);
    }

    /// <summary>full_page_writes of this process: images of pages at their first change after a checkpoint.</summary>
    public static bool FullPageWrites { get; set; } = true;

    /// <summary>The fsync setting of this process (enableFsync): off skips every fdatasync.</summary>
    public static bool EnableFsync { get; set; } = true;

    /// <summary>Directory of the segment files (DATADIR/pg_wal) of this process.</summary>
    public static string WalDirectory => _walDir ?? throw new InvalidOperationException("WAL directory not set");

    /// <summary>Segment size of the attached WAL.</summary>
    public static int SegmentSize => _ctl->SegmentSize;

    /// <summary>Ring pages of the attached WAL buffers.</summary>
    public static int NumBuffers => _ctl->NumBuffers;

    /// <summary>True once <see cref="StartInsertion"/> has opened WAL for insertion.</summary>
    public static bool InsertAllowed => _ctl != null && Volatile.Read(ref _ctl->InsertAllowed) != 0;

    /// <summary>
    /// wal_buffers in pages: -1 means 1/32 of shared_buffers, at least 8 pages (64 kB) and at most one segment;
    /// an explicit value is raised to at least 4 pages (as PostgreSQL's check_wal_buffers).
    /// </summary>
    public static int ResolveWalBuffers(int walBuffers, int sharedBuffers,
        int segmentSize = XLogConstants.DefaultSegmentSize)
    {
        if (walBuffers == -1)
            return Math.Clamp(sharedBuffers / 32, 8, segmentSize / XLogConstants.PageSize);
        return Math.Max(walBuffers, 4);
    }

    /// <summary>The region for the server's settings (wal_buffers, shared_buffers; 16 MB segments).</summary>
    public static ShmemRegion Request(Settings settings) =>
        Request(ResolveWalBuffers(settings.GetInt("wal_buffers"), settings.GetInt("shared_buffers")),
            XLogConstants.DefaultSegmentSize);

    /// <summary>XLOGShmemSize/XLOGShmemInit: a region with <paramref name="buffers"/> ring pages.</summary>
    public static ShmemRegion Request(int buffers, int segmentSize)
    {
        if (buffers < 4)
            throw new ArgumentOutOfRangeException(nameof(buffers), "at least 4 WAL buffers");
        if (!XLogConstants.IsValidSegmentSize(segmentSize))
            throw new ArgumentOutOfRangeException(nameof(segmentSize), "segment size must be a power of two, 64 kB to 1 GB");
        return new ShmemRegion(RegionName, PagesOffset(buffers) + (long)buffers * XLogConstants.PageSize,
            p => Init(p, buffers, segmentSize));
    }

    static long BlocksOffset => sizeof(XLogCtlData) + NumInsertLocks * sizeof(WalInsertLock);

    static long PagesOffset(int buffers) => (BlocksOffset + (long)buffers * sizeof(ulong) + 4095) & ~4095L;

    static void Init(byte* region, int buffers, int segmentSize)
    {
        var ctl = (XLogCtlData*)region;
        ctl->NumBuffers = buffers;
        ctl->SegmentSize = segmentSize;
        ctl->Timeline = XLogConstants.DefaultTimeline;
        ctl->PrevBytePos = NoPrevRecord;
        LWLocks.Initialize(&ctl->BufMappingLock, LWLockTranche.WalBufMapping);
        LWLocks.Initialize(&ctl->WriteLock, LWLockTranche.WalWrite);
        var locks = (WalInsertLock*)(region + sizeof(XLogCtlData));
        for (int i = 0; i < NumInsertLocks; i++)
            LWLocks.Initialize(&locks[i].Lock, LWLockTranche.WalInsert);
        AttachRegion(region);
    }

    /// <summary>Points this process at the WAL region of a segment it created or attached.</summary>
    public static void AttachRegion(byte* region)
    {
        _ctl = (XLogCtlData*)region;
        _insertLocks = (WalInsertLock*)(region + sizeof(XLogCtlData));
        _xlblocks = (ulong*)(region + BlocksOffset);
        _pages = region + PagesOffset(_ctl->NumBuffers);
        Interlocked.Increment(ref _attachGeneration);
        CloseOpenSegment();
    }

    /// <summary>Forgets the WAL region (tests, before the segment goes away): WAL is then closed for insertion.</summary>
    public static void DetachRegion()
    {
        CloseOpenSegment();
        Interlocked.Increment(ref _attachGeneration);
        _ctl = null;
        _insertLocks = null;
        _xlblocks = null;
        _pages = null;
    }

    /// <summary>
    /// Per-process settings, following later changes (reload): fsync, full_page_writes, and CheckpointSegments from
    /// max_wal_size and checkpoint_completion_target. (The WAL directory comes with ShmemLayout.AttachProcess.)
    /// </summary>
    public static void ConfigureProcess(Settings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        EnableFsync = settings.GetBool("fsync");
        FullPageWrites = settings.GetBool("full_page_writes");
        void Segments() => CheckpointSegments = ComputeCheckpointSegments(settings.GetInt("max_wal_size"),
            settings.GetReal("checkpoint_completion_target"), XLogConstants.DefaultSegmentSize);
        Segments();
        settings.Changed += name =>
        {
            if (string.Equals(name, "max_wal_size", StringComparison.OrdinalIgnoreCase)
                || string.Equals(name, "checkpoint_completion_target", StringComparison.OrdinalIgnoreCase))
                Segments();
            if (string.Equals(name, "fsync", StringComparison.OrdinalIgnoreCase))
                EnableFsync = settings.GetBool("fsync");
            else if (string.Equals(name, "full_page_writes", StringComparison.OrdinalIgnoreCase))
                FullPageWrites = settings.GetBool("full_page_writes");
        };
    }

    /// <summary>Sets the directory of the segment files for this process.</summary>
    public static void SetWalDirectory(string walDirectory)
    {
        CloseOpenSegment();
        _walDir = walDirectory;
    }

    /// <summary>
    /// Opens WAL for insertion (the end of StartupXLOG). <paramref name="endOfLog"/>: the end of the last valid
    /// record (the reader's EndRecPtr), or the start of the first segment for a new cluster;
    /// <paramref name="lastRecord"/>: that record's start (the next record's prev-link), invalid for none. If
    /// the end is inside a page, the page is loaded from its segment file so that it is rewritten intact.
    /// Called once, before anyone inserts.
    /// </summary>
    public static void StartInsertion(Lsn endOfLog, Lsn lastRecord)
    {
        var ctl = _ctl;
        if (ctl == null)
            throw new InvalidOperationException("WAL shared memory not attached");
        if (Volatile.Read(ref ctl->InsertAllowed) != 0)
            throw new InvalidOperationException("WAL insertion already started");
        if (endOfLog.Value < (ulong)ctl->SegmentSize)
            throw new ArgumentOutOfRangeException(nameof(endOfLog), "WAL starts at segment 1");
        ulong bytePos = (ulong)XLogConstants.AlignRecord((long)XLogConstants.RecPtrToBytePos(endOfLog));
        ctl->CurrBytePos = bytePos;
        ctl->PrevBytePos = lastRecord.IsValid ? XLogConstants.RecPtrToBytePos(lastRecord) : NoPrevRecord;
        ulong pageStart = endOfLog.Value - (ulong)endOfLog.PageOffset;
        if (endOfLog.PageOffset == 0)
            ctl->InitializedUpTo = pageStart;
        else
        {
            int idx = BufferIndex(pageStart);
            var page = new Span<byte>(_pages + (long)idx * XLogConstants.PageSize, XLogConstants.PageSize);
            ReadPageFromSegment(new Lsn(pageStart), page);
            page[endOfLog.PageOffset..].Clear();
            _xlblocks[idx] = pageStart + XLogConstants.PageSize;
            ctl->InitializedUpTo = pageStart + XLogConstants.PageSize;
        }
        ctl->WriteResult = endOfLog.Value;
        ctl->FlushResult = endOfLog.Value;
        ctl->RqstWrite = endOfLog.Value;
        ctl->RqstFlush = endOfLog.Value;
        Volatile.Write(ref ctl->InsertAllowed, 1);
    }

    /// <summary>The start of WAL of a new cluster (the first record goes right after the first page header).</summary>
    public static Lsn FirstSegmentStart => Lsn.FromSegment(1, 0, _ctl->SegmentSize);

    /// <summary>
    /// LogwrtResult: how far WAL is written and flushed. Flush is read before Write, so Flush ≤ Write holds
    /// for the pair returned.
    /// </summary>
    public static XLogwrtResult LogwrtResult
    {
        get
        {
            ulong flush = Volatile.Read(ref _ctl->FlushResult);
            ulong write = Volatile.Read(ref _ctl->WriteResult);
            return new XLogwrtResult(new Lsn(write), new Lsn(flush));
        }
    }

    /// <summary>GetFlushRecPtr: WAL before this LSN is durable.</summary>
    public static Lsn FlushRecPtr => new(Volatile.Read(ref _ctl->FlushResult));

    /// <summary>
    /// GetXLogInsertRecPtr: where the next record will start (insertions before it may still be copying).
    /// </summary>
    public static Lsn InsertRecPtr => XLogConstants.BytePosToRecPtr(CurrentBytePos());

    /// <summary>
    /// GetXLogInsertEndRecPtr: the end of all WAL reserved so far, as an end pointer (flushing up to it flushes
    /// every record inserted before the call).
    /// </summary>
    public static Lsn InsertEndRecPtr => XLogConstants.BytePosToEndRecPtr(CurrentBytePos());

    static ulong CurrentBytePos()
    {
        Spinlock.Acquire(&_ctl->InsertPosLock);
        ulong pos = _ctl->CurrBytePos;
        Spinlock.Release(&_ctl->InsertPosLock);
        return pos;
    }

    /// <summary>XLogNeedsFlush: true if WAL up to <paramref name="lsn"/> is not yet known durable.</summary>
    public static bool NeedsFlush(Lsn lsn) => lsn.Value > Volatile.Read(ref _ctl->FlushResult);

    /// <summary>Counters of WAL writes, syncs and writes forced by a full ring.</summary>
    public static XLogStats Stats => new(Volatile.Read(ref _ctl->StatWrites), Volatile.Read(ref _ctl->StatSyncs),
        Volatile.Read(ref _ctl->StatBuffersFull));

    /// <summary>XLogSetAsyncXactLSN: asks the walwriter to flush up to an asynchronous commit.</summary>
    public static void SetAsyncXactLsn(Lsn lsn)
    {
        Spinlock.Acquire(&_ctl->InfoLock);
        if (_ctl->AsyncXactLsn < lsn.Value)
            _ctl->AsyncXactLsn = lsn.Value;
        Spinlock.Release(&_ctl->InfoLock);
    }

    /// <summary>The latest asynchronous commit's end (read without the lock: a hint, compared with the flush point).</summary>
    public static Lsn AsyncXactLsn => new(Volatile.Read(ref _ctl->AsyncXactLsn));

    static int BufferIndex(ulong ptr) => (int)(ptr / XLogConstants.PageSize % (ulong)_ctl->NumBuffers);

    /// <summary>
    /// PANIC: shared WAL state can no longer be trusted (a failed write or fsync, an inconsistency). The process
    /// aborts, which makes the postmaster reset shared memory and run recovery.
    /// </summary>
    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    static void Panic(string message)
    {
        Log.Write(Severity.Panic, message);
        Environment.FailFast("PANIC: " + message);
    }
}
