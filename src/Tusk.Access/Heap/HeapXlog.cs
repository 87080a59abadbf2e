// Heap WAL records and their redo (heapam_xlog.h, heapam.c heap_xlog_*), in Tusk's own layout. Each record
// references the page it changes as block 0; the page goes in whole (full-page image) at its first change after a
// checkpoint, otherwise the per-block data says how to repeat the change:
//   Heap  INSERT      0x00 (+0x80 INIT_PAGE)  data: u16 offset, then the whole tuple (header and user data)
//   Heap  MARK        0x10                    data: u16 offset, u32 xmax, u32 cmax, u16 infomask, u32 ctid block,
//                                             u16 ctid offset: the header fields a delete (or the old side of an
//                                             update) stamps, as they were after the change
//   Heap2 MULTI_INSERT 0x50 (+0x80 INIT_PAGE) data: u16 count, then per tuple u16 offset, u16 length, tuple
// An update is a MARK of the old version (Xmax), an INSERT of the new one and a MARK linking them (Ctid): if a crash
// falls between them, the updating transaction never committed, so its Xmax counts as aborted and the new version
// is dead.
// Redo applies a change only if the page's LSN is older than the record (XLogUtils.ReadBufferForRedo), so
// replaying a record twice, or over a page written after it, changes nothing.
// Entry points: LogInsert, LogMultiInsert, LogMark (called by HeapRelation with the page exclusively locked),
// Register (redo routines).
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using Tusk.Storage.Buffer;
using Tusk.Storage.Page;
using Tusk.Storage.Transam;
using Buffer = Tusk.Storage.Buffer.Buffer;

namespace Tusk.Access.Heap;

public static unsafe class HeapXlog
{
    public const byte Insert = 0x00;
    public const byte Mark = 0x10;
    public const byte MultiInsert = 0x50;
    public const byte InitPage = 0x80;

    public static void Register()
    {
        RmgrTable.Register(RmgrId.Heap, "Heap", RedoHeap, Describe);
        RmgrTable.Register(RmgrId.Heap2, "Heap2", RedoHeap2, Describe);
    }

    /// <summary>
    /// Logs the insert of the tuple at <paramref name="offset"/> of the locked page and sets the page LSN. A page
    /// holding only this tuple is logged as re-initialised (no image needed).
    /// </summary>
    public static void LogInsert(Buffer buffer, int offset, uint xid)
    {
        if (!XLog.InsertAllowed)
        {
            return;
        }
        var page = BufMgr.GetPage(buffer);
        var tuple = page.GetItem(offset);
        bool init = offset == 1 && page.MaxOffset == 1;
        int size = 2 + tuple.Length;
        Span<byte> data = size <= 1024 ? stackalloc byte[size] : new byte[size];
        BinaryPrimitives.WriteUInt16LittleEndian(data, (ushort)offset);
        tuple.CopyTo(data[2..]);
        XLogUtils.LogPageChange(buffer, RmgrId.Heap, (byte)(Insert | (init ? InitPage : 0)), xid, data, init);
    }

    /// <summary>Logs tuples added to one locked page by a bulk insert (offsets in <paramref name="offsets"/>).</summary>
    public static void LogMultiInsert(Buffer buffer, ReadOnlySpan<ushort> offsets, uint xid)
    {
        if (!XLog.InsertAllowed || offsets.IsEmpty)
        {
            return;
        }
        var page = BufMgr.GetPage(buffer);
        int size = 2;
        foreach (ushort off in offsets)
        {
            size += 4 + page.GetItemId(off).Length;
        }
        var data = new byte[size];
        BinaryPrimitives.WriteUInt16LittleEndian(data, (ushort)offsets.Length);
        int p = 2;
        foreach (ushort off in offsets)
        {
            var tuple = page.GetItem(off);
            BinaryPrimitives.WriteUInt16LittleEndian(data.AsSpan(p), off);
            BinaryPrimitives.WriteUInt16LittleEndian(data.AsSpan(p + 2), (ushort)tuple.Length);
            tuple.CopyTo(data.AsSpan(p + 4));
            p += 4 + tuple.Length;
        }
        bool init = offsets[0] == 1 && page.MaxOffset == offsets.Length;
        XLogUtils.LogPageChange(buffer, RmgrId.Heap2, (byte)(MultiInsert | (init ? InitPage : 0)), xid, data, init);
    }

    /// <summary>Logs the header fields a delete or update just stamped on the tuple at <paramref name="offset"/>.</summary>
    public static void LogMark(Buffer buffer, int offset, uint xid)
    {
        if (!XLog.InsertAllowed)
        {
            return;
        }
        var page = BufMgr.GetPage(buffer);
        ref var h = ref Unsafe.AsRef<HeapTupleHeader>(page.GetItemPointer(offset));
        Span<byte> data = stackalloc byte[18];
        BinaryPrimitives.WriteUInt16LittleEndian(data, (ushort)offset);
        BinaryPrimitives.WriteUInt32LittleEndian(data[2..], h.Xmax);
        BinaryPrimitives.WriteUInt32LittleEndian(data[6..], h.Cmax);
        BinaryPrimitives.WriteUInt16LittleEndian(data[10..], (ushort)h.Infomask);
        BinaryPrimitives.WriteUInt32LittleEndian(data[12..], h.CtidBlock);
        BinaryPrimitives.WriteUInt16LittleEndian(data[16..], h.CtidOffset);
        XLogUtils.LogPageChange(buffer, RmgrId.Heap, Mark, xid, data, willInit: false);
    }

    static void RedoHeap(in DecodedRecord record)
    {
        int kind = record.Info & 0x70;
        if (kind != Insert && kind != Mark)
        {
            throw new InvalidDataException($"unknown heap record info 0x{record.Info:X2} at {record.ReadRecPtr}");
        }
        var block = record.Block(0);
        var action = XLogUtils.ReadBufferForRedo(record, block, out var buffer);
        if (action == RedoAction.NeedsRedo)
        {
            var page = BufMgr.GetPage(buffer);
            var data = block.Data;
            int offset = BinaryPrimitives.ReadUInt16LittleEndian(data);
            if (kind == Insert)
            {
                if ((record.Info & InitPage) != 0 || page.IsNew)
                {
                    BufPage.Init(page.Pointer);
                }
                Add(page, data[2..], offset, record);
            }
            else
            {
                ref var h = ref Unsafe.AsRef<HeapTupleHeader>(page.GetItemPointer(offset));
                h.Xmax = BinaryPrimitives.ReadUInt32LittleEndian(data[2..]);
                h.Cmax = BinaryPrimitives.ReadUInt32LittleEndian(data[6..]);
                h.Infomask = (InfoMask)BinaryPrimitives.ReadUInt16LittleEndian(data[10..]);
                h.CtidBlock = BinaryPrimitives.ReadUInt32LittleEndian(data[12..]);
                h.CtidOffset = BinaryPrimitives.ReadUInt16LittleEndian(data[16..]);
            }
        }
        XLogUtils.FinishRedo(record, buffer, action);
    }

    static void RedoHeap2(in DecodedRecord record)
    {
        if ((record.Info & 0x70) != MultiInsert)
        {
            throw new InvalidDataException($"unknown heap2 record info 0x{record.Info:X2} at {record.ReadRecPtr}");
        }
        var block = record.Block(0);
        var action = XLogUtils.ReadBufferForRedo(record, block, out var buffer);
        if (action == RedoAction.NeedsRedo)
        {
            var page = BufMgr.GetPage(buffer);
            if ((record.Info & InitPage) != 0 || page.IsNew)
            {
                BufPage.Init(page.Pointer);
            }
            var data = block.Data;
            int count = BinaryPrimitives.ReadUInt16LittleEndian(data);
            int p = 2;
            for (int i = 0; i < count; i++)
            {
                int offset = BinaryPrimitives.ReadUInt16LittleEndian(data[p..]);
                int length = BinaryPrimitives.ReadUInt16LittleEndian(data[(p + 2)..]);
                Add(page, data.Slice(p + 4, length), offset, record);
                p += 4 + length;
            }
        }
        XLogUtils.FinishRedo(record, buffer, action);
    }

    static void Add(BufPage page, ReadOnlySpan<byte> tuple, int offset, in DecodedRecord record)
    {
        if (page.AddItem(tuple, offset) != offset)
        {
            throw new InvalidDataException($"failed to add tuple at offset {offset} in redo of {record.ReadRecPtr}");
        }
    }

    static string Describe(in DecodedRecord record)
    {
        var block = record.Block(0);
        string what = (record.Info & 0x70) switch
        {
            Insert => "INSERT",
            Mark => "MARK",
            MultiInsert => "MULTI_INSERT",
            _ => "UNKNOWN",
        };
        if ((record.Info & InitPage) != 0)
        {
            what += "+INIT";
        }
        string detail = block.HasImage || block.Data.Length < 2
            ? "FPW" : $"off {BinaryPrimitives.ReadUInt16LittleEndian(block.Data)}";
        return $"{what} {detail}; blk {block.Rel}/{block.BlockNumber}";
    }
}
