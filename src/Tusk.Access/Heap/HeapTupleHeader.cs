// Heap tuple header (htup_details.h), Tusk's layout: the MVCC fields of every row version.
//
//   0 Xmin (4)   inserting transaction        4 Xmax (4)  deleting/locking transaction, 0 if none
//   8 Cmin (4)   command id of the insert    12 Cmax (4)  command id of the delete (within Xmax)
//  16 Ctid: block (4), offset (2) — this version, or the newer version it was updated to
//  22 Infomask2 (2): attribute count (11 bits), KeysUpdated, HotUpdated, HeapOnly
//  24 Infomask (2): HasNulls, HasVarWidth, XmaxLockOnly, hint bits (XminCommitted, XminInvalid,
//     XmaxCommitted, XmaxInvalid), XmaxIsMulti, Updated
//  26 Hoff (1): offset of the user data (8-aligned);  27.. null bitmap (one bit per attribute, 1 = not null)
//
// Hint bits record what the commit log said about Xmin/Xmax once the transaction ended, so later readers skip
// the lookup; they may be set under a shared content lock (they are only ever a cache of the commit log).
using System.Runtime.InteropServices;
using Tusk.Storage.Transam;

namespace Tusk.Access.Heap;

[Flags]
public enum InfoMask : ushort
{
    None = 0,
    HasNulls = 0x0001,
    HasVarWidth = 0x0002,
    /// <summary>Xmax only locks the row (SELECT FOR ...), it does not delete it.</summary>
    XmaxLockOnly = 0x0080,
    XminCommitted = 0x0100,
    XminInvalid = 0x0200,
    XmaxCommitted = 0x0400,
    XmaxInvalid = 0x0800,
    XmaxIsMulti = 0x1000,
    /// <summary>Xmax updated the row (a newer version exists at Ctid), rather than deleting it.</summary>
    Updated = 0x2000,
    /// <summary>XminCommitted and XminInvalid together: frozen (visible to everyone).</summary>
    XminFrozen = XminCommitted | XminInvalid,
}

[StructLayout(LayoutKind.Explicit, Size = 27)]
public struct HeapTupleHeader
{
    public const int Size = 27;

    /// <summary>Where Hoff is: the tuple's user data starts at <c>tuple[tuple[HoffOffset]]</c>.</summary>
    public const int HoffOffset = 26;

    [FieldOffset(0)] public uint Xmin;
    [FieldOffset(4)] public uint Xmax;
    [FieldOffset(8)] public uint Cmin;
    [FieldOffset(12)] public uint Cmax;
    [FieldOffset(16)] public uint CtidBlock;
    [FieldOffset(20)] public ushort CtidOffset;
    [FieldOffset(22)] public ushort Infomask2;
    [FieldOffset(24)] public InfoMask Infomask;
    [FieldOffset(26)] public byte Hoff;

    public const ushort NattsMask = 0x07FF;

    public readonly int Natts => Infomask2 & NattsMask;

    public readonly bool Has(InfoMask bits) => (Infomask & bits) == bits;

    public readonly bool XminFrozen => Has(InfoMask.XminFrozen);

    /// <summary>Xmax is empty, aborted, or only a lock: the row is not deleted by it.</summary>
    public readonly bool XmaxIsLockOnlyOrInvalid =>
        Has(InfoMask.XmaxInvalid) || !TransactionId.IsValid(Xmax) || Has(InfoMask.XmaxLockOnly);

    /// <summary>A header for a new row version inserted by <paramref name="xid"/> in command <paramref name="cid"/>.</summary>
    public static HeapTupleHeader ForInsert(uint xid, uint cid, int natts, int hoff) => new()
    {
        Xmin = xid,
        Xmax = TransactionId.Invalid,
        Cmin = cid,
        Infomask = InfoMask.XmaxInvalid,
        Infomask2 = (ushort)(natts & NattsMask),
        Hoff = (byte)hoff,
    };
}
