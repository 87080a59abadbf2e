// Built-in type OIDs, as in PostgreSQL's pg_type.dat. Clients hard-code these numbers.
namespace Tusk.Common.Types;

/// <summary>PostgreSQL's built-in type OIDs.</summary>
public static class TypeOid
{
    public const uint Unknown = 705;
    public const uint Bool = 16;
    public const uint Bytea = 17;
    public const uint Char = 18;
    public const uint Name = 19;
    public const uint Int8 = 20;
    public const uint Int2 = 21;
    public const uint Int4 = 23;
    public const uint Regproc = 24;
    public const uint Text = 25;
    public const uint Oid = 26;
    public const uint Tid = 27;
    public const uint Xid = 28;
    public const uint Cid = 29;
    public const uint Float4 = 700;
    public const uint Float8 = 701;
    public const uint Inet = 869;
    public const uint Bpchar = 1042;
    public const uint Varchar = 1043;
    public const uint Date = 1082;
    public const uint Time = 1083;
    public const uint TimeTz = 1266;
    public const uint Timestamp = 1114;
    public const uint TimestampTz = 1184;
    public const uint Interval = 1186;
    public const uint Numeric = 1700;
    public const uint Void = 2278;
    public const uint Uuid = 2950;
    public const uint Record = 2249;
    public const uint Json = 114;
    public const uint Jsonb = 3802;

    // Array types (pg_type's typarray of the element types above): varlena, stored as the caller gives them.
    public const uint BoolArray = 1000;
    public const uint CharArray = 1002;
    public const uint ByteaArray = 1001;
    public const uint NameArray = 1003;
    public const uint Int2Array = 1005;
    public const uint Int4Array = 1007;
    public const uint TextArray = 1009;
    public const uint BpcharArray = 1014;
    public const uint VarcharArray = 1015;
    public const uint Int8Array = 1016;
    public const uint Float4Array = 1021;
    public const uint Float8Array = 1022;
    public const uint OidArray = 1028;
    public const uint TimestampArray = 1115;
    public const uint DateArray = 1182;
    public const uint TimeArray = 1183;
    public const uint TimestampTzArray = 1185;
    public const uint IntervalArray = 1187;
    public const uint NumericArray = 1231;
    public const uint UuidArray = 2951;
    public const uint JsonArray = 199;
    public const uint JsonbArray = 3807;

    // Types of catalog columns.
    public const uint Int2Vector = 22;
    public const uint OidVector = 30;
    public const uint PgNodeTree = 194;
    public const uint AclItemArray = 1034;
    public const uint AnyArray = 2277;
    public const uint Regclass = 2205;
    public const uint Regtype = 2206;

    // Geometric types (GeoIO): point is 16 bytes of two float8, path a varlena of points.
    public const uint Point = 600;
    public const uint Lseg = 601;
    public const uint Path = 602;
    public const uint Box = 603;
    public const uint Polygon = 604;
    public const uint Line = 628;
    public const uint Circle = 718;

    // Range types (RangeIO) and the pseudo-types of polymorphic enum/range functions.
    public const uint Int4Range = 3904;
    public const uint NumRange = 3906;
    public const uint TsRange = 3908;
    public const uint TstzRange = 3910;
    public const uint DateRange = 3912;
    public const uint Int8Range = 3926;
    public const uint AnyEnum = 3500;
    public const uint AnyRange = 3831;
    public const uint Trigger = 2279;
    // Polymorphic pseudo-types of function signatures (resolved to a concrete type at each call).
    public const uint AnyElement = 2283;
    public const uint AnyNonArray = 2776;
    public const uint AnyCompatible = 5077;
    public const uint AnyCompatibleArray = 5078;
}
