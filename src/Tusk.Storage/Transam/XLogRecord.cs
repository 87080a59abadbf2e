// WAL record format (xlogrecord.h; Tusk's own layout). All integers little-endian, no padding:
//   header (24 bytes): u32 total length | u32 xid | u64 prev-record LSN | u8 info | u8 rmid | u16 0 | u32 CRC
//   block reference (zero or more, ids strictly increasing, each followed by its payload):
//     u8 block id (0..31) | u8 fork (low 4 bits) + flags | u16 block data length
//     [u16 hole offset, u16 hole length      if HasImage]
//     [u32 spcOid, u32 dbOid, u32 relNumber  unless SameRel: same relation as the previous block reference]
//     u32 block number | image (8192 - hole length bytes) | block data
//   main data (optional, last): u8 0xFF | u32 length | bytes
// CRC-32C over the bytes after the header, then the header's first 20 bytes (everything but the CRC field): the
// body is summed while the record is built, outside any lock; the header only once its prev-link is known.
using System.Buffers.Binary;

namespace Tusk.Storage.Transam;

/// <summary>Record layout constants, header accessors and the CRC rule.</summary>
public static class XLogRecord
{
    /// <summary>SizeOfXLogRecord.</summary>
    public const int HeaderSize = 24;
    /// <summary>Offset of the CRC field; the CRC covers the header bytes before it.</summary>
    public const int CrcOffset = 20;
    /// <summary>XLR_MAX_BLOCK_ID + 1: block ids are 0..31.</summary>
    public const int MaxBlockRefs = 32;
    /// <summary>Block id byte that introduces the main data (XLR_BLOCK_ID_DATA_LONG).</summary>
    public const byte MainDataId = 0xFF;
    /// <summary>Largest record accepted (a sanity limit for the reader too, as XLogRecordMaxSize).</summary>
    public const int MaxRecordLength = 1020 * 1024 * 1024;
    /// <summary>Size of a full page image before hole removal (BLCKSZ).</summary>
    public const int BlockSize = 8192;
    /// <summary>Largest block data of one block reference.</summary>
    public const int MaxBlockDataLength = ushort.MaxValue;

    internal const int OffXid = 4;
    internal const int OffPrev = 8;
    internal const int OffInfo = 16;
    internal const int OffRmid = 17;

    internal const byte ForkMask = 0x0F;
    internal const byte FlagHasImage = 0x10;
    internal const byte FlagHasData = 0x20;
    internal const byte FlagWillInit = 0x40;
    internal const byte FlagSameRel = 0x80;

    public static uint TotalLength(ReadOnlySpan<byte> record) => BinaryPrimitives.ReadUInt32LittleEndian(record);

    public static Lsn Prev(ReadOnlySpan<byte> record) =>
        new(BinaryPrimitives.ReadUInt64LittleEndian(record[OffPrev..]));

    public static uint StoredCrc(ReadOnlySpan<byte> record) =>
        BinaryPrimitives.ReadUInt32LittleEndian(record[CrcOffset..]);

    /// <summary>The CRC a complete record (header and body) must carry.</summary>
    public static uint ComputeCrc(ReadOnlySpan<byte> record)
    {
        int len = (int)TotalLength(record);
        uint state = Crc32C.Update(Crc32C.Begin(), record[HeaderSize..len]);
        return Crc32C.Finish(Crc32C.Update(state, record[..CrcOffset]));
    }

    /// <summary>
    /// Completes a built record for insertion: stores the prev-link and replaces the body's running CRC state
    /// (left in the CRC field by <see cref="XLogRecordBuilder.Finish"/>) with the final CRC.
    /// </summary>
    internal static void Seal(Span<byte> record, Lsn prev)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(record[OffPrev..], prev.Value);
        uint state = BinaryPrimitives.ReadUInt32LittleEndian(record[CrcOffset..]);
        BinaryPrimitives.WriteUInt32LittleEndian(record[CrcOffset..],
            Crc32C.Finish(Crc32C.Update(state, record[..CrcOffset])));
    }
}

/// <summary>Why a span is not a valid record (<see cref="DecodedRecord.TryDecode"/>).</summary>
public enum XLogDecodeError
{
    None = 0,
    /// <summary>Fewer bytes than the header or than the header's total length.</summary>
    Truncated,
    /// <summary>Total length zero (end of WAL) or below the header size, or above the limit.</summary>
    BadLength,
    BadCrc,
    /// <summary>Block references or main data do not add up to the total length.</summary>
    BadLayout,
}
