// Record assembly (xloginsert.c XLogBeginInsert/XLogRegisterBuffer/XLogRegisterData/XLogRecordAssemble): writes
// one record in the format of XLogRecord.cs into a caller's span, in one pass and with no allocation. Order:
// block references (ids strictly increasing), then at most one main data, then Finish. Finish leaves the CRC
// field holding the body's running CRC state; XLog.Insert adds the prev-link and seals the CRC.
// Begin() builds in this thread's scratch buffer, which grows (the only allocation) for an unusually big record.
using Tusk.Storage.Smgr;
using System.Buffers.Binary;

namespace Tusk.Storage.Transam;

/// <summary>
/// Builds one WAL record. Entry points: <see cref="Begin"/> or the span constructor, <see cref="RegisterBlock"/>,
/// <see cref="RegisterBlockWithImage"/>, <see cref="SetMainData"/>, <see cref="Finish"/>.
/// </summary>
public ref struct XLogRecordBuilder
{
    const int DefaultScratch = 64 * 1024;

    [ThreadStatic] static byte[]? t_scratch;

    Span<byte> _buf;
    readonly bool _scratch;
    int _pos;
    int _lastBlockId;
    bool _hasMainData;
    bool _hasRel;
    RelFileLocator _lastRel;

    /// <summary>Builds into <paramref name="buffer"/>; registering more than fits throws.</summary>
    public XLogRecordBuilder(Span<byte> buffer) : this(buffer, false)
    {
    }

    XLogRecordBuilder(Span<byte> buffer, bool scratch)
    {
        if (buffer.Length < XLogRecord.HeaderSize)
            throw new ArgumentException("record buffer smaller than a record header", nameof(buffer));
        _buf = buffer;
        _scratch = scratch;
        _pos = XLogRecord.HeaderSize;
        _lastBlockId = -1;
    }

    /// <summary>
    /// XLogBeginInsert: a builder over this thread's scratch buffer (reused by the next Begin on this thread, so
    /// insert the finished record before building another).
    /// </summary>
    public static XLogRecordBuilder Begin() => new(t_scratch ??= new byte[DefaultScratch], true);

    /// <summary>Bytes written so far.</summary>
    public readonly int Length => _pos;

    /// <summary>
    /// XLogRegisterBuffer without an image: a block the record modifies, with optional per-block data (what redo
    /// needs to repeat the change on that page). <paramref name="willInit"/>: redo rebuilds the page from scratch.
    /// </summary>
    public void RegisterBlock(byte blockId, in RelFileLocator rel, ForkNumber fork, uint blockNumber,
        scoped ReadOnlySpan<byte> data = default, bool willInit = false) =>
        AddBlock(blockId, rel, fork, blockNumber, default, 0, 0, false, data, willInit);

    /// <summary>
    /// A block with a full-page image (<paramref name="page"/>: the whole 8 KB page). The bytes
    /// [<paramref name="holeOffset"/>, holeOffset + <paramref name="holeLength"/>) must be zero (the free space
    /// between line pointers and tuples); they are left out and restored as zeros.
    /// </summary>
    public void RegisterBlockWithImage(byte blockId, in RelFileLocator rel, ForkNumber fork, uint blockNumber,
        scoped ReadOnlySpan<byte> page, int holeOffset = 0, int holeLength = 0, scoped ReadOnlySpan<byte> data = default,
        bool willInit = false)
    {
        if (page.Length != XLogRecord.BlockSize)
            throw new ArgumentException("a full-page image is one whole page", nameof(page));
        if (holeLength < 0 || holeOffset < 0 || holeOffset + holeLength > XLogRecord.BlockSize
            || (holeLength == 0 && holeOffset != 0))
            throw new ArgumentOutOfRangeException(nameof(holeLength), "hole outside the page");
        AddBlock(blockId, rel, fork, blockNumber, page, holeOffset, holeLength, true, data, willInit);
    }

    void AddBlock(byte blockId, in RelFileLocator rel, ForkNumber fork, uint blockNumber, scoped ReadOnlySpan<byte> page,
        int holeOffset, int holeLength, bool hasImage, scoped ReadOnlySpan<byte> data, bool willInit)
    {
        if (_hasMainData)
            throw new InvalidOperationException("block references come before the main data");
        if (blockId >= XLogRecord.MaxBlockRefs || blockId <= _lastBlockId)
            throw new ArgumentOutOfRangeException(nameof(blockId), "block ids are 0..31, strictly increasing");
        if ((uint)fork > XLogRecord.ForkMask)
            throw new ArgumentOutOfRangeException(nameof(fork));
        if (data.Length > XLogRecord.MaxBlockDataLength)
            throw new ArgumentOutOfRangeException(nameof(data), "block data longer than 65535 bytes");
        bool sameRel = _hasRel && _lastRel == rel;
        int imageLength = hasImage ? XLogRecord.BlockSize - holeLength : 0;
        int size = 4 + (hasImage ? 4 : 0) + (sameRel ? 0 : 12) + 4 + imageLength + data.Length;
        Span<byte> d = Reserve(size);
        byte flags = (byte)fork;
        if (hasImage)
            flags |= XLogRecord.FlagHasImage;
        if (!data.IsEmpty)
            flags |= XLogRecord.FlagHasData;
        if (willInit)
            flags |= XLogRecord.FlagWillInit;
        if (sameRel)
            flags |= XLogRecord.FlagSameRel;
        d[0] = blockId;
        d[1] = flags;
        BinaryPrimitives.WriteUInt16LittleEndian(d[2..], (ushort)data.Length);
        int p = 4;
        if (hasImage)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(d[p..], (ushort)holeOffset);
            BinaryPrimitives.WriteUInt16LittleEndian(d[(p + 2)..], (ushort)holeLength);
            p += 4;
        }
        if (!sameRel)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(d[p..], rel.SpcOid);
            BinaryPrimitives.WriteUInt32LittleEndian(d[(p + 4)..], rel.DbOid);
            BinaryPrimitives.WriteUInt32LittleEndian(d[(p + 8)..], rel.RelNumber);
            p += 12;
        }
        BinaryPrimitives.WriteUInt32LittleEndian(d[p..], blockNumber);
        p += 4;
        if (hasImage)
        {
            page[..holeOffset].CopyTo(d[p..]);
            p += holeOffset;
            page[(holeOffset + holeLength)..].CopyTo(d[p..]);
            p += XLogRecord.BlockSize - holeOffset - holeLength;
        }
        data.CopyTo(d[p..]);
        _lastBlockId = blockId;
        _lastRel = rel;
        _hasRel = true;
    }

    /// <summary>XLogRegisterData: the record's main data (at most once, after the block references).</summary>
    public void SetMainData(scoped ReadOnlySpan<byte> data)
    {
        if (_hasMainData)
            throw new InvalidOperationException("main data already set");
        Span<byte> d = Reserve(5 + data.Length);
        d[0] = XLogRecord.MainDataId;
        BinaryPrimitives.WriteUInt32LittleEndian(d[1..], (uint)data.Length);
        data.CopyTo(d[5..]);
        _hasMainData = true;
    }

    /// <summary>
    /// Writes the header and returns the record (ready for <see cref="XLog.Insert(Span{byte})"/>). The prev-link is zero and
    /// the CRC field holds the body's running CRC until the record is inserted.
    /// </summary>
    public readonly Span<byte> Finish(RmgrId rmid, byte info, uint xid)
    {
        Span<byte> rec = _buf[.._pos];
        BinaryPrimitives.WriteUInt32LittleEndian(rec, (uint)_pos);
        BinaryPrimitives.WriteUInt32LittleEndian(rec[XLogRecord.OffXid..], xid);
        BinaryPrimitives.WriteUInt64LittleEndian(rec[XLogRecord.OffPrev..], 0);
        rec[XLogRecord.OffInfo] = info;
        rec[XLogRecord.OffRmid] = (byte)rmid;
        rec[18] = 0;
        rec[19] = 0;
        BinaryPrimitives.WriteUInt32LittleEndian(rec[XLogRecord.CrcOffset..],
            Crc32C.Update(Crc32C.Begin(), rec[XLogRecord.HeaderSize..]));
        return rec;
    }

    Span<byte> Reserve(int size)
    {
        if ((long)_pos + size > XLogRecord.MaxRecordLength)
            throw new InvalidOperationException("WAL record too long");
        if (_pos + size > _buf.Length)
        {
            if (!_scratch)
                throw new InvalidOperationException("WAL record buffer too small");
            var bigger = new byte[Math.Max(_buf.Length * 2, _pos + size)];
            _buf[.._pos].CopyTo(bigger);
            t_scratch = bigger;
            _buf = bigger;
        }
        Span<byte> d = _buf.Slice(_pos, size);
        _pos += size;
        return d;
    }
}
