// The XLOG resource manager's own records (xlog.c xlog_redo): checkpoints, NEXTOID (object ids handed out ahead)
// and full-page images written for hint-bit changes. A checkpoint record carries the checkpoint's CheckpointInfo (redo point, timeline, next
// transaction id); its redo only moves the next transaction id forward. An image record restores its page.
// Entry points: Register (once per process), WriteCheckpoint (the checkpointer, the startup process).
using Tusk.Storage.Buffer;

namespace Tusk.Storage.Transam;

public static class XLogRedo
{
    /// <summary>Info bytes of RmgrId.Xlog records (PostgreSQL's values).</summary>
    public const byte CheckpointShutdown = 0x00;
    public const byte CheckpointOnline = 0x10;
    public const byte NextOid = 0x30;
    public const byte FpiForHint = 0xA0;

    public static void Register() => RmgrTable.Register(RmgrId.Xlog, "XLOG", Redo, Describe);

    /// <summary>XLogPutNextOid: object ids up to <paramref name="nextOid"/> may be handed out from now on.</summary>
    public static void LogNextOid(uint nextOid)
    {
        if (!XLog.InsertAllowed)
        {
            return;
        }
        Span<byte> data = stackalloc byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(data, nextOid);
        var b = XLogRecordBuilder.Begin();
        b.SetMainData(data);
        XLog.Insert(b.Finish(RmgrId.Xlog, NextOid, 0));
    }

    /// <summary>Inserts and flushes a checkpoint record; returns its start (what the control file points at).</summary>
    public static Lsn WriteCheckpoint(bool shutdown, in CheckpointInfo info, out Lsn end)
    {
        Span<byte> data = stackalloc byte[CheckpointInfo.Size];
        info.WriteTo(data);
        var b = XLogRecordBuilder.Begin();
        b.SetMainData(data);
        end = XLog.Insert(b.Finish(RmgrId.Xlog, shutdown ? CheckpointShutdown : CheckpointOnline, 0), out Lsn start);
        XLog.Flush(end);
        return start;
    }

    /// <summary>The checkpoint a record holds, if it is a checkpoint record.</summary>
    public static bool TryGetCheckpoint(in DecodedRecord record, out CheckpointInfo info, out bool shutdown)
    {
        shutdown = record.Info == CheckpointShutdown;
        if (record.Rmid != RmgrId.Xlog || (record.Info != CheckpointShutdown && record.Info != CheckpointOnline)
            || record.MainData.Length < CheckpointInfo.Size)
        {
            info = default;
            return false;
        }
        info = CheckpointInfo.ReadFrom(record.MainData);
        return true;
    }

    static void Redo(in DecodedRecord record)
    {
        if (TryGetCheckpoint(record, out var info, out _))
        {
            VarSup.AdvancePast(info.NextXid - 1);
            VarSup.SetNextOid(info.NextOid);
            return;
        }
        if (record.Info == NextOid)
        {
            VarSup.SetNextOid(System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(record.MainData));
            return;
        }
        if (record.Info == FpiForHint)
        {
            for (int i = 0; i < record.BlockCount; i++)
            {
                var block = record.Block(i);
                var action = XLogUtils.ReadBufferForRedo(record, block, out var buffer);
                BufMgr.UnlockReleaseBuffer(buffer);
                if (action != RedoAction.Restored)
                    throw new InvalidDataException($"hint image record at {record.ReadRecPtr} without an image");
            }
            return;
        }
        throw new InvalidDataException($"unknown XLOG record info 0x{record.Info:X2} at {record.ReadRecPtr}");
    }

    static string Describe(in DecodedRecord record)
    {
        if (TryGetCheckpoint(record, out var info, out bool shutdown))
            return $"CHECKPOINT_{(shutdown ? "SHUTDOWN" : "ONLINE")} redo {info.Redo}; tli {info.Timeline}; nextXid {info.NextXid}; nextOid {info.NextOid}";
        return record.Info switch
        {
            FpiForHint => "FPI_FOR_HINT",
            NextOid => $"NEXTOID {System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(record.MainData)}",
            _ => $"UNKNOWN 0x{record.Info:X2}",
        };
    }
}
