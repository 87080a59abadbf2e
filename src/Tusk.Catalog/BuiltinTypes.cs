// The built-in types as pg_type rows (pg_type.dat): OID, name, storage (typlen, typbyval, typalign, typstorage),
// kind and category, and the element/array links. Bootstrap writes one pg_type row per entry, plus the array type
// of each base type ("_int4"), which shares the element's category rules (category 'A', typelem = element).
// Entry points: BuiltinTypes.All, ArrayName, DefaultBtreeOpclass.
using Tusk.Common.Types;

namespace Tusk.Catalog;

/// <summary>A built-in type.</summary>
/// <param name="Type">typtype: b(ase), p(seudo), c(omposite), r(ange).</param>
/// <param name="Category">typcategory: B, N, S, D, T, U, A, P, X, I, C, G, R.</param>
public sealed record BuiltinType(uint Oid, string Name, short Len, bool ByVal, char Type, char Category,
    bool Preferred, char Align, char Storage, uint Array, uint Elem = 0);

public static class BuiltinTypes
{
    public static readonly BuiltinType[] All =
    [
        new(TypeOid.Bool, "bool", 1, true, 'b', 'B', true, 'c', 'p', TypeOid.BoolArray),
        new(TypeOid.Bytea, "bytea", -1, false, 'b', 'U', false, 'i', 'x', TypeOid.ByteaArray),
        new(TypeOid.Char, "char", 1, true, 'b', 'Z', false, 'c', 'p', TypeOid.CharArray),
        new(TypeOid.Name, "name", 64, false, 'b', 'S', false, 'c', 'p', TypeOid.NameArray, TypeOid.Char),
        new(TypeOid.Int8, "int8", 8, true, 'b', 'N', false, 'd', 'p', TypeOid.Int8Array),
        new(TypeOid.Int2, "int2", 2, true, 'b', 'N', false, 's', 'p', TypeOid.Int2Array),
        new(TypeOid.Int2Vector, "int2vector", -1, false, 'b', 'A', false, 'i', 'p', 1006, TypeOid.Int2),
        new(TypeOid.Int4, "int4", 4, true, 'b', 'N', false, 'i', 'p', TypeOid.Int4Array),
        new(TypeOid.Regproc, "regproc", 4, true, 'b', 'N', false, 'i', 'p', 1008),
        new(TypeOid.Text, "text", -1, false, 'b', 'S', true, 'i', 'x', TypeOid.TextArray),
        new(TypeOid.Oid, "oid", 4, true, 'b', 'N', true, 'i', 'p', TypeOid.OidArray),
        new(27, "tid", 6, false, 'b', 'U', false, 's', 'p', 1010),
        new(TypeOid.Tid, "tid", 6, false, 'b', 'U', false, 's', 'p', 1010),
        new(TypeOid.Xid, "xid", 4, true, 'b', 'U', false, 'i', 'p', 1011),
        new(TypeOid.Cid, "cid", 4, true, 'b', 'U', false, 'i', 'p', 1012),
        new(29, "cid", 4, true, 'b', 'U', false, 'i', 'p', 1012),
        new(TypeOid.OidVector, "oidvector", -1, false, 'b', 'A', false, 'i', 'p', 1013, TypeOid.Oid),
        new(TypeOid.Json, "json", -1, false, 'b', 'U', false, 'i', 'x', TypeOid.JsonArray),
        new(TypeOid.PgNodeTree, "pg_node_tree", -1, false, 'b', 'Z', false, 'i', 'x', 0),
        new(TypeOid.Point, "point", 16, false, 'b', 'G', false, 'd', 'p', 1017),
        new(TypeOid.Lseg, "lseg", 32, false, 'b', 'G', false, 'd', 'p', 1018),
        new(TypeOid.Path, "path", -1, false, 'b', 'G', false, 'd', 'x', 1019),
        new(TypeOid.Box, "box", 32, false, 'b', 'G', false, 'd', 'p', 1020),
        new(TypeOid.Polygon, "polygon", -1, false, 'b', 'G', false, 'd', 'x', 1027),
        new(TypeOid.Line, "line", 24, false, 'b', 'G', false, 'd', 'p', 629),
        new(TypeOid.Float4, "float4", 4, true, 'b', 'N', false, 'i', 'p', TypeOid.Float4Array),
        new(TypeOid.Float8, "float8", 8, true, 'b', 'N', true, 'd', 'p', TypeOid.Float8Array),
        new(TypeOid.Circle, "circle", 24, false, 'b', 'G', false, 'd', 'p', 719),
        new(TypeOid.Unknown, "unknown", -2, false, 'p', 'X', false, 'c', 'p', 0),
        new(TypeOid.Inet, "inet", -1, false, 'b', 'I', true, 'i', 'm', 1041),
        new(1033, "aclitem", 12, false, 'b', 'U', false, 'i', 'p', TypeOid.AclItemArray),
        new(TypeOid.Bpchar, "bpchar", -1, false, 'b', 'S', false, 'i', 'x', TypeOid.BpcharArray),
        new(TypeOid.Varchar, "varchar", -1, false, 'b', 'S', false, 'i', 'x', TypeOid.VarcharArray),
        new(TypeOid.Date, "date", 4, true, 'b', 'D', false, 'i', 'p', TypeOid.DateArray),
        new(TypeOid.Time, "time", 8, true, 'b', 'D', false, 'd', 'p', TypeOid.TimeArray),
        new(TypeOid.Timestamp, "timestamp", 8, true, 'b', 'D', false, 'd', 'p', TypeOid.TimestampArray),
        new(TypeOid.TimestampTz, "timestamptz", 8, true, 'b', 'D', true, 'd', 'p', TypeOid.TimestampTzArray),
        new(TypeOid.Interval, "interval", 16, false, 'b', 'T', true, 'd', 'p', TypeOid.IntervalArray),
        new(TypeOid.TimeTz, "timetz", 12, false, 'b', 'D', false, 'd', 'p', 1270),
        new(TypeOid.Numeric, "numeric", -1, false, 'b', 'N', false, 'i', 'm', TypeOid.NumericArray),
        new(TypeOid.Regclass, "regclass", 4, true, 'b', 'N', false, 'i', 'p', 2210),
        new(TypeOid.Regtype, "regtype", 4, true, 'b', 'N', false, 'i', 'p', 2211),
        new(TypeOid.Record, "record", -1, false, 'p', 'P', false, 'd', 'x', 2287),
        new(2275, "cstring", -2, false, 'p', 'P', false, 'c', 'p', 1263),
        new(2276, "any", 4, true, 'p', 'P', false, 'i', 'p', 0),
        new(TypeOid.AnyArray, "anyarray", -1, false, 'p', 'P', false, 'd', 'x', 0),
        new(TypeOid.Void, "void", 4, true, 'p', 'P', false, 'i', 'p', 0),
        new(TypeOid.Trigger, "trigger", 4, true, 'p', 'P', false, 'i', 'p', 0),
        new(2281, "internal", 8, true, 'p', 'P', false, 'd', 'p', 0),
        new(TypeOid.AnyElement, "anyelement", 4, true, 'p', 'P', false, 'i', 'p', 0),
        new(TypeOid.Uuid, "uuid", 16, false, 'b', 'U', false, 'c', 'p', TypeOid.UuidArray),
        new(TypeOid.Jsonb, "jsonb", -1, false, 'b', 'U', false, 'i', 'x', TypeOid.JsonbArray),
        new(TypeOid.Int4Range, "int4range", -1, false, 'r', 'R', false, 'i', 'x', 3905),
        new(TypeOid.NumRange, "numrange", -1, false, 'r', 'R', false, 'i', 'x', 3907),
        new(TypeOid.TsRange, "tsrange", -1, false, 'r', 'R', false, 'd', 'x', 3909),
        new(TypeOid.TstzRange, "tstzrange", -1, false, 'r', 'R', false, 'd', 'x', 3911),
        new(TypeOid.DateRange, "daterange", -1, false, 'r', 'R', false, 'i', 'x', 3913),
        new(TypeOid.Int8Range, "int8range", -1, false, 'r', 'R', false, 'd', 'x', 3927),
        new(TypeOid.AnyEnum, "anyenum", 4, true, 'p', 'P', false, 'i', 'p', 0),
        new(TypeOid.AnyRange, "anyrange", -1, false, 'p', 'P', false, 'd', 'x', 0),
    ];

    /// <summary>The array type's name: "_" + element name.</summary>
    public static string ArrayName(BuiltinType t) => "_" + t.Name;

    /// <summary>The default btree operator class of a type (pg_opclass OID, as pg_range.rngsubopc names it), or 0.</summary>
    public static uint DefaultBtreeOpclass(uint type) => type switch
    {
        TypeOid.Int2 => 1979,
        TypeOid.Int4 => 1978,
        TypeOid.Int8 => 3124,
        TypeOid.Numeric => 3125,
        TypeOid.Float8 => 3123,
        TypeOid.Float4 => 10012,
        TypeOid.Text => 3126,
        TypeOid.Date => 3122,
        TypeOid.Timestamp => 3128,
        TypeOid.TimestampTz => 3127,
        _ => 0,
    };
}
