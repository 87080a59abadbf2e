// The sequence WAL record and its redo (sequence.c XLOG_SEQ_LOG / seq_redo), in Tusk's own layout:
//   Sequence LOG 0x00  block 0 = the sequence's page, registered as re-initialised by redo (no image needed);
//                      per-block data: the whole tuple (header and row) as it is to be after the change
// Redo rebuilds the page from the record alone: a fresh sequence page with the tuple as item 1. Replaying a record
// twice, or over a page written after it, changes nothing (XLogUtils.ReadBufferForRedo compares the page LSN).
// Entry points: Log (called by SequencePage with the page exclusively locked), Register (the redo routine).
using System.Buffers.Binary;
using Tusk.Access.Heap;
using Tusk.Storage.Buffer;
using Tusk.Storage.Transam;
using Buffer = Tusk.Storage.Buffer.Buffer;

namespace Tusk.Access.Sequence;

public static class SequenceXlog
{
    public const byte LogInfo = 0x00;

    public static void Register() => RmgrTable.Register(RmgrId.Sequence, "Sequence", Redo, Describe);

    /// <summary>Logs the locked page's tuple as it is now and sets the page LSN.</summary>
    public static void Log(Buffer buffer, uint xid)
    {
        if (!XLog.InsertAllowed)
        {
            return;
        }
        var tuple = BufMgr.GetPage(buffer).GetItem(1);
        XLogUtils.LogPageChange(buffer, RmgrId.Sequence, LogInfo, xid, tuple, willInit: true);
    }

    static void Redo(in DecodedRecord record)
    {
        if ((record.Info & 0xF0) != LogInfo)
        {
            throw new InvalidDataException($"unknown sequence record info 0x{record.Info:X2} at {record.ReadRecPtr}");
        }
        var block = record.Block(0);
        var action = XLogUtils.ReadBufferForRedo(record, block, out var buffer);
        if (action == RedoAction.NeedsRedo)
        {
            SequencePage.InitPage(BufMgr.GetPage(buffer), block.Data);
        }
        XLogUtils.FinishRedo(record, buffer, action);
    }

    static string Describe(in DecodedRecord record)
    {
        var block = record.Block(0);
        var tuple = block.Data;
        string detail = tuple.Length >= HeapTupleHeader.Size + 16
            ? $"last_value {BinaryPrimitives.ReadInt64LittleEndian(tuple[tuple[HeapTupleHeader.HoffOffset]..])}"
            : "FPW";
        return $"LOG {detail}; rel {block.Rel}";
    }
}
