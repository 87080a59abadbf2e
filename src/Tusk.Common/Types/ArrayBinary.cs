// Array binary wire format (array_send / array_recv): int32 ndim, int32 flags (1 = has NULLs), uint32 element
// type, (int32 length, int32 lower bound) per dimension, then per element an int32 byte count (-1 for NULL) and
// the element's own binary form. Big-endian throughout. Npgsql uses it for int4[]/text[] parameters and results.
// Entry points: ArrayBinary.Write, ArrayBinary.Read.
using System.Buffers;
using System.Buffers.Binary;
using Tusk.Common.Errors;

namespace Tusk.Common.Types;

/// <summary>Binary send/receive of arrays.</summary>
public static class ArrayBinary
{
    /// <summary>Appends array_send's form of <paramref name="a"/>.</summary>
    public static void Write(ArrayValue a, IBufferWriter<byte> w)
    {
        int head = 12 + 8 * a.NDims;
        var span = w.GetSpan(head);
        BinaryPrimitives.WriteInt32BigEndian(span, a.NDims);
        BinaryPrimitives.WriteInt32BigEndian(span[4..], a.HasNulls ? 1 : 0);
        BinaryPrimitives.WriteUInt32BigEndian(span[8..], a.ElementType);
        for (int d = 0; d < a.NDims; d++)
        {
            BinaryPrimitives.WriteInt32BigEndian(span[(12 + 8 * d)..], a.Dims[d]);
            BinaryPrimitives.WriteInt32BigEndian(span[(16 + 8 * d)..], a.LowerBounds[d]);
        }
        w.Advance(head);
        var element = new ArrayBufferWriter<byte>();
        foreach (var e in a.Elements)
        {
            if (e.IsNull)
            {
                BinaryPrimitives.WriteInt32BigEndian(w.GetSpan(4), -1);
                w.Advance(4);
                continue;
            }
            element.ResetWrittenCount();
            TypeIO.WriteBinary(e, element);
            BinaryPrimitives.WriteInt32BigEndian(w.GetSpan(4), element.WrittenCount);
            w.Advance(4);
            w.Write(element.WrittenSpan);
        }
    }

    /// <summary>Reads array_recv's input for an array of <paramref name="elementType"/> (ERROR 22P03 / 42804).</summary>
    public static ArrayValue Read(ReadOnlySpan<byte> b, uint elementType)
    {
        if (b.Length < 12)
        {
            Insufficient();
        }
        int ndim = BinaryPrimitives.ReadInt32BigEndian(b);
        int flags = BinaryPrimitives.ReadInt32BigEndian(b[4..]);
        uint elem = BinaryPrimitives.ReadUInt32BigEndian(b[8..]);
        if (ndim < 0)
        {
            Throw.Error(SqlState.InvalidBinaryRepresentation, $"invalid number of dimensions: {ndim}");
        }
        ArrayValue.CheckDims(ndim);
        if (flags is not (0 or 1))
        {
            Throw.Error(SqlState.InvalidBinaryRepresentation, "invalid array flags");
        }
        if (elem != elementType)
        {
            Throw.Error(SqlState.DatatypeMismatch, "binary data has array element type " + elem +
                " instead of expected " + elementType);
        }
        if (b.Length < 12 + 8 * ndim)
        {
            Insufficient();
        }
        var dims = new int[ndim];
        var lbounds = new int[ndim];
        long n = ndim == 0 ? 0 : 1;
        for (int d = 0; d < ndim; d++)
        {
            dims[d] = BinaryPrimitives.ReadInt32BigEndian(b[(12 + 8 * d)..]);
            lbounds[d] = BinaryPrimitives.ReadInt32BigEndian(b[(16 + 8 * d)..]);
            if (dims[d] < 0)
            {
                Throw.Error(SqlState.InvalidBinaryRepresentation, "invalid array dimensions");
            }
            n *= dims[d];
            ArrayValue.CheckCount(n);
        }
        int off = 12 + 8 * ndim;
        var elems = new Datum[n];
        for (int i = 0; i < n; i++)
        {
            if (b.Length - off < 4)
            {
                Insufficient();
            }
            int len = BinaryPrimitives.ReadInt32BigEndian(b[off..]);
            off += 4;
            if (len == -1)
            {
                elems[i] = Datum.Null(elementType);
                continue;
            }
            if (len < 0 || b.Length - off < len)
            {
                Insufficient();
            }
            elems[i] = TypeIO.FromBinary(b.Slice(off, len), elementType);
            off += len;
        }
        if (off != b.Length)
        {
            Throw.Error(SqlState.InvalidBinaryRepresentation, "incorrect binary data format in array element " + n);
        }
        return ArrayValue.Create(elementType, dims, lbounds, elems);
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    static void Insufficient() =>
        Throw.Error(SqlState.InvalidBinaryRepresentation, "insufficient data left in message");
}
