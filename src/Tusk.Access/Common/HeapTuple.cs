// Heap tuple forming and deforming (heaptuple.c): values of a TupleDesc ⇄ the stored row version, byte for byte
// PostgreSQL's data area (null bitmap, per-attribute alignment, 1-byte short varlena headers, little-endian).
// Invariants: Hoff is 8-aligned, so an attribute aligned in the data area is aligned in the page; padding is zero;
// a short varlena header byte is never zero, which is how a reader tells an unaligned short value from padding.
// Deforming reads in place and allocates nothing: values that are not passed by value come back as in-tuple
// references (Datum.InTuple), resolved with GetBytes or turned into owned values with Materialize.
// Entry points: ComputeSize, Form, Deform, GetAttr, GetBytes, Materialize. See Common/README.md.
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using Tusk.Access.Heap;
using Tusk.Common.Errors;
using Tusk.Common.Types;
using Tusk.Storage.Page;

namespace Tusk.Access.Common;

/// <summary>Forms and deforms heap tuples (header, null bitmap, data area) for a <see cref="TupleDesc"/>.</summary>
public static class HeapTuple
{
    /// <summary>Largest varlena written with a 1-byte header, that byte included (VARATT_SHORT_MAXSIZE).</summary>
    public const int ShortVarlenaMax = 127;

    const int NameDataLen = 64;
    const byte JsonbVersion = 1;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int AlignTo(int off, int align) => (off + align - 1) & -align;

    /// <summary>Bytes of the null bitmap for <paramref name="natts"/> attributes (BITMAPLEN).</summary>
    public static int BitmapLen(int natts) => (natts + 7) >> 3;

    /// <summary>Offset of the data area: header, bitmap if any value is NULL, padded to 8.</summary>
    public static int ComputeHoff(int natts, bool hasNulls) =>
        BufPage.MaxAlign(HeapTupleHeader.Size + (hasNulls ? BitmapLen(natts) : 0));

    // ---- Forming -------------------------------------------------------------------------------------------

    /// <summary>What forming a row needs to know before writing: whether it has NULLs, Hoff, the whole size.</summary>
    public readonly record struct Shape(bool HasNulls, int Hoff, int Size);

    /// <summary>The row's shape, measured once (the sizes of every value) for <see cref="Form(TupleDesc, ReadOnlySpan{Datum}, Span{byte}, Shape)"/>.</summary>
    public static Shape Measure(TupleDesc desc, ReadOnlySpan<Datum> values)
    {
        bool hasNulls = HasNulls(desc, values);
        int hoff = ComputeHoff(desc.Count, hasNulls);
        return new Shape(hasNulls, hoff, hoff + ComputeDataSize(desc, values));
    }

    /// <summary>Whole tuple size (header, bitmap, data) for these values.</summary>
    public static int ComputeSize(TupleDesc desc, ReadOnlySpan<Datum> values) => Measure(desc, values).Size;

    /// <summary>Size of the data area after Hoff (heap_compute_data_size).</summary>
    public static int ComputeDataSize(TupleDesc desc, ReadOnlySpan<Datum> values)
    {
        CheckCount(desc, values);
        int off = 0;
        for (int i = 0; i < values.Length; i++)
        {
            var a = desc[i];
            if (values[i].IsNull || a.IsDropped)
            {
                continue;
            }
            if (a.Len > 0)
            {
                off = AlignTo(off, a.Align) + a.Len;
                continue;
            }
            int len = PayloadLength(a, values[i]);
            off = len + 1 <= ShortVarlenaMax ? off + 1 + len : AlignTo(off, a.Align) + 4 + len;
        }
        return off;
    }

    /// <summary>
    /// Writes the tuple for <paramref name="values"/> (one per attribute, of the attribute's type) into
    /// <paramref name="tuple"/> (heap_form_tuple): a header with the attribute count, HasNulls/HasVarWidth and Hoff
    /// (MVCC fields zero: the heap stamps them on insert), the bitmap and the data area. Returns the size written.
    /// </summary>
    public static int Form(TupleDesc desc, ReadOnlySpan<Datum> values, Span<byte> tuple) =>
        Form(desc, values, tuple, Measure(desc, values));

    /// <summary>Form with the <paramref name="shape"/> <see cref="Measure"/> gave for the same values.</summary>
    public static int Form(TupleDesc desc, ReadOnlySpan<Datum> values, Span<byte> tuple, Shape shape)
    {
        var (hasNulls, hoff, size) = shape;
        if (tuple.Length < size)
        {
            throw new ArgumentException($"tuple buffer of {tuple.Length} bytes, {size} needed", nameof(tuple));
        }
        tuple = tuple[..size];
        tuple.Clear();
        var bitmap = hasNulls ? tuple.Slice(HeapTupleHeader.Size, BitmapLen(desc.Count)) : default;
        var infomask = Fill(desc, values, tuple[hoff..], bitmap);
        ref var h = ref MemoryMarshal.AsRef<HeapTupleHeader>(tuple);
        h.Infomask2 = (ushort)desc.Count;
        h.Infomask = infomask;
        h.Hoff = (byte)hoff;
        return size;
    }

    /// <summary>The tuple for <paramref name="values"/> in a new array (see the span overload).</summary>
    public static byte[] Form(TupleDesc desc, ReadOnlySpan<Datum> values)
    {
        var tuple = new byte[ComputeSize(desc, values)];
        Form(desc, values, tuple);
        return tuple;
    }

    /// <summary>
    /// Writes the data area (zeroed, exactly ComputeDataSize long) and, when <paramref name="bitmap"/> is not
    /// empty, the null bitmap (1 = not null) (heap_fill_tuple). Returns HasNulls/HasVarWidth.
    /// </summary>
    public static InfoMask Fill(TupleDesc desc, ReadOnlySpan<Datum> values, Span<byte> data, Span<byte> bitmap)
    {
        var mask = InfoMask.None;
        int off = 0;
        for (int i = 0; i < values.Length; i++)
        {
            var a = desc[i];
            ref readonly var d = ref values[i];
            if (d.IsNull || a.IsDropped)
            {
                mask |= InfoMask.HasNulls;
                continue;
            }
            if (!bitmap.IsEmpty)
            {
                bitmap[i >> 3] |= (byte)(1 << (i & 7));
            }
            if (a.Len > 0)
            {
                off = AlignTo(off, a.Align);
                WriteFixed(a, d, data.Slice(off, a.Len));
                off += a.Len;
                continue;
            }
            mask |= InfoMask.HasVarWidth;
            int len = PayloadLength(a, d);
            if (len + 1 <= ShortVarlenaMax)
            {
                data[off] = (byte)(((len + 1) << 1) | 1);
                off++;
            }
            else
            {
                off = AlignTo(off, a.Align);
                BinaryPrimitives.WriteUInt32LittleEndian(data[off..], (uint)(len + 4) << 2);
                off += 4;
            }
            WritePayload(a, d, data.Slice(off, len));
            off += len;
        }
        return mask;
    }

    static bool HasNulls(TupleDesc desc, ReadOnlySpan<Datum> values)
    {
        CheckCount(desc, values);
        for (int i = 0; i < values.Length; i++)
        {
            if (values[i].IsNull || desc[i].IsDropped)
            {
                return true;
            }
        }
        return false;
    }

    static void CheckCount(TupleDesc desc, ReadOnlySpan<Datum> values)
    {
        if (values.Length != desc.Count)
        {
            throw new ArgumentException($"{values.Length} values for {desc.Count} attributes", nameof(values));
        }
    }

    internal static void WriteFixed(Attribute a, in Datum d, Span<byte> dst)
    {
        if (a.ByVal && d.Ref is not null)
        {
            // A by-value column takes the Datum's number; a value in another form (a string, say) is refused rather
            // than stored as 0.
            ThrowUnsupported<int>(a, d);
        }
        switch (a.Len)
        {
            case 1:
                dst[0] = a.TypeOid == TypeOid.Bool ? (d.Bool ? (byte)1 : (byte)0) : (byte)d.Int;
                return;
            case 2:
                BinaryPrimitives.WriteInt16LittleEndian(dst, (short)d.Int);
                return;
            case 4:
                if (a.TypeOid == TypeOid.Float4)
                {
                    BinaryPrimitives.WriteSingleLittleEndian(dst, (float)d.Float);
                }
                else
                {
                    BinaryPrimitives.WriteUInt32LittleEndian(dst, (uint)d.Int);
                }
                return;
            case 8:
                if (a.TypeOid == TypeOid.Float8)
                {
                    BinaryPrimitives.WriteDoubleLittleEndian(dst, d.Float);
                }
                else
                {
                    BinaryPrimitives.WriteInt64LittleEndian(dst, d.Int);
                }
                return;
            default:
                WritePayload(a, d, dst);
                return;
        }
    }

    /// <summary>Bytes of a varlena's payload (its header not included).</summary>
    internal static int PayloadLength(Attribute a, in Datum d)
    {
        switch (d.Ref)
        {
            case byte[] raw:
                return raw.Length;
            case NumericValue m when a.TypeOid == TypeOid.Numeric:
                return NumericCodec.Length(m);
            case ArrayValue arr when ArrayTypes.ElementOf(a.TypeOid) == arr.ElementType:
                return ArrayCodec.Length(arr);
            case string s:
                return Encoding.UTF8.GetByteCount(s) + (a.TypeOid == TypeOid.Jsonb ? 1 : 0);
            default:
                return ThrowUnsupported<int>(a, d);
        }
    }

    /// <summary>
    /// The stored bytes of a value not passed by value: a varlena's payload, or a fixed-width by-reference type
    /// (uuid, name: from a string; any of them: from a byte[] of the stored form).
    /// </summary>
    internal static void WritePayload(Attribute a, in Datum d, Span<byte> dst)
    {
        if (a.TypeOid == TypeOid.TimeTz && d.Type == TypeOid.TimeTz && d.Ref is null)
        {
            // time of day, then the zone in seconds west of UTC (timetz's stored form)
            BinaryPrimitives.WriteInt64LittleEndian(dst, d.Int);
            BinaryPrimitives.WriteInt32LittleEndian(dst[8..], -d.ZoneOffset);
            return;
        }
        switch (d.Ref)
        {
            case Interval iv when a.TypeOid == TypeOid.Interval:
                iv.Write(dst, bigEndian: false);
                return;
            case byte[] raw when a.Len < 0 || raw.Length == a.Len:
                raw.CopyTo(dst);
                return;
            case NumericValue m when a.TypeOid == TypeOid.Numeric:
                NumericCodec.Write(m, dst);
                return;
            case ArrayValue arr when ArrayTypes.ElementOf(a.TypeOid) == arr.ElementType:
                ArrayCodec.Write(arr, dst);
                return;
            case Guid g when a.TypeOid == TypeOid.Uuid:
                g.TryWriteBytes(dst, bigEndian: true, out _);
                return;
            case string s when a.TypeOid == TypeOid.Uuid:
                if (!Guid.TryParse(s, out var u))
                {
                    Throw.Error(SqlState.InvalidTextRepresentation, $"invalid input syntax for type uuid: \"{s}\"");
                }
                u.TryWriteBytes(dst, bigEndian: true, out _);
                return;
            case string s when a.TypeOid == TypeOid.Name:
                // At most NAMEDATALEN - 1 bytes, cut at a character boundary (the rest stays NUL): the encoder stops
                // before a character that does not fit whole.
                System.Text.Unicode.Utf8.FromUtf16(s, dst[..(NameDataLen - 1)], out _, out _);
                return;
            case string s when a.Len < 0:
                if (a.TypeOid == TypeOid.Jsonb)
                {
                    dst[0] = JsonbVersion;
                    dst = dst[1..];
                }
                Encoding.UTF8.GetBytes(s, dst);
                return;
            default:
                ThrowUnsupported<int>(a, d);
                return;
        }
    }

    static T ThrowUnsupported<T>(Attribute a, in Datum d) => d.IsInTuple
        ? throw new InvalidOperationException(
            $"attribute \"{a.Name}\": an in-tuple value must be materialized before it is stored elsewhere")
        : Throw.Error<T>(SqlState.DatatypeMismatch,
            $"attribute \"{a.Name}\" of type {a.TypeOid} cannot store a value of type {d.Type}");

    // ---- Deforming -----------------------------------------------------------------------------------------

    /// <summary>
    /// Reads every attribute of the stored <paramref name="tuple"/> (header first) into <paramref name="values"/>
    /// (heap_deform_tuple): NULLs per the bitmap; attributes the tuple does not have (added after it was written)
    /// and dropped ones are NULL; by-reference values are in-tuple references into <paramref name="tuple"/>.
    /// </summary>
    public static void Deform(ReadOnlySpan<byte> tuple, TupleDesc desc, Span<Datum> values)
    {
        if (values.Length < desc.Count)
        {
            throw new ArgumentException($"{values.Length} values for {desc.Count} attributes", nameof(values));
        }
        Walk(tuple, desc, desc.Count, values);
    }

    /// <summary>One attribute (0-based), with the cached-offset fast path when no earlier value is NULL (heap_getattr).</summary>
    public static Datum GetAttr(ReadOnlySpan<byte> tuple, TupleDesc desc, int i)
    {
        ref readonly var h = ref MemoryMarshal.AsRef<HeapTupleHeader>(tuple);
        var a = desc[i];
        if (i >= h.Natts || a.IsDropped || IsNullAt(tuple, h, i))
        {
            return Datum.Null(a.TypeOid);
        }
        if (a.CacheOff >= 0 && (!h.Has(InfoMask.HasNulls) || NoNullsBefore(tuple, i)))
        {
            int off = h.Hoff + a.CacheOff;
            return Read(tuple, a, ref off);
        }
        return Walk(tuple, desc, i + 1, default);
    }

    /// <summary>
    /// Reads attributes 0..<paramref name="stop"/>-1 in order (into <paramref name="values"/> if not empty) and
    /// returns the last. Cached offsets hold until the first NULL or the first varlena has been passed.
    /// </summary>
    static Datum Walk(ReadOnlySpan<byte> tuple, TupleDesc desc, int stop, Span<Datum> values)
    {
        ref readonly var h = ref MemoryMarshal.AsRef<HeapTupleHeader>(tuple);
        int natts = Math.Min(h.Natts, stop);
        bool hasNulls = h.Has(InfoMask.HasNulls);
        int hoff = h.Hoff;
        int off = hoff;
        bool slow = false;
        Datum d = default;
        int i = 0;
        for (; i < natts; i++)
        {
            var a = desc[i];
            if (hasNulls && (tuple[HeapTupleHeader.Size + (i >> 3)] & (1 << (i & 7))) == 0)
            {
                d = Datum.Null(a.TypeOid);
                slow = true;
            }
            else
            {
                if (!slow && a.CacheOff >= 0)
                {
                    off = hoff + a.CacheOff;
                }
                else if (a.Len > 0 || tuple[off] == 0)
                {
                    // Fixed width, or a varlena whose first byte is padding: a 4-byte header at the aligned place.
                    off = AlignTo(off, a.Align);
                }
                d = Read(tuple, a, ref off);
                if (a.Len < 0)
                {
                    slow = true;
                }
                if (a.IsDropped)
                {
                    d = Datum.Null(a.TypeOid);
                }
            }
            if (!values.IsEmpty)
            {
                values[i] = d;
            }
        }
        for (; i < stop; i++)
        {
            d = Datum.Null(desc[i].TypeOid);
            if (!values.IsEmpty)
            {
                values[i] = d;
            }
        }
        return d;
    }

    static bool IsNullAt(ReadOnlySpan<byte> tuple, in HeapTupleHeader h, int i) =>
        h.Has(InfoMask.HasNulls) && (tuple[HeapTupleHeader.Size + (i >> 3)] & (1 << (i & 7))) == 0;

    static bool NoNullsBefore(ReadOnlySpan<byte> tuple, int i)
    {
        var bitmap = tuple.Slice(HeapTupleHeader.Size, BitmapLen(i + 1));
        for (int k = 0; k < i >> 3; k++)
        {
            if (bitmap[k] != 0xFF)
            {
                return false;
            }
        }
        int rest = (1 << (i & 7)) - 1;
        return (bitmap[i >> 3] & rest) == rest;
    }

    /// <summary>
    /// Reads the non-null value of <paramref name="a"/> at <paramref name="off"/> and moves past it (a column, or an
    /// element of a stored array).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Datum Read(ReadOnlySpan<byte> tuple, Attribute a, ref int off)
    {
        int at = off;
        switch (a.Len)
        {
            case 1:
                off = at + 1;
                return a.TypeOid == TypeOid.Bool
                    ? Datum.FromBool(tuple[at] != 0)
                    : Datum.FromInt8((sbyte)tuple[at]).WithType(a.TypeOid);
            case 2:
                off = at + 2;
                return Datum.FromInt8(BinaryPrimitives.ReadInt16LittleEndian(tuple[at..])).WithType(a.TypeOid);
            case 4:
                off = at + 4;
                return a.TypeOid switch
                {
                    TypeOid.Float4 => Datum.FromFloat4(BinaryPrimitives.ReadSingleLittleEndian(tuple[at..])),
                    TypeOid.Oid or TypeOid.Xid or TypeOid.Cid or TypeOid.Regproc or TypeOid.Regclass or TypeOid.Regtype =>
                        Datum.FromInt8(BinaryPrimitives.ReadUInt32LittleEndian(tuple[at..])).WithType(a.TypeOid),
                    _ => Datum.FromInt8(BinaryPrimitives.ReadInt32LittleEndian(tuple[at..])).WithType(a.TypeOid),
                };
            case 8:
                off = at + 8;
                return a.TypeOid == TypeOid.Float8
                    ? Datum.FromFloat8(BinaryPrimitives.ReadDoubleLittleEndian(tuple[at..]))
                    : Datum.FromInt8(BinaryPrimitives.ReadInt64LittleEndian(tuple[at..])).WithType(a.TypeOid);
            case TypeStorage.VarLena:
            {
                byte b0 = tuple[at];
                if ((b0 & 1) != 0)
                {
                    int total = b0 >> 1;
                    if (total == 0)
                    {
                        Throw.Error(SqlState.FeatureNotSupported, "TOAST pointers are not supported");
                    }
                    off = at + total;
                    return Datum.InTuple(a.TypeOid, at + 1, total - 1);
                }
                uint header = BinaryPrimitives.ReadUInt32LittleEndian(tuple[at..]);
                if ((header & 3) != 0)
                {
                    Throw.Error(SqlState.FeatureNotSupported, "compressed values are not supported");
                }
                int len = (int)(header >> 2);
                off = at + len;
                return Datum.InTuple(a.TypeOid, at + 4, len - 4);
            }
            default:
            {
                // Fixed width by reference (uuid, interval, name); name ends at its first NUL.
                off = at + a.Len;
                int len = a.Len;
                if (a.TypeOid == TypeOid.Name)
                {
                    int nul = tuple.Slice(at, a.Len).IndexOf((byte)0);
                    len = nul < 0 ? a.Len : nul;
                }
                return Datum.InTuple(a.TypeOid, at, len);
            }
        }
    }

    /// <summary>The bytes of an in-tuple value (a varlena's payload, or a by-reference fixed-width value).</summary>
    public static ReadOnlySpan<byte> GetBytes(ReadOnlySpan<byte> tuple, in Datum d) =>
        tuple.Slice(d.TupleOffset, d.TupleLength);

    /// <summary>
    /// The executor's owned form of a value (allocates for in-tuple references): text-like types and json as
    /// string, jsonb as its JSON text, bytea as byte[], numeric as NumericValue, uuid as its text, interval as an
    /// Interval, timetz as its time and offset, arrays of the built-in element types as ArrayValue (other
    /// varlena types, such as aclitem[], as byte[] of their stored form). Other values are returned as they are.
    /// </summary>
    public static Datum Materialize(ReadOnlySpan<byte> tuple, in Datum d)
    {
        if (!d.IsInTuple)
        {
            return d;
        }
        var bytes = GetBytes(tuple, d);
        switch (d.Type)
        {
            case TypeOid.Text or TypeOid.Varchar or TypeOid.Bpchar or TypeOid.Json or TypeOid.Name or TypeOid.PgNodeTree:
                return Datum.FromText(Encoding.UTF8.GetString(bytes), d.Type);
            case TypeOid.Jsonb:
                return Datum.FromText(Encoding.UTF8.GetString(bytes[1..]), d.Type);
            case TypeOid.Bytea:
                return Datum.FromBytes(bytes.ToArray());
            case TypeOid.Numeric:
                return Datum.FromNumeric(NumericCodec.Read(bytes));
            case TypeOid.Uuid:
                return Datum.FromText(new Guid(bytes, bigEndian: true).ToString(), d.Type);
            case TypeOid.Interval:
                return Datum.FromInterval(Interval.Read(bytes, bigEndian: false));
            case TypeOid.TimeTz:
                return Datum.FromTimeTz(BinaryPrimitives.ReadInt64LittleEndian(bytes),
                    -BinaryPrimitives.ReadInt32LittleEndian(bytes[8..]));
            case var t when ArrayTypes.IsArray(t):
                return Datum.FromArray(ArrayCodec.Read(bytes, t));
            default:
                return Datum.FromBytes(bytes.ToArray()).WithType(d.Type);
        }
    }
}
