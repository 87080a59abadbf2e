// WAL insertion (xlog.c XLogInsertRecord, ReserveXLogInsertLocation, CopyXLogRecordToWAL, GetXLogBuffer,
// AdvanceXLInsertBuffer). An inserter takes one of the eight insertion locks, reserves its byte range under the
// insert-position spinlock (a few instructions), seals the record with the prev-link it got, copies it into the
// ring of WAL buffer pages concurrently with other inserters, and releases the lock. Before anything that can
// block (initialising a ring page, which may first have to write out older WAL) it advertises how far it has
// copied (insertingAt), so that a writer waiting for earlier WAL does not wait for it.
// Invariants: a ring page is reinitialised only after the WAL it held is written (LogwrtResult.Write past it);
// xlblocks[i] is 0 while page i is being initialised and its end LSN afterwards.
using System.Diagnostics;
using Tusk.Storage.Lmgr;

namespace Tusk.Storage.Transam;

public static unsafe partial class XLog
{
    // Per thread, because tests insert from several threads of one process (a server process uses one).
    [ThreadStatic] static int t_lockToTryPlusOne;
    [ThreadStatic] static int t_myLockNo;
    [ThreadStatic] static ulong t_cachedPage;
    [ThreadStatic] static nint t_cachedPos;
    [ThreadStatic] static int t_cachedGeneration;

    /// <summary>XLogInsertRecord: inserts a record from <see cref="XLogRecordBuilder.Finish"/>; returns its end LSN.</summary>
    public static Lsn Insert(Span<byte> record) => Insert(record, out _);

    /// <summary>
    /// Inserts a built record and returns its end LSN (what a modified page's LSN becomes, and what a commit
    /// flushes). <paramref name="start"/> is the record's own LSN. The record's prev-link and CRC are filled in.
    /// </summary>
    public static Lsn Insert(Span<byte> record, out Lsn start)
    {
        TryInsert(record, Lsn.Invalid, out start, out Lsn end);
        return end;
    }

    /// <summary>
    /// The redo point a record builder decides full-page images by (read without a lock; <see cref="TryInsert"/>
    /// checks it again under the insertion lock).
    /// </summary>
    public static Lsn RedoRecPtr => new(Volatile.Read(ref _ctl->RedoRecPtr));

    /// <summary>
    /// True if a change to a page whose LSN is <paramref name="pageLsn"/> must carry a full-page image, given the
    /// redo point <paramref name="redo"/> the record is built against (XLogRecordAssemble's doPageWrites test).
    /// </summary>
    public static bool NeedsImage(Lsn pageLsn, Lsn redo) => FullPageWrites && pageLsn.Value <= redo.Value;

    /// <summary>
    /// Inserts a record built against redo point <paramref name="redoSeen"/> (from <see cref="RedoRecPtr"/>),
    /// unless a checkpoint has moved the redo point since: then nothing is inserted and false is returned, and the
    /// caller rebuilds the record (some page may now need its image). An invalid <paramref name="redoSeen"/> skips
    /// the check (records without page references, or whose pages all carry images).
    /// </summary>
    public static bool TryInsert(Span<byte> record, Lsn redoSeen, out Lsn start, out Lsn end)
    {
        var ctl = _ctl;
        if (ctl == null || Volatile.Read(ref ctl->InsertAllowed) == 0)
            throw new InvalidOperationException("cannot insert WAL: WAL insertion is not open");
        if (record.Length < XLogRecord.HeaderSize || XLogRecord.TotalLength(record) != (uint)record.Length)
            throw new ArgumentException("not a record built by XLogRecordBuilder", nameof(record));
        InsertLockAcquire();
        if (redoSeen.IsValid && ctl->RedoRecPtr != redoSeen.Value)
        {
            InsertLockRelease();
            start = end = Lsn.Invalid;
            return false;
        }
        // From here to the release the reserved range must be filled: a failure is a PANIC (a critical
        // section in PostgreSQL), since WAL after it would follow a hole.
        ReserveInsertLocation(record.Length, out ulong startPos, out ulong endPos, out Lsn prev);
        XLogRecord.Seal(record, prev);
        CopyRecordToWal(record, startPos, endPos);
        InsertLockRelease();
        // Crossed into a new page: ask the walwriter to write the completed one(s).
        if (startPos / XLogConstants.PageSize != endPos / XLogConstants.PageSize)
        {
            Spinlock.Acquire(&ctl->InfoLock);
            if (ctl->RqstWrite < endPos)
                ctl->RqstWrite = endPos;
            Spinlock.Release(&ctl->InfoLock);
        }
        start = new Lsn(startPos);
        end = new Lsn(endPos);
        return true;
    }

    /// <summary>
    /// The redo point of a checkpoint that starts now (CreateCheckPoint's WALInsertLockAcquireExclusive part):
    /// with every insertion lock held, the position where the next record will start becomes RedoRecPtr. Every
    /// record after it decided its page images against it.
    /// </summary>
    public static Lsn BeginCheckpointRedo()
    {
        var ctl = _ctl;
        for (int i = 0; i < NumInsertLocks; i++)
            LWLocks.Acquire(&_insertLocks[i].Lock, LWLockMode.Exclusive);
        Spinlock.Acquire(&ctl->InsertPosLock);
        ulong pos = ctl->CurrBytePos;
        Spinlock.Release(&ctl->InsertPosLock);
        Lsn redo = XLogConstants.BytePosToRecPtr(pos);
        Volatile.Write(ref ctl->RedoRecPtr, redo.Value);
        for (int i = NumInsertLocks - 1; i >= 0; i--)
            LWLocks.ReleaseClearVar(&_insertLocks[i].Lock, &_insertLocks[i].InsertingAt, 0);
        return redo;
    }

    /// <summary>Start-up: the redo point of the checkpoint recovery started from (before insertion opens).</summary>
    public static void SetRedoRecPtr(Lsn redo) => Volatile.Write(ref _ctl->RedoRecPtr, redo.Value);

    /// <summary>
    /// WALInsertLockAcquire: any of the locks will do; keep to the one used last (no cache-line bouncing when
    /// uncontended), and move on to the next after having to wait, so inserters spread over the locks.
    /// </summary>
    static void InsertLockAcquire()
    {
        if (t_lockToTryPlusOne == 0)
            t_lockToTryPlusOne = Math.Max(ProcGlobal.MyProcNumber, 0) % NumInsertLocks + 1;
        int lockNo = t_lockToTryPlusOne - 1;
        t_myLockNo = lockNo;
        // insertingAt is 0 on acquisition (the last holder cleared it): "position not known yet".
        if (!LWLocks.Acquire(&_insertLocks[lockNo].Lock, LWLockMode.Exclusive))
            t_lockToTryPlusOne = (lockNo + 1) % NumInsertLocks + 1;
    }

    static void InsertLockRelease()
    {
        var l = &_insertLocks[t_myLockNo];
        LWLocks.ReleaseClearVar(&l->Lock, &l->InsertingAt, 0);
    }

    /// <summary>WALInsertLockUpdateInsertingAt: everything of ours before <paramref name="insertingAt"/> is copied.</summary>
    static void InsertLockUpdateInsertingAt(ulong insertingAt)
    {
        var l = &_insertLocks[t_myLockNo];
        LWLocks.UpdateVar(&l->Lock, &l->InsertingAt, insertingAt);
    }

    /// <summary>
    /// ReserveXLogInsertLocation: the only serialised step of an insertion. Positions are usable bytes (page
    /// headers excluded), so the reservation is an addition; the LSNs are computed after the spinlock.
    /// </summary>
    static void ReserveInsertLocation(int size, out ulong startLsn, out ulong endLsn, out Lsn prev)
    {
        var ctl = _ctl;
        ulong aligned = (ulong)XLogConstants.AlignRecord(size);
        Spinlock.Acquire(&ctl->InsertPosLock);
        ulong startBytePos = ctl->CurrBytePos;
        ulong prevBytePos = ctl->PrevBytePos;
        ctl->CurrBytePos = startBytePos + aligned;
        ctl->PrevBytePos = startBytePos;
        Spinlock.Release(&ctl->InsertPosLock);
        startLsn = XLogConstants.BytePosToRecPtr(startBytePos).Value;
        endLsn = XLogConstants.BytePosToEndRecPtr(startBytePos + (ulong)size).Value;
        prev = prevBytePos == NoPrevRecord ? Lsn.Invalid : XLogConstants.BytePosToRecPtr(prevBytePos);
    }

    /// <summary>
    /// CopyXLogRecordToWAL: copies the record page by page; on each page it continues onto, sets the page
    /// header's remaining length and continuation flag (only this inserter writes them for that page).
    /// </summary>
    static void CopyRecordToWal(ReadOnlySpan<byte> record, ulong startLsn, ulong endLsn)
    {
        ulong curr = startLsn;
        byte* dest = GetXLogBuffer(curr);
        int free = XLogConstants.PageSize - (int)(curr % XLogConstants.PageSize);
        while (record.Length > free)
        {
            record[..free].CopyTo(new Span<byte>(dest, free));
            record = record[free..];
            curr += (ulong)free;
            var header = (XLogPageHeader*)GetXLogBuffer(curr);
            header->RemainingLength = (uint)record.Length;
            header->Info |= (ushort)XLogPageFlags.FirstIsContinuation;
            dest = (byte*)header + XLogConstants.PageHeaderSize;
            curr += XLogConstants.PageHeaderSize;
            free = XLogConstants.UsableBytesInPage;
        }
        record.CopyTo(new Span<byte>(dest, record.Length));
        curr += (ulong)record.Length;
        if (curr != endLsn)
            Panic($"space reserved for WAL record does not match what was written: {new Lsn(curr)} != {new Lsn(endLsn)}");
    }

    /// <summary>
    /// GetXLogBuffer: the address in the ring of WAL byte <paramref name="ptr"/>, initialising its page first if
    /// the ring slot still holds an older page. The page cannot be evicted meanwhile: our insertion lock keeps
    /// writers from passing our reserved range, and a slot is reused only after its WAL is written.
    /// </summary>
    static byte* GetXLogBuffer(ulong ptr)
    {
        ulong page = ptr / XLogConstants.PageSize;
        int offset = (int)(ptr % XLogConstants.PageSize);
        if (page == t_cachedPage && t_cachedGeneration == _attachGeneration)
            return (byte*)t_cachedPos + offset;
        int idx = BufferIndex(ptr);
        ulong expectedEnd = (page + 1) * XLogConstants.PageSize;
        if (Volatile.Read(ref _xlblocks[idx]) != expectedEnd)
        {
            // About to block: advertise our progress. Right after a page header, advertise the page's start,
            // so nobody tries to write the header of a page that may not be initialised yet.
            ulong initializedUpto = offset == XLogConstants.PageHeaderSize ? ptr - XLogConstants.PageHeaderSize : ptr;
            InsertLockUpdateInsertingAt(initializedUpto);
            AdvanceInsertBuffer(ptr);
            if (Volatile.Read(ref _xlblocks[idx]) != expectedEnd)
                Panic($"could not find WAL buffer for {new Lsn(ptr)}");
        }
        byte* pagePtr = _pages + (long)idx * XLogConstants.PageSize;
        Debug.Assert(((XLogPageHeader*)pagePtr)->PageAddress == page * XLogConstants.PageSize);
        t_cachedPage = page;
        t_cachedPos = (nint)pagePtr;
        t_cachedGeneration = _attachGeneration;
        return pagePtr + offset;
    }

    /// <summary>
    /// AdvanceXLInsertBuffer: initialises ring pages up to the one holding <paramref name="upto"/>. A slot still
    /// holding unwritten WAL is written out first: release the mapping lock, wait for insertions into that WAL
    /// to finish, then write it under WALWriteLock (unless someone else did meanwhile), and retry.
    /// </summary>
    static void AdvanceInsertBuffer(ulong upto)
    {
        var ctl = _ctl;
        LWLocks.Acquire(&ctl->BufMappingLock, LWLockMode.Exclusive);
        while (upto >= ctl->InitializedUpTo)
        {
            int next = BufferIndex(ctl->InitializedUpTo);
            ulong oldPageEnd = Volatile.Read(ref _xlblocks[next]);
            if (Volatile.Read(ref ctl->WriteResult) < oldPageEnd)
            {
                Spinlock.Acquire(&ctl->InfoLock);
                if (ctl->RqstWrite < oldPageEnd)
                    ctl->RqstWrite = oldPageEnd;
                Spinlock.Release(&ctl->InfoLock);
                // Never wait for insertions while holding the mapping lock: they may need it to proceed.
                LWLocks.Release(&ctl->BufMappingLock);
                WaitInsertionsToFinish(oldPageEnd);
                LWLocks.Acquire(&ctl->WriteLock, LWLockMode.Exclusive);
                if (Volatile.Read(ref ctl->WriteResult) < oldPageEnd)
                {
                    WriteLocked(oldPageEnd, 0);
                    Interlocked.Increment(ref ctl->StatBuffersFull);
                }
                LWLocks.Release(&ctl->WriteLock);
                LWLocks.Acquire(&ctl->BufMappingLock, LWLockMode.Exclusive);
                continue;
            }
            ulong newBegin = ctl->InitializedUpTo;
            // Invalidate first (a full barrier), so nobody takes the half-zeroed page for the old one.
            Interlocked.Exchange(ref _xlblocks[next], 0);
            byte* p = _pages + (long)next * XLogConstants.PageSize;
            new Span<byte>(p, XLogConstants.PageSize).Clear();
            var header = (XLogPageHeader*)p;
            header->Magic = XLogConstants.PageMagic;
            header->Timeline = ctl->Timeline;
            header->PageAddress = newBegin;
            // Publish after the page is ready (release): GetXLogBuffer reads xlblocks without a lock.
            Volatile.Write(ref _xlblocks[next], newBegin + XLogConstants.PageSize);
            ctl->InitializedUpTo = newBegin + XLogConstants.PageSize;
        }
        LWLocks.Release(&ctl->BufMappingLock);
    }

    /// <summary>
    /// WaitXLogInsertionsToFinish: waits until every insertion into WAL before <paramref name="upto"/> has
    /// been copied; returns how far WAL is known complete (at least upto, unless upto lies beyond everything
    /// reserved, in which case it is clamped to the reserved end).
    /// </summary>
    static ulong WaitInsertionsToFinish(ulong upto)
    {
        ulong reservedUpto = InsertEndRecPtr.Value;
        if (upto > reservedUpto)
            upto = reservedUpto;
        ulong finishedUpto = reservedUpto;
        for (int i = 0; i < NumInsertLocks; i++)
        {
            var l = &_insertLocks[i];
            ulong insertingAt = 0;
            do
            {
                // Returns true once the lock is free; else wakes when the holder advertises progress.
                if (LWLocks.WaitForVar(&l->Lock, &l->InsertingAt, insertingAt, out insertingAt))
                {
                    insertingAt = 0;
                    break;
                }
            }
            while (insertingAt < upto);
            if (insertingAt != 0 && insertingAt < finishedUpto)
                finishedUpto = insertingAt;
        }
        return finishedUpto;
    }
}
