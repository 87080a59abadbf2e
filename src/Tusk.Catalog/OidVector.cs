// oidvector (and oid[]) in PostgreSQL's stored array form (array.h): one dimension, no null bitmap, element type
// oid, the length, the lower bound (0 for oidvector, 1 for oid[]), then the 4-byte elements. pg_proc.proargtypes
// uses it. Entry points: OidVector.Encode, OidVector.Decode.
using System.Buffers.Binary;
using Tusk.Common.Types;

namespace Tusk.Catalog;

public static class OidVector
{
    /// <summary>The stored form (varlena payload) of an oidvector (lower bound 0) or oid[] (1).</summary>
    public static Datum Encode(IReadOnlyList<uint> oids, uint type = TypeOid.OidVector)
    {
        ArgumentNullException.ThrowIfNull(oids);
        var b = new byte[20 + 4 * oids.Count];
        BinaryPrimitives.WriteInt32LittleEndian(b, 1);
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(8), TypeOid.Oid);
        BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(12), oids.Count);
        BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(16), type == TypeOid.OidVector ? 0 : 1);
        for (int i = 0; i < oids.Count; i++)
            BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(20 + 4 * i), oids[i]);
        return Datum.FromBytes(b).WithType(type);
    }

    /// <summary>The elements of a stored oidvector or one-dimensional oid[] without NULLs (empty for NULL).</summary>
    public static uint[] Decode(in Datum d)
    {
        if (d.IsNull || d.Ref is not byte[] b || b.Length < 12 || BinaryPrimitives.ReadInt32LittleEndian(b) == 0)
            return [];
        int n = BinaryPrimitives.ReadInt32LittleEndian(b.AsSpan(12));
        var r = new uint[n];
        for (int i = 0; i < n; i++)
            r[i] = BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(20 + 4 * i));
        return r;
    }
}
