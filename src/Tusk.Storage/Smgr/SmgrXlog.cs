// WAL records of relation files (catalog/storage.c: smgr_redo), resource manager Storage:
//   CREATE   0x10  main data: u32 spc, u32 db, u32 rel, u8 fork      the fork's file was created
//   TRUNCATE 0x20  main data: u32 spc, u32 db, u32 rel, u8 fork, u32 nblocks
//   UNLINK   0x30  main data: u32 spc, u32 db, u32 rel, u8 fork      the fork's files were removed
// Rules: truncate and unlink flush their record before touching the files, so WAL replayed after a crash never
// re-adds blocks of a file that is already shorter or gone without also replaying the truncate. Redo of any of
// them tolerates a file that is already in the target state. (PostgreSQL removes a dropped relation's files at
// commit, listed in the commit record; Tusk's drop is immediate and the caller holds the relation exclusively.)
// Entry points: LogCreate, LogTruncate, LogUnlink, Register.
using System.Buffers.Binary;
using Tusk.Storage.Buffer;
using Tusk.Storage.Transam;

namespace Tusk.Storage.Smgr;

public static class SmgrXlog
{
    public const byte Create = 0x10;
    public const byte Truncate = 0x20;
    public const byte Unlink = 0x30;

    public static void Register() => RmgrTable.Register(RmgrId.Storage, "Storage", Redo, Describe);

    public static void LogCreate(RelFileLocator rel, ForkNumber fork) => Log(Create, rel, fork, 0, flush: false);

    public static void LogTruncate(RelFileLocator rel, ForkNumber fork, uint nblocks) => Log(Truncate, rel, fork, nblocks, flush: true);

    public static void LogUnlink(RelFileLocator rel, ForkNumber fork) => Log(Unlink, rel, fork, 0, flush: true);

    static void Log(byte info, RelFileLocator rel, ForkNumber fork, uint nblocks, bool flush)
    {
        if (!XLog.InsertAllowed)
        {
            return;
        }
        Span<byte> data = stackalloc byte[17];
        BinaryPrimitives.WriteUInt32LittleEndian(data, rel.SpcOid);
        BinaryPrimitives.WriteUInt32LittleEndian(data[4..], rel.DbOid);
        BinaryPrimitives.WriteUInt32LittleEndian(data[8..], rel.RelNumber);
        data[12] = (byte)fork;
        BinaryPrimitives.WriteUInt32LittleEndian(data[13..], nblocks);
        var b = XLogRecordBuilder.Begin();
        b.SetMainData(data);
        Lsn end = XLog.Insert(b.Finish(RmgrId.Storage, info, 0));
        if (flush)
        {
            XLog.Flush(end);
        }
    }

    static void Parse(in DecodedRecord record, out RelFileLocator rel, out ForkNumber fork, out uint nblocks)
    {
        var d = record.MainData;
        rel = new RelFileLocator(BinaryPrimitives.ReadUInt32LittleEndian(d), BinaryPrimitives.ReadUInt32LittleEndian(d[4..]),
            BinaryPrimitives.ReadUInt32LittleEndian(d[8..]));
        fork = (ForkNumber)d[12];
        nblocks = BinaryPrimitives.ReadUInt32LittleEndian(d[13..]);
    }

    static void Redo(in DecodedRecord record)
    {
        Parse(record, out var rel, out var fork, out uint nblocks);
        var smgr = Smgr.Open(rel);
        switch (record.Info)
        {
            case Create:
                smgr.Create(fork, isRedo: true);
                break;
            case Truncate:
                BufMgr.DropRelationBuffers(rel, fork, nblocks);
                if (smgr.Exists(fork) && smgr.NBlocks(fork) > nblocks)
                {
                    smgr.Truncate(fork, nblocks);
                }
                break;
            case Unlink:
                BufMgr.DropRelationBuffers(rel, fork, 0);
                if (smgr.Exists(fork))
                {
                    smgr.Unlink(fork);
                }
                break;
            default:
                throw new InvalidDataException($"unknown storage record info 0x{record.Info:X2} at {record.ReadRecPtr}");
        }
    }

    static string Describe(in DecodedRecord record)
    {
        Parse(record, out var rel, out var fork, out uint nblocks);
        return record.Info switch
        {
            Create => $"CREATE {rel.RelativePath(fork)}",
            Truncate => $"TRUNCATE {rel.RelativePath(fork)} to {nblocks} blocks",
            Unlink => $"UNLINK {rel.RelativePath(fork)}",
            _ => "UNKNOWN",
        };
    }
}
