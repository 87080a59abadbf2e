// The control file, global/pg_control (pg_control.h, xlog.c ReadControlFile/UpdateControlFile): where recovery
// starts. It records the cluster state, the last checkpoint record's location and a copy of that checkpoint
// (redo point, timeline, next transaction id), and is written in place, whole, with a CRC-32C.
// Invariants: the meaningful bytes fit in 512 bytes, one disk sector, so a write is atomic even if the
// 8 KB file is torn; it is fsync'd before anyone relies on it (the checkpointer removes WAL only after).
// Entry points: ControlFile.Read(dataDir), Write(dataDir), Bootstrap(dataDir) (initdb).
using System.Buffers.Binary;

namespace Tusk.Storage.Transam;

/// <summary>DBState: what the last process to write the control file was doing.</summary>
public enum DbState : uint
{
    StartingUp = 0,
    ShutDown = 1,
    ShuttingDown = 3,
    InCrashRecovery = 4,
    InProduction = 6,
}

/// <summary>CheckPoint: the contents of a checkpoint record, copied into the control file.</summary>
public record struct CheckpointInfo(Lsn Redo, uint Timeline, uint NextXid, long Time, uint NextOid = VarSup.FirstNormalObjectId)
{
    public const int Size = 28;

    public readonly void WriteTo(Span<byte> d)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(d, Redo.Value);
        BinaryPrimitives.WriteUInt32LittleEndian(d[8..], Timeline);
        BinaryPrimitives.WriteUInt32LittleEndian(d[12..], NextXid);
        BinaryPrimitives.WriteInt64LittleEndian(d[16..], Time);
        BinaryPrimitives.WriteUInt32LittleEndian(d[24..], NextOid);
    }

    public static CheckpointInfo ReadFrom(ReadOnlySpan<byte> d) => new(
        new Lsn(BinaryPrimitives.ReadUInt64LittleEndian(d)), BinaryPrimitives.ReadUInt32LittleEndian(d[8..]),
        BinaryPrimitives.ReadUInt32LittleEndian(d[12..]), BinaryPrimitives.ReadInt64LittleEndian(d[16..]),
        BinaryPrimitives.ReadUInt32LittleEndian(d[24..]));
}

/// <summary>ControlFileData (Tusk's own layout).</summary>
public sealed class ControlFile
{
    public const string RelativePath = "global/pg_control";
    public const int FileSize = 8192;
    const uint Magic = 0x4B535554; // "TUSK"
    const uint FormatVersion = 2;
    const int DataSize = 96;

    public ulong SystemIdentifier { get; set; }
    public DbState State { get; set; }
    public long Time { get; set; }
    /// <summary>Start of the last checkpoint record; invalid in a cluster that has never been started.</summary>
    public Lsn CheckPoint { get; set; }
    public CheckpointInfo CheckPointCopy { get; set; }
    public int WalSegmentSize { get; set; } = XLogConstants.DefaultSegmentSize;
    public uint BlockSize { get; set; } = 8192;
    public bool DataChecksums { get; set; } = true;

    public static string PathOf(string dataDir) => Path.Combine(dataDir, RelativePath);

    /// <summary>The control file of a new cluster: shut down, no checkpoint yet (the first start writes one).</summary>
    public static void Bootstrap(string dataDir, bool dataChecksums)
    {
        var cf = new ControlFile
        {
            SystemIdentifier = ((ulong)DateTimeOffset.UtcNow.ToUnixTimeSeconds() << 32) | (uint)Random.Shared.Next(),
            State = DbState.ShutDown,
            Time = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            CheckPointCopy = new CheckpointInfo(default, XLogConstants.DefaultTimeline, TransactionId.FirstNormal, 0),
            DataChecksums = dataChecksums,
        };
        cf.Write(dataDir);
    }

    /// <summary>ReadControlFile: FATAL-worthy errors are thrown as <see cref="InvalidDataException"/>.</summary>
    public static ControlFile Read(string dataDir)
    {
        byte[] buf = new byte[FileSize];
        using (var fs = new FileStream(PathOf(dataDir), FileMode.Open, FileAccess.Read))
        {
            int n = fs.ReadAtLeast(buf, DataSize, throwOnEndOfStream: false);
            if (n < DataSize)
                throw new InvalidDataException($"could not read file \"{RelativePath}\": read {n} of {DataSize}");
        }
        var d = buf.AsSpan(0, DataSize);
        if (BinaryPrimitives.ReadUInt32LittleEndian(d) != Magic || BinaryPrimitives.ReadUInt32LittleEndian(d[4..]) != FormatVersion)
            throw new InvalidDataException("database files are incompatible with server: unknown control file format");
        uint stored = BinaryPrimitives.ReadUInt32LittleEndian(d[(DataSize - 4)..]);
        if (stored != Crc32C.Compute(d[..(DataSize - 4)]))
            throw new InvalidDataException("incorrect checksum in control file");
        return new ControlFile
        {
            SystemIdentifier = BinaryPrimitives.ReadUInt64LittleEndian(d[8..]),
            State = (DbState)BinaryPrimitives.ReadUInt32LittleEndian(d[16..]),
            Time = BinaryPrimitives.ReadInt64LittleEndian(d[20..]),
            CheckPoint = new Lsn(BinaryPrimitives.ReadUInt64LittleEndian(d[28..])),
            CheckPointCopy = CheckpointInfo.ReadFrom(d[36..]),
            WalSegmentSize = BinaryPrimitives.ReadInt32LittleEndian(d[64..]),
            BlockSize = BinaryPrimitives.ReadUInt32LittleEndian(d[68..]),
            DataChecksums = d[72] != 0,
        };
    }

    /// <summary>UpdateControlFile: writes the whole file in place and fsyncs it.</summary>
    public void Write(string dataDir)
    {
        byte[] buf = new byte[FileSize];
        var d = buf.AsSpan(0, DataSize);
        BinaryPrimitives.WriteUInt32LittleEndian(d, Magic);
        BinaryPrimitives.WriteUInt32LittleEndian(d[4..], FormatVersion);
        BinaryPrimitives.WriteUInt64LittleEndian(d[8..], SystemIdentifier);
        BinaryPrimitives.WriteUInt32LittleEndian(d[16..], (uint)State);
        BinaryPrimitives.WriteInt64LittleEndian(d[20..], Time);
        BinaryPrimitives.WriteUInt64LittleEndian(d[28..], CheckPoint.Value);
        CheckPointCopy.WriteTo(d[36..]);
        BinaryPrimitives.WriteInt32LittleEndian(d[64..], WalSegmentSize);
        BinaryPrimitives.WriteUInt32LittleEndian(d[68..], BlockSize);
        d[72] = DataChecksums ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteUInt32LittleEndian(d[(DataSize - 4)..], Crc32C.Compute(d[..(DataSize - 4)]));
        string path = PathOf(dataDir);
        using var fs = new FileStream(path, FileMode.OpenOrCreate, FileAccess.Write, FileShare.ReadWrite);
        fs.Write(buf);
        fs.Flush(flushToDisk: true);
    }

    /// <summary>The words PostgreSQL's pg_controldata and start-up messages use for a state.</summary>
    public static string Describe(DbState s) => s switch
    {
        DbState.StartingUp => "starting up",
        DbState.ShutDown => "shut down",
        DbState.ShuttingDown => "shutting down",
        DbState.InCrashRecovery => "in crash recovery",
        DbState.InProduction => "in production",
        _ => "unrecognized status code",
    };
}
