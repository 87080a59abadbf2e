// The stored form of an array (array.h's ArrayType), byte for byte what PostgreSQL writes on a little-endian
// machine. Offsets below count from the start of the 4-byte varlena header, as PostgreSQL's do; the payload
// Tusk hands to HeapTuple is everything after that header (in a tuple the header may be the 1-byte short one):
//   4  int32 ndim            8  int32 dataoffset (0 = no null bitmap, else the offset of the data)
//   12 uint32 element type   16 int32 dims[ndim], then int32 lbounds[ndim]
//   .. null bitmap (only with NULLs): (nitems + 7) / 8 bytes, bit i set = element i is not NULL, LSB first
//   MAXALIGN(..) data: the non-NULL elements in row-major order, each at its type's alignment and padded to it;
//   varlena elements always carry a 4-byte header (construct_md_array detoasts), fixed-width ones their tuple form.
// An empty array is ndim 0, dataoffset 0, the element type, and nothing else.
// Entry points: ArrayCodec.Length, ArrayCodec.Write, ArrayCodec.Read.
using System.Buffers.Binary;
using Tusk.Common.Errors;
using Tusk.Common.Types;

namespace Tusk.Access.Common;

/// <summary>Encodes and decodes the on-disk array layout.</summary>
public static class ArrayCodec
{
    const int HeaderSize = 16; // vl_len_, ndim, dataoffset, elemtype

    /// <summary>The element type's storage as an attribute (the element writers and readers take one).</summary>
    static Attribute ElementAttribute(uint elementType)
    {
        var s = TypeStorage.For(elementType);
        return new Attribute("", elementType, -1, s.Len, s.ByVal, s.Align, false, false);
    }

    /// <summary>Offset (from the varlena header) of the first element: ARR_OVERHEAD_NONULLS / _WITHNULLS.</summary>
    static int DataStart(int ndim, int nitems, bool hasNulls) =>
        MaxAlign(HeaderSize + 8 * ndim + (hasNulls ? (nitems + 7) >> 3 : 0));

    static int MaxAlign(int n) => (n + 7) & ~7;

    /// <summary>Payload bytes (after the varlena header) of the stored form.</summary>
    public static int Length(ArrayValue a) => Layout(a, ElementAttribute(a.ElementType), default) - 4;

    /// <summary>Writes the payload (after the varlena header) into <paramref name="dst"/>, exactly Length bytes.</summary>
    public static void Write(ArrayValue a, Span<byte> dst) => Layout(a, ElementAttribute(a.ElementType), dst);

    /// <summary>
    /// Measures (<paramref name="payload"/> empty) or writes the array; returns the size including the 4-byte
    /// header. Written bytes are placed at their header-relative offset minus 4.
    /// </summary>
    static int Layout(ArrayValue a, Attribute ea, Span<byte> payload)
    {
        bool write = !payload.IsEmpty;
        bool hasNulls = a.HasNulls;
        int ndim = a.NDims;
        int data = a.IsEmpty ? HeaderSize : DataStart(ndim, a.Count, hasNulls);
        if (write)
        {
            payload.Clear();
            BinaryPrimitives.WriteInt32LittleEndian(payload, ndim);
            BinaryPrimitives.WriteInt32LittleEndian(payload[4..], hasNulls ? data : 0);
            BinaryPrimitives.WriteUInt32LittleEndian(payload[8..], a.ElementType);
            for (int d = 0; d < ndim; d++)
            {
                BinaryPrimitives.WriteInt32LittleEndian(payload[(12 + 4 * d)..], a.Dims[d]);
                BinaryPrimitives.WriteInt32LittleEndian(payload[(12 + 4 * (ndim + d))..], a.LowerBounds[d]);
            }
        }
        int off = data;
        var elems = a.Elements;
        for (int i = 0; i < elems.Length; i++)
        {
            ref readonly var e = ref elems[i];
            if (e.IsNull)
            {
                continue;
            }
            if (write && hasNulls)
            {
                payload[HeaderSize - 4 + 8 * ndim + (i >> 3)] |= (byte)(1 << (i & 7));
            }
            off = HeapTuple.AlignTo(off, ea.Align);
            if (ea.Len > 0)
            {
                if (write)
                {
                    HeapTuple.WriteFixed(ea, e, payload.Slice(off - 4, ea.Len));
                }
                off += ea.Len;
                continue;
            }
            int len = HeapTuple.PayloadLength(ea, e);
            if (write)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(payload[(off - 4)..], (uint)(len + 4) << 2);
                HeapTuple.WritePayload(ea, e, payload.Slice(off, len));
            }
            off += 4 + len;
        }
        return HeapTuple.AlignTo(off, ea.Align);
    }

    /// <summary>The array stored in <paramref name="payload"/> (a varlena's bytes after its header).</summary>
    public static ArrayValue Read(ReadOnlySpan<byte> payload, uint arrayType)
    {
        uint expected = ArrayTypes.ElementOf(arrayType);
        int ndim = BinaryPrimitives.ReadInt32LittleEndian(payload);
        int dataOffset = BinaryPrimitives.ReadInt32LittleEndian(payload[4..]);
        uint elementType = BinaryPrimitives.ReadUInt32LittleEndian(payload[8..]);
        if (elementType != expected || ndim is < 0 or > ArrayValue.MaxDims)
        {
            Throw.Error(SqlState.DataCorrupted,
                $"stored array of element type {elementType} with {ndim} dimensions in a column of type {arrayType}");
        }
        if (ndim == 0)
        {
            return ArrayValue.Empty(elementType);
        }
        var dims = new int[ndim];
        var lbounds = new int[ndim];
        int n = 1;
        for (int d = 0; d < ndim; d++)
        {
            dims[d] = BinaryPrimitives.ReadInt32LittleEndian(payload[(12 + 4 * d)..]);
            lbounds[d] = BinaryPrimitives.ReadInt32LittleEndian(payload[(12 + 4 * (ndim + d))..]);
            n *= dims[d];
        }
        var ea = ElementAttribute(elementType);
        var bitmap = dataOffset != 0 ? payload.Slice(HeaderSize - 4 + 8 * ndim, (n + 7) >> 3) : default;
        // Read each element relative to the 4-byte header, so that alignment is computed as PostgreSQL does.
        var elems = new Datum[n];
        int off = dataOffset != 0 ? dataOffset : DataStart(ndim, n, false);
        for (int i = 0; i < n; i++)
        {
            if (!bitmap.IsEmpty && (bitmap[i >> 3] & (1 << (i & 7))) == 0)
            {
                elems[i] = Datum.Null(elementType);
                continue;
            }
            off = HeapTuple.AlignTo(off, ea.Align);
            int at = off - 4;
            var d = HeapTuple.Read(payload, ea, ref at);
            off = HeapTuple.AlignTo(at + 4, ea.Align);
            elems[i] = HeapTuple.Materialize(payload, d);
        }
        return ArrayValue.Create(elementType, dims, lbounds, elems);
    }
}
