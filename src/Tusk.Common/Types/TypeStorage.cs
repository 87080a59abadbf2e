// How each built-in type is stored (pg_type's typlen, typbyval, typalign): the one table the row format
// (Tusk.Access TupleDesc) and RowDescription's typlen (Executor TypeNames.Length) read.
// Entry points: TypeStorage.For, TypeStorage.TryGet.
using Tusk.Common.Errors;

namespace Tusk.Common.Types;

/// <summary>How a type is stored in a tuple: typlen, typbyval, typalign.</summary>
/// <param name="Len">Fixed size in bytes, or -1 for a varlena.</param>
/// <param name="ByVal">Passed by value (fits in a Datum's integer or double payload).</param>
/// <param name="Align">Alignment of the value in the data area: 1 ('c'), 2 ('s'), 4 ('i') or 8 ('d').</param>
public readonly record struct TypeStorage(short Len, bool ByVal, byte Align)
{
    public const short VarLena = -1;

    /// <summary>The storage of a built-in type (ERROR 0A000 for a type with no tuple form yet).</summary>
    public static TypeStorage For(uint type) => TryGet(type, out var s)
        ? s
        : Throw.Error<TypeStorage>(SqlState.FeatureNotSupported, $"type {type} cannot be stored in a table yet");

    public static bool TryGet(uint type, out TypeStorage storage)
    {
        storage = type switch
        {
            TypeOid.Bool or TypeOid.Char => new(1, true, 1),
            TypeOid.Int2 => new(2, true, 2),
            TypeOid.Int4 or TypeOid.Oid or TypeOid.Xid or TypeOid.Cid or TypeOid.Float4 or TypeOid.Date or TypeOid.Regproc =>
                new(4, true, 4),
            TypeOid.Int8 or TypeOid.Float8 or TypeOid.Time or TypeOid.Timestamp or TypeOid.TimestampTz =>
                new(8, true, 8),
            TypeOid.Interval => new(16, false, 8),
            TypeOid.TimeTz => new(12, false, 8),
            TypeOid.Uuid => new(16, false, 1),
            TypeOid.Name => new(64, false, 1), // NAMEDATALEN, NUL-padded
            TypeOid.Text or TypeOid.Varchar or TypeOid.Bpchar or TypeOid.Bytea or TypeOid.Numeric or TypeOid.Json
                or TypeOid.Jsonb => new(VarLena, false, 4),
            // Arrays take their element's alignment, at least 'i' (the array header holds int4s).
            TypeOid.Int8Array or TypeOid.Float8Array or TypeOid.TimestampArray or TypeOid.TimestampTzArray
                or TypeOid.TimeArray or TypeOid.IntervalArray => new(VarLena, false, 8),
            TypeOid.BoolArray or TypeOid.ByteaArray or TypeOid.NameArray or TypeOid.Int2Array or TypeOid.Int4Array
                or TypeOid.TextArray or TypeOid.BpcharArray or TypeOid.VarcharArray or TypeOid.Float4Array
                or TypeOid.OidArray or TypeOid.DateArray or TypeOid.NumericArray or TypeOid.UuidArray
                or TypeOid.JsonArray or TypeOid.JsonbArray or TypeOid.CharArray => new(VarLena, false, 4),
            // Catalog column types.
            TypeOid.Int2Vector or TypeOid.OidVector or TypeOid.PgNodeTree or TypeOid.AclItemArray =>
                new(VarLena, false, 4),
            TypeOid.AnyArray => new(VarLena, false, 8),
            TypeOid.Regclass or TypeOid.Regtype => new(4, true, 4),
            TypeOid.Point or TypeOid.Lseg or TypeOid.Box => new((short)(type == TypeOid.Point ? 16 : 32), false, 8),
            TypeOid.Line or TypeOid.Circle => new(24, false, 8),
            TypeOid.Path or TypeOid.Polygon => new(VarLena, false, 8),
            TypeOid.Int4Range or TypeOid.Int8Range or TypeOid.NumRange or TypeOid.DateRange or TypeOid.TsRange
                or TypeOid.TstzRange => new(VarLena, false, type is TypeOid.Int4Range or TypeOid.NumRange
                    or TypeOid.DateRange ? (byte)4 : (byte)8),
            _ => UserTypes.Find(type)?.Storage ?? default,
        };
        return storage.Align != 0;
    }
}

