// Record decoding (xlogreader.c DecodeXLogRecord, ValidXLogRecord): checks a record's length, CRC and layout and
// gives in-place access to its header, block references and main data. Nothing is copied or allocated: the
// decoded record is a view over the caller's span and is valid as long as that span is.
using Tusk.Storage.Smgr;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Tusk.Storage.Transam;

/// <summary>
/// A validated WAL record. Entry points: <see cref="TryDecode"/>, the header properties, <see cref="Block"/>,
/// <see cref="TryGetBlock"/>, <see cref="MainData"/>.
/// </summary>
public ref struct DecodedRecord
{
    [InlineArray(XLogRecord.MaxBlockRefs)]
    struct Offsets
    {
        int _first;
    }

    ReadOnlySpan<byte> _rec;
    Offsets _blocks;
    int _blockCount;
    int _mainOffset;
    int _mainLength;

    /// <summary>LSN of the record's start (set by the reader; invalid for a record decoded from a span).</summary>
    public Lsn ReadRecPtr { get; internal set; }

    /// <summary>LSN just past the record's end (what the page LSN becomes when redo applies it).</summary>
    public Lsn EndRecPtr { get; internal set; }

    /// <summary>The record's bytes.</summary>
    public readonly ReadOnlySpan<byte> Bytes => _rec;

    public readonly uint TotalLength => (uint)_rec.Length;

    public readonly uint Xid => BinaryPrimitives.ReadUInt32LittleEndian(_rec[XLogRecord.OffXid..]);

    /// <summary>xl_prev: the LSN of the record before this one.</summary>
    public readonly Lsn Prev => XLogRecord.Prev(_rec);

    public readonly byte Info => _rec[XLogRecord.OffInfo];

    public readonly RmgrId Rmid => (RmgrId)_rec[XLogRecord.OffRmid];

    public readonly int BlockCount => _blockCount;

    public readonly ReadOnlySpan<byte> MainData => _rec.Slice(_mainOffset, _mainLength);

    /// <summary>The <paramref name="index"/>-th block reference (0 ≤ index &lt; <see cref="BlockCount"/>).</summary>
    public readonly XLogBlockRef Block(int index)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)_blockCount, nameof(index));
        return ParseBlock(_rec, _blocks[index], Inherit(index));
    }

    /// <summary>The block reference with id <paramref name="blockId"/>, if the record has one.</summary>
    public readonly bool TryGetBlock(byte blockId, out XLogBlockRef block)
    {
        for (int i = 0; i < _blockCount; i++)
            if (_rec[_blocks[i]] == blockId)
            {
                block = Block(i);
                return true;
            }
        block = default;
        return false;
    }

    // The relation of the last block reference before index that names one (for SameRel).
    readonly RelFileLocator Inherit(int index)
    {
        RelFileLocator rel = default;
        for (int i = 0; i < index; i++)
            rel = ParseBlock(_rec, _blocks[i], rel).Rel;
        return rel;
    }

    /// <summary>
    /// Decodes and validates the record at the start of <paramref name="data"/> (which may run past its end).
    /// <paramref name="checkCrc"/> false skips the CRC (the reader checks it once the whole record is read).
    /// </summary>
    public static XLogDecodeError TryDecode(ReadOnlySpan<byte> data, out DecodedRecord record, bool checkCrc = true)
    {
        record = default;
        if (data.Length < 4)
            return XLogDecodeError.Truncated;
        uint total = XLogRecord.TotalLength(data);
        if (total < XLogRecord.HeaderSize || total > XLogRecord.MaxRecordLength)
            return XLogDecodeError.BadLength;
        if (data.Length < total)
            return XLogDecodeError.Truncated;
        var rec = data[..(int)total];
        if (checkCrc && XLogRecord.ComputeCrc(rec) != XLogRecord.StoredCrc(rec))
            return XLogDecodeError.BadCrc;
        record._rec = rec;
        int pos = XLogRecord.HeaderSize;
        int lastId = -1;
        RelFileLocator rel = default;
        bool hasRel = false;
        while (pos < rec.Length)
        {
            byte id = rec[pos];
            if (id == XLogRecord.MainDataId)
            {
                if (rec.Length - pos < 5)
                    return XLogDecodeError.BadLayout;
                uint len = BinaryPrimitives.ReadUInt32LittleEndian(rec[(pos + 1)..]);
                if (len != (uint)(rec.Length - pos - 5))
                    return XLogDecodeError.BadLayout;
                record._mainOffset = pos + 5;
                record._mainLength = (int)len;
                return XLogDecodeError.None;
            }
            if (id >= XLogRecord.MaxBlockRefs || id <= lastId)
                return XLogDecodeError.BadLayout;
            if (!TryBlockLength(rec, pos, out int blockLength) || (!hasRel
                    && (rec[pos + 1] & XLogRecord.FlagSameRel) != 0))
                return XLogDecodeError.BadLayout;
            record._blocks[record._blockCount++] = pos;
            rel = ParseBlock(rec, pos, rel).Rel;
            hasRel = true;
            lastId = id;
            pos += blockLength;
        }
        record._mainOffset = rec.Length;
        return XLogDecodeError.None;
    }

    static bool TryBlockLength(ReadOnlySpan<byte> rec, int pos, out int length)
    {
        length = 0;
        if (rec.Length - pos < 4)
            return false;
        byte flags = rec[pos + 1];
        int dataLength = BinaryPrimitives.ReadUInt16LittleEndian(rec[(pos + 2)..]);
        if ((flags & XLogRecord.FlagHasData) == 0 && dataLength != 0)
            return false;
        int header = 4;
        int image = 0;
        if ((flags & XLogRecord.FlagHasImage) != 0)
        {
            if (rec.Length - pos < 8)
                return false;
            int holeOffset = BinaryPrimitives.ReadUInt16LittleEndian(rec[(pos + 4)..]);
            int holeLength = BinaryPrimitives.ReadUInt16LittleEndian(rec[(pos + 6)..]);
            if (holeOffset + holeLength > XLogRecord.BlockSize || (holeLength == 0 && holeOffset != 0))
                return false;
            image = XLogRecord.BlockSize - holeLength;
            header += 4;
        }
        if ((flags & XLogRecord.FlagSameRel) == 0)
            header += 12;
        header += 4;
        length = header + image + dataLength;
        return rec.Length - pos >= length;
    }

    static XLogBlockRef ParseBlock(ReadOnlySpan<byte> rec, int pos, RelFileLocator previousRel)
    {
        byte flags = rec[pos + 1];
        int dataLength = BinaryPrimitives.ReadUInt16LittleEndian(rec[(pos + 2)..]);
        int p = pos + 4;
        int holeOffset = 0, holeLength = 0, imageLength = 0;
        bool hasImage = (flags & XLogRecord.FlagHasImage) != 0;
        if (hasImage)
        {
            holeOffset = BinaryPrimitives.ReadUInt16LittleEndian(rec[p..]);
            holeLength = BinaryPrimitives.ReadUInt16LittleEndian(rec[(p + 2)..]);
            imageLength = XLogRecord.BlockSize - holeLength;
            p += 4;
        }
        var rel = previousRel;
        if ((flags & XLogRecord.FlagSameRel) == 0)
        {
            rel = new RelFileLocator(BinaryPrimitives.ReadUInt32LittleEndian(rec[p..]),
                BinaryPrimitives.ReadUInt32LittleEndian(rec[(p + 4)..]),
                BinaryPrimitives.ReadUInt32LittleEndian(rec[(p + 8)..]));
            p += 12;
        }
        uint block = BinaryPrimitives.ReadUInt32LittleEndian(rec[p..]);
        p += 4;
        return new XLogBlockRef(rec[pos], rel, (ForkNumber)(flags & XLogRecord.ForkMask), block,
            (flags & XLogRecord.FlagWillInit) != 0, hasImage, holeOffset, holeLength,
            rec.Slice(p, imageLength), rec.Slice(p + imageLength, dataLength));
    }
}

/// <summary>One block reference of a decoded record (a view into the record's bytes).</summary>
public readonly ref struct XLogBlockRef
{
    internal XLogBlockRef(byte id, RelFileLocator rel, ForkNumber fork, uint blockNumber, bool willInit,
        bool hasImage, int holeOffset, int holeLength, ReadOnlySpan<byte> image, ReadOnlySpan<byte> data)
    {
        Id = id;
        Rel = rel;
        Fork = fork;
        BlockNumber = blockNumber;
        WillInit = willInit;
        HasImage = hasImage;
        HoleOffset = holeOffset;
        HoleLength = holeLength;
        ImageBytes = image;
        Data = data;
    }

    public byte Id { get; }
    public RelFileLocator Rel { get; }
    public ForkNumber Fork { get; }
    public uint BlockNumber { get; }
    /// <summary>Redo rebuilds the page from scratch (BKPBLOCK_WILL_INIT).</summary>
    public bool WillInit { get; }
    public bool HasImage { get; }
    public int HoleOffset { get; }
    public int HoleLength { get; }
    /// <summary>The stored image: the page without its hole.</summary>
    public ReadOnlySpan<byte> ImageBytes { get; }
    /// <summary>Per-block data (empty if none).</summary>
    public ReadOnlySpan<byte> Data { get; }

    /// <summary>RestoreBlockImage: writes the full 8 KB page, the hole as zeros.</summary>
    public void RestoreImage(Span<byte> page)
    {
        if (!HasImage)
            throw new InvalidOperationException("block reference has no image");
        if (page.Length < XLogRecord.BlockSize)
            throw new ArgumentException("page buffer smaller than a block", nameof(page));
        ImageBytes[..HoleOffset].CopyTo(page);
        page.Slice(HoleOffset, HoleLength).Clear();
        ImageBytes[HoleOffset..].CopyTo(page[(HoleOffset + HoleLength)..]);
    }
}
