// Type I/O of the types beyond the base switch of TypeIO.cs: tid (ctid), the geometric types (GeoIO), range types (RangeIO,
// built-in and user-defined) and enums (labels from pg_enum through UserTypes). Reached from TypeIO's default
// branches, so the common types pay nothing for them.
using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using Tusk.Common.Errors;

namespace Tusk.Common.Types;

public static partial class TypeIO
{
    /// <summary>Whether the type's I/O is one of those here (geometric, range, enum).</summary>
    public static bool IsExtendedType(uint type) => GeoIO.Handles(type) || RangeIO.IsRange(type) || UserTypes.IsEnum(type);

    static bool HasExtendedBinary(uint type) => IsExtendedType(type);

    static bool TryExtendedToText(in Datum d, OutputContext ctx, [NotNullWhen(true)] out string? text)
    {
        text = null;
        if (GeoIO.Handles(d.Type))
            text = GeoIO.ToText(d, ctx.ExtraFloatDigits);
        else if (RangeIO.IsRange(d.Type))
            text = RangeIO.ToText(d, ctx);
        else if (UserTypes.Find(d.Type) is { TypType: 'e' } e)
            text = EnumOut(e, d);
        else if (d.Type == TypeOid.OidVector && d.Ref is byte[] b)
            text = OidVectorOut(b);
        else if (d.Type == TypeOid.AclItemArray && d.Ref is byte[])
            text = AclItemIO.ToText(d);
        return text != null;
    }

    /// <summary>A tid (ctid) as a Datum's Int: the block number above the 16-bit line pointer offset.</summary>
    public static Datum TidDatum(uint block, ushort offset) => Datum.FromInt8(((long)block << 16) | offset).WithType(TypeOid.Tid);

    /// <summary>tidout: "(block,offset)".</summary>
    static string TidOut(long packed) => string.Create(CultureInfo.InvariantCulture, $"({packed >> 16},{packed & 0xFFFF})");

    /// <summary>tidin: "(block,offset)" with a block up to 2^32-1 and an offset up to 65535 (22P02 otherwise).</summary>
    static Datum TidIn(string s)
    {
        var t = s.AsSpan().Trim();
        int comma = t.IndexOf(',');
        if (t.Length < 5 || t[0] != '(' || t[^1] != ')' || comma < 0
            || !uint.TryParse(t[1..comma].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out uint block)
            || !ushort.TryParse(t[(comma + 1)..^1].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out ushort offset))
            return Throw.Error<Datum>(SqlState.InvalidTextRepresentation, $"invalid input syntax for type tid: \"{s}\"");
        return TidDatum(block, offset);
    }

    /// <summary>oidvectorout: the elements separated by spaces.</summary>
    static string OidVectorOut(byte[] b)
    {
        if (b.Length < 20)
            return "";
        int n = System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(b.AsSpan(12));
        var sb = new StringBuilder();
        for (int i = 0; i < n; i++)
        {
            if (i > 0)
                sb.Append(' ');
            sb.Append(System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(20 + 4 * i)));
        }
        return sb.ToString();
    }

    static string EnumOut(UserType e, in Datum d) => e.LabelByOid((uint)d.Int)?.Label
        ?? Throw.Error<string>(SqlState.InvalidBinaryRepresentation, $"invalid internal value for enum: {(uint)d.Int}");

    static bool TryExtendedFromText(string s, uint type, OutputContext ctx, out Datum value)
    {
        if (GeoIO.Handles(type))
            value = GeoIO.FromText(s, type);
        else if (RangeIO.IsRange(type))
            value = RangeIO.FromText(s, type, ctx);
        else if (UserTypes.Find(type) is { TypType: 'e' } e)
            value = EnumIn(e, s);
        else
        {
            value = default;
            return false;
        }
        return true;
    }

    /// <summary>enum_in: the label's OID (22P02 for a label the type does not have).</summary>
    static Datum EnumIn(UserType e, string s) => e.LabelByName(s) is { } l
        ? Datum.FromOid(l.Oid).WithType(e.Oid)
        : Throw.Error<Datum>(SqlState.InvalidTextRepresentation, $"invalid input value for enum {e.Name}: \"{s}\"");

    static bool TryExtendedWriteBinary(in Datum d, IBufferWriter<byte> w)
    {
        if (GeoIO.Handles(d.Type))
            GeoIO.WriteBinary(d, w);
        else if (RangeIO.IsRange(d.Type))
            w.Write((byte[])d.Ref!);
        else if (UserTypes.Find(d.Type) is { TypType: 'e' } e)
            w.Write(Encoding.UTF8.GetBytes(EnumOut(e, d)));
        else
            return false;
        return true;
    }

    static bool TryExtendedFromBinary(ReadOnlySpan<byte> b, uint type, out Datum value)
    {
        if (GeoIO.Handles(type))
            value = GeoIO.FromBinary(b, type);
        else if (RangeIO.IsRange(type))
            value = RangeIO.FromBinary(b, type);
        else if (UserTypes.Find(type) is { TypType: 'e' } e)
            value = EnumIn(e, Encoding.UTF8.GetString(b));
        else
        {
            value = default;
            return false;
        }
        return true;
    }
}
