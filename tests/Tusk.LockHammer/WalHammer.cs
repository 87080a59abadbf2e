// WAL insertion from a worker process: records whose main data says who wrote them (kind, id, sequence number),
// in sizes from a few bytes to several pages, flushed every few records. The tests read the WAL back and check
// that every record is there exactly once, in each writer's order, with an unbroken prev-link chain.
using System.Buffers.Binary;
using System.Globalization;
using Tusk.Storage.Transam;

namespace Tusk.LockHammer;

public static class WalHammer
{
    public const int KindProcess = 1;
    public const int KindThread = 2;

    [ThreadStatic] static byte[]? t_payload;

    /// <summary>Main data length of record number <paramref name="seq"/>: mostly small, every 50th spans pages.</summary>
    public static int PayloadSize(int seq) => seq % 50 == 49 ? 20_000 : 12 + seq * 37 % 3000;

    /// <summary>Builds and inserts record <paramref name="seq"/> of writer (kind, id); returns its end LSN.</summary>
    public static Lsn Insert(int kind, int id, int seq)
    {
        int size = PayloadSize(seq);
        var payload = t_payload ??= new byte[20_000];
        BinaryPrimitives.WriteInt32LittleEndian(payload, kind);
        BinaryPrimitives.WriteInt32LittleEndian(payload.AsSpan(4), id);
        BinaryPrimitives.WriteInt32LittleEndian(payload.AsSpan(8), seq);
        for (int i = 12; i < size; i++)
            payload[i] = (byte)(seq + i);
        var b = XLogRecordBuilder.Begin();
        b.SetMainData(payload.AsSpan(0, size));
        return XLog.Insert(b.Finish(RmgrId.Generic, 0, (uint)seq));
    }

    /// <summary>The writer and sequence number of a record written by <see cref="Insert"/>; checks its filler.</summary>
    public static (int Kind, int Id, int Seq) Parse(ReadOnlySpan<byte> mainData)
    {
        int kind = BinaryPrimitives.ReadInt32LittleEndian(mainData);
        int id = BinaryPrimitives.ReadInt32LittleEndian(mainData[4..]);
        int seq = BinaryPrimitives.ReadInt32LittleEndian(mainData[8..]);
        if (mainData.Length != PayloadSize(seq))
            throw new InvalidDataException($"record {kind}/{id}/{seq} has {mainData.Length} bytes");
        for (int i = 12; i < mainData.Length; i++)
            if (mainData[i] != (byte)(seq + i))
                throw new InvalidDataException($"record {kind}/{id}/{seq} has a wrong byte at {i}");
        return (kind, id, seq);
    }

    /// <summary>Worker: wal N WALDIR FLUSHEVERY WORKERS: inserts N records, flushing every FLUSHEVERY.</summary>
    public static int Run(string[] args, int id)
    {
        int n = int.Parse(args[2], CultureInfo.InvariantCulture);
        XLog.SetWalDirectory(args[3]);
        XLog.EnableFsync = false;
        int flushEvery = int.Parse(args[4], CultureInfo.InvariantCulture);
        for (int seq = 0; seq < n; seq++)
        {
            Lsn end = Insert(KindProcess, id, seq);
            if (seq % flushEvery == flushEvery - 1)
            {
                XLog.Flush(end);
                if (XLog.LogwrtResult.Flush < end)
                    return 4;
            }
        }
        XLog.CloseSegmentFile();
        return 0;
    }
}
