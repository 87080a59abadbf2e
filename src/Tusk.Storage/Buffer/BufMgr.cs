// The shared buffer manager (bufmgr.c): every process reaches relation pages only through these buffers.
//
// ReadBuffer pins a buffer holding the block (looking it up in the mapping table, or evicting a clock-sweep
// victim and reading the block into it); LockBuffer takes the page's content lock; MarkBufferDirty (exclusive
// lock held) marks it for writing; ReleaseBuffer unpins. Rules (README.md): pin before lock; never wait for a
// content lock while holding a mapping-partition lock; a page is written only with at least a shared content
// lock, after XLogFlush of its LSN (WAL before data), from a private copy carrying the checksum (hint bits may
// change under a shared lock); two processes never read the same block at once (IoInProgress: the second waits
// and then finds the buffer valid).
// Entry points: Request/Attach (shared memory), ReadBuffer, ExtendBuffer, LockBuffer, UnlockBuffer,
// MarkBufferDirty, ReleaseBuffer, UnlockReleaseBuffer, GetPage, FlushRelationBuffers, DropRelationBuffers,
// ReleaseAllPins / HeldPins + ReleasePinsExcept (error clean-up), PinCount. The checkpoint's and the background writer's writes
// (FlushAllBuffers, SyncLru) are in BufMgr.Sync.cs.
using System.Runtime.InteropServices;
using Tusk.Common.Errors;
using Tusk.Storage.Ipc;
using Tusk.Storage.Lmgr;
using Tusk.Storage.Page;
using Tusk.Storage.Port;
using Tusk.Storage.Smgr;
using Tusk.Storage.Transam;

namespace Tusk.Storage.Buffer;

/// <summary>A pinned buffer: its id, or Invalid.</summary>
public readonly record struct Buffer(int Id)
{
    public static readonly Buffer Invalid = new(-1);

    public bool IsValid => Id >= 0;
}

public enum ReadBufferMode
{
    /// <summary>Read the block from disk if it is not in a buffer.</summary>
    Normal,
    /// <summary>Do not read: the caller initialises the page (a block just added, or one redo rewrites
    /// entirely). The buffer comes back exclusively locked.</summary>
    ZeroAndLock,
}

public static unsafe partial class BufMgr
{
    public const string DescriptorsRegion = "Buffer Descriptors";
    public const string BlocksRegion = "Buffer Blocks";
    public const string TableRegion = "Buffer Lookup Table";
    public const string StrategyRegion = "Buffer Strategy";
    const int ExtensionLocks = 64;

    static BufferDesc* _descs;
    static byte* _blocks;
    static LWLock* _extensionLocks;
    static int _nbuffers;
    static byte* _scratch;
    static readonly PrivateRefCount Pins = new();

    /// <summary>Number of shared buffers (shared_buffers).</summary>
    public static int NBuffers => _nbuffers;

    /// <summary>data_checksums: set on write, verified on read.</summary>
    public static bool Checksums { get; set; } = true;

    /// <summary>Blocks read from disk and written to disk by this process (for tests and statistics).</summary>
    public static long Reads { get; private set; }

    public static long Writes { get; private set; }

    /// <summary>The regions for <paramref name="nbuffers"/> buffers, in layout order.</summary>
    public static ShmemRegion[] Request(int nbuffers) =>
    [
        new(DescriptorsRegion, (long)nbuffers * sizeof(BufferDesc), p => InitDescriptors(p, nbuffers)),
        new(BlocksRegion, (long)nbuffers * BufPage.BlockSize, null),
        new(TableRegion, BufTable.Size(nbuffers), p => BufTable.Init(p, nbuffers)),
        new(StrategyRegion, Freelist.Size + (ExtensionLocks * sizeof(LWLock)), p => InitStrategy(p, nbuffers)),
    ];

    static void InitDescriptors(byte* region, int nbuffers)
    {
        var descs = (BufferDesc*)region;
        for (int i = 0; i < nbuffers; i++)
        {
            descs[i].BufId = i;
            LWLocks.Initialize(&descs[i].ContentLock, LWLockTranche.BufferContent);
        }
    }

    static void InitStrategy(byte* region, int nbuffers)
    {
        Freelist.Init(region, nbuffers);
        var locks = (LWLock*)(region + Freelist.Size);
        for (int i = 0; i < ExtensionLocks; i++)
        {
            LWLocks.Initialize(locks + i, LWLockTranche.RelationExtension);
        }
    }

    /// <summary>Points this process at the buffer pool of an attached segment.</summary>
    public static void Attach(SharedMemory shm)
    {
        byte* strategy = shm.Region(StrategyRegion);
        Freelist.Attach(strategy);
        _nbuffers = Freelist.NBuffers;
        _descs = (BufferDesc*)shm.Region(DescriptorsRegion);
        _blocks = shm.Region(BlocksRegion);
        BufTable.Attach(shm.Region(TableRegion), _nbuffers);
        _extensionLocks = (LWLock*)(strategy + Freelist.Size);
        if (_scratch == null)
        {
            _scratch = (byte*)NativeMemory.AlignedAlloc(BufPage.BlockSize, 4096);
        }
    }

    static BufferDesc* Desc(Buffer b) => _descs + b.Id;

    /// <summary>The page of a pinned buffer (valid while pinned; read under a content lock).</summary>
    public static BufPage GetPage(Buffer b) => new(_blocks + ((long)b.Id * BufPage.BlockSize));

    public static BufferTag GetTag(Buffer b) => Desc(b)->Tag;

    /// <summary>How many pins this process holds on the buffer.</summary>
    public static int PinCount(Buffer b) => Pins.Get(b.Id);

    /// <summary>The shared state word of a buffer (tests and monitoring).</summary>
    public static long State(Buffer b) => Volatile.Read(ref Desc(b)->State);

    /// <summary>Returns a pinned buffer holding the block (ReadBuffer_common).</summary>
    public static Buffer ReadBuffer(SmgrRelation rel, ForkNumber fork, uint block, ReadBufferMode mode = ReadBufferMode.Normal)
    {
        var tag = new BufferTag(rel.Locator, fork, block);
        int id = PinBufferForTag(tag, out bool valid);
        var buffer = new Buffer(id);
        if (!valid && StartBufferIO(Desc(buffer), forInput: true))
        {
            try
            {
                var page = GetPage(buffer);
                if (mode == ReadBufferMode.ZeroAndLock)
                {
                    // Lock before the page becomes valid, so nobody sees the zeroed page before we hold it.
                    page.Bytes.Clear();
                    LockBuffer(buffer, LWLockMode.Exclusive);
                    TerminateBufferIO(Desc(buffer), clearDirty: false, BufState.Valid);
                    return buffer;
                }
                else
                {
                    rel.Read(fork, block, page.Bytes);
                    Reads++;
                    if (!PageChecksum.Verify(page.Pointer, block, Checksums, out ushort stored, out ushort computed))
                    {
                        throw new PgException(
                            SqlState.DataCorrupted,
                            $"invalid page in block {block} of relation {rel.Locator.RelativePath(fork)}")
                        {
                            Detail = $"page verification failed, calculated checksum {computed} but expected {stored}",
                        };
                    }
                }
                TerminateBufferIO(Desc(buffer), clearDirty: false, BufState.Valid);
            }
            catch
            {
                TerminateBufferIO(Desc(buffer), clearDirty: false, BufState.IoError);
                ReleaseBuffer(buffer);
                throw;
            }
        }
        if (mode == ReadBufferMode.ZeroAndLock)
        {
            LockBuffer(buffer, LWLockMode.Exclusive);
        }
        return buffer;
    }

    /// <summary>
    /// Adds a block to the end of the fork and returns it pinned and exclusively locked (ExtendBufferedRel).
    /// Concurrent extenders of one relation take turns. The page is new (all zero) unless another process reached
    /// the block first and already used it: callers initialise it only if it is still new.
    /// </summary>
    public static Buffer ExtendBuffer(SmgrRelation rel, ForkNumber fork)
    {
        var lk = _extensionLocks + (int)(new BufferTag(rel.Locator, fork, 0).Hash() % ExtensionLocks);
        uint block;
        LWLocks.Acquire(lk, LWLockMode.Exclusive);
        try
        {
            block = rel.NBlocks(fork);
            // Reserve the block on disk (zeros: a new page is valid) so the next extender sees it.
            new Span<byte>(_scratch, BufPage.BlockSize).Clear();
            rel.Extend(fork, block, new ReadOnlySpan<byte>(_scratch, BufPage.BlockSize), skipFsync: false);
        }
        finally
        {
            LWLocks.Release(lk);
        }
        return ReadBuffer(rel, fork, block, ReadBufferMode.ZeroAndLock);
    }

    public static void LockBuffer(Buffer b, LWLockMode mode) => LWLocks.Acquire(&Desc(b)->ContentLock, mode);

    public static void UnlockBuffer(Buffer b) => LWLocks.Release(&Desc(b)->ContentLock);

    /// <summary>Marks the page changed; the caller holds the exclusive content lock (MarkBufferDirty).</summary>
    public static void MarkBufferDirty(Buffer b)
    {
        var d = Desc(b);
        while (true)
        {
            long old = BufHdr.WaitUnlocked(d);
            long next = old | BufState.Dirty | BufState.JustDirtied;
            if (Interlocked.CompareExchange(ref d->State, next, old) == old)
            {
                return;
            }
        }
    }

    /// <summary>
    /// Marks the page changed by a hint only (hint bits), with just a shared content lock held
    /// (MarkBufferDirtyHint). Losing such a change is harmless: the hint is recomputed from the commit log.
    /// </summary>
    /// <remarks>
    /// With data checksums and WAL open for insertion, the first hint-only change after a checkpoint logs
    /// the page's image first (XLogSaveBufferForHint): a write torn between hint bytes would otherwise leave a page
    /// whose checksum fails with nothing in WAL to repair it.
    /// </remarks>
    public static void MarkBufferDirtyHint(Buffer b)
    {
        var d = Desc(b);
        long s = Volatile.Read(ref d->State);
        if ((s & (BufState.Dirty | BufState.JustDirtied)) == (BufState.Dirty | BufState.JustDirtied))
        {
            return;
        }
        if (Checksums && (s & BufState.Dirty) == 0 && XLog.InsertAllowed)
        {
            var page = GetPage(b);
            Lsn redo = XLog.RedoRecPtr;
            if (!page.IsNew && XLog.NeedsImage(new Lsn(page.Lsn), redo))
            {
                // Copy first: other hint setters may change bytes under their shared locks meanwhile.
                byte* raw = stackalloc byte[BufPage.BlockSize];
                var copy = new Span<byte>(raw, BufPage.BlockSize);
                new ReadOnlySpan<byte>(page.Pointer, BufPage.BlockSize).CopyTo(copy);
                var tag = d->Tag;
                XLogUtils.Hole(new BufPage(raw), out int holeOffset, out int holeLength);
                var builder = XLogRecordBuilder.Begin();
                builder.RegisterBlockWithImage(0, tag.Locator, tag.Fork, tag.Block, copy, holeOffset, holeLength);
                Lsn end = XLog.Insert(builder.Finish(RmgrId.Xlog, XLogRedo.FpiForHint, 0));
                // Writers of the LSN hold the exclusive content lock; hint setters hold the header lock for it.
                long h = BufHdr.Lock(d);
                if (page.Lsn < end.Value)
                {
                    page.Lsn = end.Value;
                }
                BufHdr.Unlock(d, h);
            }
        }
        MarkBufferDirty(b);
    }

    /// <summary>Drops one pin of this process (ReleaseBuffer).</summary>
    public static void ReleaseBuffer(Buffer b)
    {
        if (Pins.Add(b.Id, -1) == 0)
        {
            UnpinShared(Desc(b));
        }
    }

    public static void UnlockReleaseBuffer(Buffer b)
    {
        UnlockBuffer(b);
        ReleaseBuffer(b);
    }

    /// <summary>Drops every pin of this process (abort clean-up; content locks go with LWLocks.ReleaseAll).</summary>
    public static int ReleaseAllPins()
    {
        var all = Pins.All();
        foreach (var (id, count) in all)
        {
            Pins.Add(id, -count);
            UnpinShared(_descs + id);
        }
        return all.Count;
    }

    /// <summary>The pins this process holds (buffer id, count): what suspended cursors keep across statements.</summary>
    public static List<(int BufId, int Count)> HeldPins() => Pins.All();

    /// <summary>
    /// Error clean-up while suspended cursors keep pages pinned: drops every pin beyond <paramref name="kept"/> (the
    /// pins held before the failed statement began). Returns the number of buffers unpinned.
    /// </summary>
    public static int ReleasePinsExcept(List<(int BufId, int Count)> kept)
    {
        int released = 0;
        foreach (var (id, count) in Pins.All())
        {
            int keep = 0;
            foreach (var (kid, kcount) in kept)
            {
                if (kid == id)
                {
                    keep = kcount;
                }
            }
            if (count <= keep)
            {
                continue;
            }
            if (Pins.Add(id, keep - count) == 0)
            {
                UnpinShared(_descs + id);
            }
            released++;
        }
        return released;
    }

    /// <summary>Writes every dirty buffer of one relation (before its files are copied or synced directly).</summary>
    public static int FlushRelationBuffers(RelFileLocator locator)
    {
        int written = 0;
        for (int id = 0; id < _nbuffers; id++)
        {
            var d = _descs + id;
            long s = Volatile.Read(ref d->State);
            if ((s & (BufState.Dirty | BufState.Valid)) != (BufState.Dirty | BufState.Valid))
            {
                continue;
            }
            s = BufHdr.Lock(d);
            if ((s & (BufState.Dirty | BufState.Valid)) != (BufState.Dirty | BufState.Valid) || d->Tag.Locator != locator)
            {
                BufHdr.Unlock(d, s);
                continue;
            }
            if (WriteLocked(d, s, Freelist.BuffersBackend))
            {
                written++;
            }
        }
        return written;
    }

    /// <summary>
    /// Pins a dirty buffer whose header lock we hold (state <paramref name="s"/>), writes it under a shared content
    /// lock and unpins it. The pin does not raise the usage count: writing a page is no use of it. Returns false
    /// if someone else wrote it first.
    /// </summary>
    static bool WriteLocked(BufferDesc* d, long s, long* counter)
    {
        var b = new Buffer(d->BufId);
        PinLocked(d, s);
        LockBuffer(b, LWLockMode.Shared);
        try
        {
            return FlushBuffer(d, counter);
        }
        finally
        {
            UnlockReleaseBuffer(b);
        }
    }

    /// <summary>
    /// Forgets every buffer of a relation fork from <paramref name="firstBlock"/> on, without writing them
    /// (DropRelationBuffers: after TRUNCATE or DROP). The caller's table lock keeps other processes away; a
    /// buffer still pinned is an error.
    /// </summary>
    public static void DropRelationBuffers(RelFileLocator locator, ForkNumber fork, uint firstBlock)
    {
        for (int id = 0; id < _nbuffers; id++)
        {
            var d = _descs + id;
            var t = d->Tag;
            if (t.Locator != locator || t.Fork != fork || t.Block < firstBlock)
            {
                continue;
            }
            uint hash = t.Hash();
            var part = BufTable.PartitionLock(hash);
            LWLocks.Acquire(part, LWLockMode.Exclusive);
            long s = BufHdr.Lock(d);
            if ((s & BufState.TagValid) == 0 || !d->Tag.Equals(t))
            {
                BufHdr.Unlock(d, s);
                LWLocks.Release(part);
                continue;
            }
            if (BufState.RefCount(s) != 0)
            {
                BufHdr.Unlock(d, s);
                LWLocks.Release(part);
                throw new PgException(SqlState.InternalError, $"buffer for {t} is still pinned");
            }
            BufTable.Delete(t, hash);
            d->Tag = default;
            BufHdr.Unlock(d, s & ~(BufState.TagValid | BufState.Valid | BufState.Dirty | BufState.JustDirtied
                | BufState.CheckpointNeeded | BufState.IoError | BufState.UsageMask));
            LWLocks.Release(part);
        }
    }

    // ---- pinning and replacement ----

    /// <summary>Pins the buffer mapped to <paramref name="tag"/>, mapping a victim first if needed.</summary>
    static int PinBufferForTag(in BufferTag tag, out bool valid)
    {
        uint hash = tag.Hash();
        var part = BufTable.PartitionLock(hash);
        LWLocks.Acquire(part, LWLockMode.Shared);
        int id = BufTable.Lookup(tag, hash);
        if (id >= 0)
        {
            valid = Pin(_descs + id);
            LWLocks.Release(part);
            return id;
        }
        LWLocks.Release(part);

        while (true)
        {
            int victim = Freelist.GetVictim(_descs, _nbuffers, out long s);
            var vd = _descs + victim;
            PinLocked(vd, s);
            if ((s & BufState.Dirty) != 0)
            {
                // Write it out first, unless someone holds its content lock (then take another victim rather
                // than wait: the holder may be waiting for a mapping lock we are about to take).
                if (!LWLocks.ConditionalAcquire(&vd->ContentLock, LWLockMode.Shared))
                {
                    ReleaseBuffer(new Buffer(victim));
                    continue;
                }
                try
                {
                    FlushBuffer(vd, Freelist.BuffersBackend);
                }
                finally
                {
                    LWLocks.Release(&vd->ContentLock);
                }
            }

            // Map the new tag to the victim, holding both partitions (lower number first).
            bool hadTag = (s & BufState.TagValid) != 0;
            var oldTag = vd->Tag;
            uint oldHash = hadTag ? oldTag.Hash() : 0;
            var oldPart = hadTag ? BufTable.PartitionLock(oldHash) : null;
            LockPartitions(part, oldPart);
            int existing = BufTable.Insert(tag, hash, victim);
            if (existing >= 0)
            {
                // Someone else loaded the block meanwhile: use theirs, give the victim back.
                valid = Pin(_descs + existing);
                UnlockPartitions(part, oldPart);
                ReleaseBuffer(new Buffer(victim));
                return existing;
            }
            s = BufHdr.Lock(vd);
            if (BufState.RefCount(s) != 1 || (s & BufState.Dirty) != 0 || (hadTag && !vd->Tag.Equals(oldTag)))
            {
                // Pinned or dirtied by someone else while we were busy: try another victim.
                BufHdr.Unlock(vd, s);
                BufTable.Delete(tag, hash);
                UnlockPartitions(part, oldPart);
                ReleaseBuffer(new Buffer(victim));
                continue;
            }
            vd->Tag = tag;
            s &= ~(BufState.Valid | BufState.Dirty | BufState.JustDirtied | BufState.CheckpointNeeded
                | BufState.IoError | BufState.UsageMask);
            BufHdr.Unlock(vd, s | BufState.TagValid | BufState.UsageOne);
            if (hadTag)
            {
                BufTable.Delete(oldTag, oldHash);
            }
            UnlockPartitions(part, oldPart);
            valid = false;
            return victim;
        }
    }

    static void LockPartitions(LWLock* a, LWLock* b)
    {
        if (b == null || b == a)
        {
            LWLocks.Acquire(a, LWLockMode.Exclusive);
        }
        else if (a < b)
        {
            LWLocks.Acquire(a, LWLockMode.Exclusive);
            LWLocks.Acquire(b, LWLockMode.Exclusive);
        }
        else
        {
            LWLocks.Acquire(b, LWLockMode.Exclusive);
            LWLocks.Acquire(a, LWLockMode.Exclusive);
        }
    }

    static void UnlockPartitions(LWLock* a, LWLock* b)
    {
        if (b != null && b != a)
        {
            LWLocks.Release(b);
        }
        LWLocks.Release(a);
    }

    /// <summary>Pins a buffer whose header is not locked (PinBuffer); returns whether it is valid.</summary>
    static bool Pin(BufferDesc* d)
    {
        if (Pins.Add(d->BufId, 1) > 1)
        {
            return (Volatile.Read(ref d->State) & BufState.Valid) != 0;
        }
        while (true)
        {
            long old = BufHdr.WaitUnlocked(d);
            long next = old + BufState.RefCountOne;
            if (BufState.UsageCount(old) < BufState.MaxUsageCount)
            {
                next += BufState.UsageOne;
            }
            if (Interlocked.CompareExchange(ref d->State, next, old) == old)
            {
                return (next & BufState.Valid) != 0;
            }
        }
    }

    /// <summary>Pins a buffer whose header lock we hold (state <paramref name="s"/>) and releases the lock.</summary>
    static void PinLocked(BufferDesc* d, long s)
    {
        if (Pins.Add(d->BufId, 1) == 1)
        {
            s += BufState.RefCountOne;
        }
        BufHdr.Unlock(d, s);
    }

    static void UnpinShared(BufferDesc* d)
    {
        while (true)
        {
            long old = BufHdr.WaitUnlocked(d);
            if (Interlocked.CompareExchange(ref d->State, old - BufState.RefCountOne, old) == old)
            {
                return;
            }
        }
    }

    // ---- I/O ----

    /// <summary>
    /// Claims the buffer's I/O (StartBufferIO), waiting while another process does one. Returns false when there is
    /// nothing left to do: for input the page became valid, for output it is no longer dirty.
    /// </summary>
    static bool StartBufferIO(BufferDesc* d, bool forInput)
    {
        while (true)
        {
            long s = BufHdr.Lock(d);
            if ((s & BufState.IoInProgress) == 0)
            {
                bool done = forInput ? (s & BufState.Valid) != 0 : (s & BufState.Dirty) == 0;
                if (done)
                {
                    BufHdr.Unlock(d, s);
                    return false;
                }
                BufHdr.Unlock(d, s | BufState.IoInProgress);
                return true;
            }
            BufHdr.Unlock(d, s);
            WaitIO(d);
        }
    }

    static void WaitIO(BufferDesc* d)
    {
        while (true)
        {
            int seq = Volatile.Read(ref d->IoSeq);
            if ((Volatile.Read(ref d->State) & BufState.IoInProgress) == 0)
            {
                return;
            }
            Interlocked.Increment(ref d->IoWaiters);
            Libc.FutexWait(&d->IoSeq, seq, 100);
            Interlocked.Decrement(ref d->IoWaiters);
        }
    }

    static void TerminateBufferIO(BufferDesc* d, bool clearDirty, long setFlags)
    {
        long s = BufHdr.Lock(d);
        s &= ~(BufState.IoInProgress | BufState.IoError);
        if (clearDirty && (s & BufState.JustDirtied) == 0)
        {
            s &= ~(BufState.Dirty | BufState.CheckpointNeeded);
        }
        BufHdr.Unlock(d, s | setFlags);
        Interlocked.Increment(ref d->IoSeq);
        if (Volatile.Read(ref d->IoWaiters) > 0)
        {
            Libc.FutexWake(&d->IoSeq, int.MaxValue);
        }
    }

    /// <summary>
    /// Writes a pinned buffer whose content lock we hold (FlushBuffer): WAL first, then a checksummed private copy.
    /// Counts the write in <paramref name="counter"/> (pg_stat_bgwriter's column for the writer). Returns false if
    /// it was not dirty (someone else wrote it).
    /// </summary>
    static bool FlushBuffer(BufferDesc* d, long* counter)
    {
        if (!StartBufferIO(d, forInput: false))
        {
            return false;
        }
        try
        {
            long s = BufHdr.Lock(d);
            var tag = d->Tag;
            BufHdr.Unlock(d, s & ~BufState.JustDirtied);
            byte* page = _blocks + ((long)d->BufId * BufPage.BlockSize);
            // WAL before data (XLogFlush). During redo insertion is not open yet, and the WAL being replayed is
            // already on disk.
            if (XLog.InsertAllowed)
            {
                XLog.Flush(new Lsn(new BufPage(page).Lsn));
            }
            var copy = new Span<byte>(_scratch, BufPage.BlockSize);
            new ReadOnlySpan<byte>(page, BufPage.BlockSize).CopyTo(copy);
            if (Checksums && !new BufPage(_scratch).IsNew)
            {
                PageChecksum.Set(_scratch, tag.Block);
            }
            Smgr.Smgr.Open(tag.Locator).Write(tag.Fork, tag.Block, copy);
            Writes++;
            Interlocked.Increment(ref *counter);
        }
        catch
        {
            TerminateBufferIO(d, clearDirty: false, BufState.IoError);
            throw;
        }
        TerminateBufferIO(d, clearDirty: true, 0);
        return true;
    }
}
