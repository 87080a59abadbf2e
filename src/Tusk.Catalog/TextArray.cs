// text[] in PostgreSQL's stored array form (array.h): a one-dimensional array without NULLs — ndim 1, data
// offset 0 (no null bitmap), element type 25, the length and lower bound 1, then each element as a varlena with
// a 4-byte header, padded to 4 bytes. Catalog columns such as pg_db_role_setting.setconfig use it.
// Rows read through the catalog come back materialized as ArrayValue; Decode takes either form.
// Entry points: TextArray.Encode, TextArray.Decode.
using System.Buffers.Binary;
using System.Text;
using Tusk.Common.Errors;
using Tusk.Common.Types;

namespace Tusk.Catalog;

public static class TextArray
{
    /// <summary>The stored form (varlena payload) of a text[] value.</summary>
    public static byte[] Encode(IReadOnlyList<string> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        int size = 20;
        foreach (var s in items)
            size += (Encoding.UTF8.GetByteCount(s) + 4 + 3) & ~3;
        var b = new byte[size];
        BinaryPrimitives.WriteInt32LittleEndian(b, 1);
        BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(4), 0);
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(8), TypeOid.Text);
        BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(12), items.Count);
        BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(16), 1);
        int off = 20;
        foreach (var s in items)
        {
            int n = Encoding.UTF8.GetBytes(s, b.AsSpan(off + 4));
            BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(off), (uint)(n + 4) << 2);
            off += (n + 4 + 3) & ~3;
        }
        return b;
    }

    /// <summary>The elements of a text[] read from a catalog row (an ArrayValue, or the stored bytes).</summary>
    public static List<string> Decode(object value) => value switch
    {
        ArrayValue a => a.Elements.Select(e => e.IsNull
            ? Throw.Error<string>(SqlState.FeatureNotSupported, "text arrays with NULLs are not supported here")
            : e.Text).ToList(),
        byte[] b => Decode(b.AsSpan()),
        _ => throw new ArgumentException("not a text[] value", nameof(value)),
    };

    /// <summary>The elements of a stored one-dimensional text[] without NULLs.</summary>
    public static List<string> Decode(ReadOnlySpan<byte> b)
    {
        var list = new List<string>();
        if (b.Length < 12 || BinaryPrimitives.ReadInt32LittleEndian(b) == 0)
            return list;
        if (BinaryPrimitives.ReadInt32LittleEndian(b) != 1 || BinaryPrimitives.ReadInt32LittleEndian(b[4..]) != 0)
            Throw.Error(SqlState.FeatureNotSupported, "only one-dimensional text arrays without NULLs are supported");
        int n = BinaryPrimitives.ReadInt32LittleEndian(b[12..]);
        int off = 20;
        for (int i = 0; i < n; i++)
        {
            int len = (int)(BinaryPrimitives.ReadUInt32LittleEndian(b[off..]) >> 2) - 4;
            list.Add(Encoding.UTF8.GetString(b.Slice(off + 4, len)));
            off += (len + 4 + 3) & ~3;
        }
        return list;
    }
}
