// Helpers shared by every record that changes a page (xloginsert.c's XLogRegisterBuffer decision, xlogutils.c
// XLogReadBufferForRedo). Writers: RegisterPage decides whether the page goes in as a full-page image (its first
// change since the redo point), with the free space between line pointers and tuples left out as the hole;
// LogPageChange does the whole single-page insert, retrying if a checkpoint moved the redo point meanwhile. Redo:
// ReadBufferForRedo returns the block's buffer exclusively locked and says whether the record must still be
// applied: an image is restored (never read from disk first: the disk copy may be torn), a page whose LSN is at or
// past the record's end already has the change, anything else needs redo. Blocks or files missing on disk (dropped
// or truncated later in the WAL, or never written before the crash) are created on the way, as PostgreSQL does.
using Tusk.Storage.Buffer;
using Tusk.Storage.Lmgr;
using Tusk.Storage.Page;
using Tusk.Storage.Smgr;

namespace Tusk.Storage.Transam;

/// <summary>What redo must do with a block (XLogRedoAction).</summary>
public enum RedoAction
{
    /// <summary>Apply the record's change to the page.</summary>
    NeedsRedo,
    /// <summary>The page came from the record's full-page image: nothing more to do.</summary>
    Restored,
    /// <summary>The page already has the change (its LSN is not older than the record).</summary>
    Done,
}

public static unsafe class XLogUtils
{
    /// <summary>
    /// Registers a locked page as block <paramref name="blockId"/>: with its image if the redo point
    /// <paramref name="redo"/> passed its LSN (and full_page_writes is on), else by reference with
    /// <paramref name="data"/> for redo. A page redo rebuilds from scratch (<paramref name="willInit"/>) needs no
    /// image. Returns whether the image was taken.
    /// </summary>
    public static bool RegisterPage(ref XLogRecordBuilder builder, byte blockId, Buffer.Buffer buffer, Lsn redo,
        scoped ReadOnlySpan<byte> data, bool willInit = false)
    {
        var page = BufMgr.GetPage(buffer);
        var tag = BufMgr.GetTag(buffer);
        if (willInit || !XLog.NeedsImage(new Lsn(page.Lsn), redo))
        {
            builder.RegisterBlock(blockId, tag.Locator, tag.Fork, tag.Block, data, willInit);
            return false;
        }
        var bytes = new ReadOnlySpan<byte>(page.Pointer, BufPage.BlockSize);
        Hole(page, out int holeOffset, out int holeLength);
        builder.RegisterBlockWithImage(blockId, tag.Locator, tag.Fork, tag.Block, bytes, holeOffset, holeLength, data,
            willInit);
        return true;
    }

    /// <summary>
    /// Logs a change to one exclusively locked page (XLogInsert for a single-buffer record) and sets the page LSN
    /// to the record's end. The record is built against the current redo point and rebuilt if a checkpoint moved
    /// it before the insertion (the page may then need its image).
    /// </summary>
    public static void LogPageChange(Buffer.Buffer buffer, RmgrId rmid, byte info, uint xid, scoped ReadOnlySpan<byte> data,
        bool willInit)
    {
        while (true)
        {
            Lsn redo = XLog.RedoRecPtr;
            var b = XLogRecordBuilder.Begin();
            bool image = RegisterPage(ref b, 0, buffer, redo, data, willInit);
            var record = b.Finish(rmid, info, xid);
            if (XLog.TryInsert(record, image || willInit ? Lsn.Invalid : redo, out _, out Lsn end))
            {
                BufMgr.GetPage(buffer).Lsn = end.Value;
                return;
            }
        }
    }

    /// <summary>The unused middle of a standard page (between pd_lower and pd_upper), or none.</summary>
    public static void Hole(BufPage page, out int offset, out int length)
    {
        int lower = page.Lower, upper = page.Upper;
        if (!page.IsNew && lower >= BufPage.HeaderSize && upper > lower && upper <= BufPage.BlockSize)
        {
            offset = lower;
            length = upper - lower;
        }
        else
        {
            offset = 0;
            length = 0;
        }
    }

    /// <summary>
    /// XLogReadBufferForRedo: the block's buffer, pinned and exclusively locked, and what is left to do. A restored
    /// image gets the record's end LSN and is marked dirty here; after applying a change the caller sets the LSN
    /// and marks the buffer dirty itself.
    /// </summary>
    public static RedoAction ReadBufferForRedo(in DecodedRecord record, in XLogBlockRef block, out Buffer.Buffer buffer)
    {
        var smgr = Smgr.Smgr.Open(block.Rel);
        if (!smgr.Exists(block.Fork))
            smgr.Create(block.Fork, isRedo: true);
        if (block.HasImage || block.WillInit)
        {
            buffer = ExtendTo(smgr, block.Fork, block.BlockNumber, zero: true);
            var page = BufMgr.GetPage(buffer);
            var span = new Span<byte>(page.Pointer, BufPage.BlockSize);
            if (block.HasImage)
            {
                block.RestoreImage(span);
                page.Lsn = record.EndRecPtr.Value;
                BufMgr.MarkBufferDirty(buffer);
                return RedoAction.Restored;
            }
            span.Clear();
            return RedoAction.NeedsRedo;
        }
        buffer = ExtendTo(smgr, block.Fork, block.BlockNumber, zero: false);
        var p = BufMgr.GetPage(buffer);
        return p.Lsn >= record.EndRecPtr.Value ? RedoAction.Done : RedoAction.NeedsRedo;
    }

    /// <summary>Pins and locks the block, adding zero blocks to the fork first if it is shorter.</summary>
    static Buffer.Buffer ExtendTo(SmgrRelation smgr, ForkNumber fork, uint blockNumber, bool zero)
    {
        while (smgr.NBlocks(fork) <= blockNumber)
        {
            var b = BufMgr.ExtendBuffer(smgr, fork);
            BufMgr.MarkBufferDirty(b);
            BufMgr.UnlockReleaseBuffer(b);
        }
        if (zero)
            return BufMgr.ReadBuffer(smgr, fork, blockNumber, ReadBufferMode.ZeroAndLock);
        var buffer = BufMgr.ReadBuffer(smgr, fork, blockNumber);
        BufMgr.LockBuffer(buffer, LWLockMode.Exclusive);
        return buffer;
    }

    /// <summary>Ends a redo step on a buffer: sets the page LSN for an applied change, marks dirty, unlocks, unpins.</summary>
    public static void FinishRedo(in DecodedRecord record, Buffer.Buffer buffer, RedoAction action)
    {
        if (action == RedoAction.NeedsRedo)
        {
            BufMgr.GetPage(buffer).Lsn = record.EndRecPtr.Value;
            BufMgr.MarkBufferDirty(buffer);
        }
        BufMgr.UnlockReleaseBuffer(buffer);
    }
}
