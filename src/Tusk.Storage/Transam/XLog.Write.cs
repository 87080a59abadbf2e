// WAL write-out (xlog.c XLogWrite, XLogFlush, XLogBackgroundFlush, XLogFileInit). One process at a time writes,
// under WALWriteLock: pages from LogwrtResult.Write up to the request, in as few pwrite calls as the ring and the
// segment boundaries allow; a completed segment is fdatasync'ed at once; a flush request fdatasyncs the current
// segment. Group commit: a flusher that had to wait for WALWriteLock re-checks the flushed position (the holder
// may have flushed its record too), and whoever flushes takes everything inserted so far, not only its own WAL.
// The open segment file is per process and used only under WALWriteLock.
using Microsoft.Win32.SafeHandles;
using Tusk.Storage.Lmgr;
using Tusk.Storage.Port;

namespace Tusk.Storage.Transam;

public static unsafe partial class XLog
{
    static SafeFileHandle? _openFile;
    static ulong _openSegment;
    static readonly byte[] ZeroBlock = new byte[64 * 1024];

    /// <summary>
    /// XLogFlush: returns once all WAL up to <paramref name="record"/> is durable (written and, with fsync on,
    /// fdatasync'ed). WAL before data: the buffer manager calls this with a page's LSN before writing the page.
    /// Throws if <paramref name="record"/> lies beyond all WAL reserved so far (a bogus LSN).
    /// </summary>
    public static void Flush(Lsn record)
    {
        var ctl = _ctl;
        if (record.Value <= Volatile.Read(ref ctl->FlushResult))
            return;
        ulong writeRqst = record.Value;
        while (true)
        {
            if (record.Value <= Volatile.Read(ref ctl->FlushResult))
                break;
            // Piggyback: write as far as anyone has asked for; it costs the same fdatasync.
            Spinlock.Acquire(&ctl->InfoLock);
            if (writeRqst < ctl->RqstWrite)
                writeRqst = ctl->RqstWrite;
            Spinlock.Release(&ctl->InfoLock);
            ulong insertPos = WaitInsertionsToFinish(writeRqst);
            // Lock busy: wait until it is free, then re-check; the holder has likely flushed us too.
            if (!LWLocks.AcquireOrWait(&ctl->WriteLock, LWLockMode.Exclusive))
                continue;
            if (record.Value > Volatile.Read(ref ctl->FlushResult))
                WriteLocked(insertPos, insertPos);
            LWLocks.Release(&ctl->WriteLock);
            break;
        }
        ulong flushed = Volatile.Read(ref ctl->FlushResult);
        if (record.Value > flushed)
            throw new InvalidOperationException(
                $"xlog flush request {record} is not satisfied --- flushed only to {new Lsn(flushed)}");
    }

    /// <summary>
    /// XLogBackgroundFlush (the walwriter's round): writes and flushes completed pages, or up to the latest
    /// asynchronous commit. Returns false when there was nothing to do (or WAL is not open yet).
    /// </summary>
    public static bool BackgroundFlush()
    {
        var ctl = _ctl;
        if (ctl == null || Volatile.Read(ref ctl->InsertAllowed) == 0)
            return false;
        ulong flushed = Volatile.Read(ref ctl->FlushResult);
        Spinlock.Acquire(&ctl->InfoLock);
        ulong target = ctl->RqstWrite;
        ulong async = ctl->AsyncXactLsn;
        Spinlock.Release(&ctl->InfoLock);
        target -= target % XLogConstants.PageSize;
        if (target <= flushed)
            target = async;
        if (target <= flushed)
            return false;
        target = Math.Min(target, WaitInsertionsToFinish(target));
        LWLocks.Acquire(&ctl->WriteLock, LWLockMode.Exclusive);
        if (target > Volatile.Read(ref ctl->FlushResult))
            WriteLocked(target, target);
        LWLocks.Release(&ctl->WriteLock);
        return true;
    }

    /// <summary>
    /// XLogWrite: writes WAL up to <paramref name="writeRqst"/> and makes it durable up to
    /// <paramref name="flushRqst"/> (0: no flush). The caller holds WALWriteLock and has waited for the
    /// insertions below writeRqst. A failed write or fdatasync is a PANIC.
    /// </summary>
    static void WriteLocked(ulong writeRqst, ulong flushRqst)
    {
        var ctl = _ctl;
        int segSize = ctl->SegmentSize;
        int n = ctl->NumBuffers;
        ulong write = Volatile.Read(ref ctl->WriteResult);
        ulong flush = Volatile.Read(ref ctl->FlushResult);
        int npages = 0;
        int startIdx = 0;
        long startOffset = 0;
        int curr = BufferIndex(write);
        while (write < writeRqst)
        {
            ulong pageEnd = Volatile.Read(ref _xlblocks[curr]);
            if (pageEnd <= write || pageEnd - XLogConstants.PageSize > write)
                Panic($"xlog write request {new Lsn(writeRqst)} is past end of log {new Lsn(pageEnd)}");
            write = pageEnd;
            bool partial = writeRqst < pageEnd;
            ulong pageStart = pageEnd - XLogConstants.PageSize;
            ulong segment = pageStart / (ulong)segSize;
            if (_openFile == null || _openSegment != segment)
            {
                CloseOpenSegment();
                _openFile = OpenSegment(segment, create: true);
                _openSegment = segment;
            }
            if (npages == 0)
            {
                startIdx = curr;
                startOffset = (long)(pageStart % (ulong)segSize);
            }
            npages++;
            bool last = writeRqst <= pageEnd;
            bool finishingSegment = !partial && pageEnd % (ulong)segSize == 0;
            // Write the run when it ends: last page wanted, end of the ring (not contiguous), end of segment.
            if (last || curr == n - 1 || finishingSegment)
            {
                WriteOut(_pages + (long)startIdx * XLogConstants.PageSize, npages * XLogConstants.PageSize,
                    startOffset);
                npages = 0;
                // A full segment is synced right away, so no one has to reopen it for a later flush.
                if (finishingSegment)
                {
                    Sync(_openFile);
                    flush = write;
                    CheckSegmentsSinceRedo(segment);
                }
            }
            if (partial)
            {
                write = writeRqst;
                break;
            }
            curr = (curr + 1) % n;
        }
        if (flush < flushRqst && flush < write)
        {
            // Everything before `write` not yet synced lies in one segment: the one holding byte write - 1.
            ulong segment = (write - 1) / (ulong)segSize;
            if (_openFile == null || _openSegment != segment)
            {
                CloseOpenSegment();
                _openFile = OpenSegment(segment, create: false);
                _openSegment = segment;
            }
            Sync(_openFile);
            flush = write;
        }
        // Requests never fall behind results.
        Spinlock.Acquire(&ctl->InfoLock);
        if (ctl->RqstWrite < write)
            ctl->RqstWrite = write;
        if (ctl->RqstFlush < flush)
            ctl->RqstFlush = flush;
        Spinlock.Release(&ctl->InfoLock);
        // Write before Flush (readers read Flush first), so nobody sees Flush ahead of Write.
        Volatile.Write(ref ctl->WriteResult, write);
        Volatile.Write(ref ctl->FlushResult, flush);
    }

    static void WriteOut(byte* from, int length, long fileOffset)
    {
        try
        {
            RandomAccess.Write(_openFile!, new ReadOnlySpan<byte>(from, length), fileOffset);
        }
        catch (IOException e)
        {
            Panic($"could not write to WAL segment {SegmentPath(_openSegment)} at offset {fileOffset}, length {length}: {e.Message}");
        }
        Interlocked.Increment(ref _ctl->StatWrites);
    }

    /// <summary>issue_xlog_fsync: fdatasync unless fsync is off.</summary>
    static void Sync(SafeFileHandle file)
    {
        if (!EnableFsync)
            return;
        if (Libc.FDataSync((int)file.DangerousGetHandle()) != 0)
            Panic($"could not fdatasync WAL segment {SegmentPath(_openSegment)}: errno {Libc.Errno}");
        Interlocked.Increment(ref _ctl->StatSyncs);
    }

    /// <summary>
    /// XLogCheckpointNeeded: once the segments filled since the redo point reach <see cref="CheckpointSegments"/>,
    /// ask for a checkpoint (max_wal_size), so recovery never has to replay more than about that much WAL.
    /// </summary>
    static void CheckSegmentsSinceRedo(ulong finishedSegment)
    {
        int limit = CheckpointSegments;
        ulong redoSegment = Volatile.Read(ref _ctl->RedoRecPtr) / (ulong)_ctl->SegmentSize;
        if (limit > 0 && finishedSegment + 1 >= redoSegment + (ulong)limit)
            CheckpointNeeded?.Invoke();
    }

    static string SegmentPath(ulong segment) =>
        Path.Combine(WalDirectory, XLogConstants.SegmentFileName(_ctl->Timeline, segment, _ctl->SegmentSize));

    /// <summary>XLogFileClose: closes this process's open segment file (at exit, or before the files go).</summary>
    public static void CloseSegmentFile() => CloseOpenSegment();

    static void CloseOpenSegment()
    {
        _openFile?.Dispose();
        _openFile = null;
    }

    /// <summary>
    /// XLogFileInit: opens a segment file, creating it first if needed: zero-filled under a temporary name,
    /// synced, then renamed into place (so a segment file never exists half-created) and the directory synced.
    /// </summary>
    static SafeFileHandle OpenSegment(ulong segment, bool create)
    {
        string path = SegmentPath(segment);
        SafeFileHandle? handle = null;
        try
        {
            if (!File.Exists(path))
            {
                if (!create)
                    Panic($"WAL segment {path} is missing");
                CreateSegment(path);
            }
            handle = File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
        }
        catch (IOException e)
        {
            Panic($"could not open WAL segment {path}: {e.Message}");
        }
        return handle;
    }

    static void CreateSegment(string path)
    {
        string dir = WalDirectory;
        Directory.CreateDirectory(dir);
        string tmp = Path.Combine(dir, $"xlogtemp.{Environment.ProcessId}");
        using (var h = File.OpenHandle(tmp, FileMode.Create, FileAccess.ReadWrite, FileShare.None))
        {
            long size = _ctl->SegmentSize;
            for (long off = 0; off < size; off += ZeroBlock.Length)
                RandomAccess.Write(h, ZeroBlock.AsSpan(0, (int)Math.Min(ZeroBlock.Length, size - off)), off);
            if (EnableFsync && Libc.FDataSync((int)h.DangerousGetHandle()) != 0)
                Panic($"could not fdatasync {tmp}: errno {Libc.Errno}");
        }
        try
        {
            File.Move(tmp, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            // The checkpointer recycled an old segment into this name meanwhile: use that one.
            File.Delete(tmp);
            return;
        }
        if (EnableFsync && Libc.FSyncDirectory(dir) != 0)
            Panic($"could not fsync directory {dir}: errno {Libc.Errno}");
    }

    /// <summary>Reads one WAL page of the segment files (StartInsertion's partial last page).</summary>
    static void ReadPageFromSegment(Lsn pageStart, Span<byte> page)
    {
        ulong segment = pageStart.Segment(_ctl->SegmentSize);
        using var h = File.OpenHandle(SegmentPath(segment), FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        int got = 0;
        while (got < page.Length)
        {
            int n = RandomAccess.Read(h, page[got..], pageStart.SegmentOffset(_ctl->SegmentSize) + got);
            if (n <= 0)
                throw new InvalidDataException($"WAL segment {SegmentPath(segment)} ends inside page {pageStart}");
            got += n;
        }
    }
}
