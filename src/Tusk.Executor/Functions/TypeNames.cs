// Type names both ways: resolving a TypeName as written to an OID (pg_type lookup for the built-in types) and
// PG's display names (format_type: "integer", "double precision") and internal names ("int4").
using Tusk.Common.Errors;
using Tusk.Common.Types;

namespace Tusk.Executor.Functions;

/// <summary>Built-in type names.</summary>
public static class TypeNames
{
    public const uint Date = TypeOid.Date;
    public const uint TimeTz = TypeOid.TimeTz;

    static readonly Dictionary<string, uint> ByInternalName = new(StringComparer.Ordinal)
    {
        ["bool"] = TypeOid.Bool, ["bytea"] = TypeOid.Bytea, ["char"] = TypeOid.Char, ["name"] = TypeOid.Name,
        ["int8"] = TypeOid.Int8, ["int2"] = TypeOid.Int2, ["int4"] = TypeOid.Int4, ["text"] = TypeOid.Text,
        ["oid"] = TypeOid.Oid, ["xid"] = TypeOid.Xid, ["float4"] = TypeOid.Float4, ["float8"] = TypeOid.Float8,
        ["cid"] = TypeOid.Cid, ["tid"] = TypeOid.Tid,
        ["inet"] = TypeOid.Inet, ["bpchar"] = TypeOid.Bpchar, ["varchar"] = TypeOid.Varchar,
        ["date"] = TypeOid.Date, ["time"] = TypeOid.Time, ["timestamp"] = TypeOid.Timestamp,
        ["timestamptz"] = TypeOid.TimestampTz, ["interval"] = TypeOid.Interval, ["numeric"] = TypeOid.Numeric,
        ["void"] = TypeOid.Void, ["uuid"] = TypeOid.Uuid, ["unknown"] = TypeOid.Unknown, ["timetz"] = TimeTz,
        ["regproc"] = TypeOid.Regproc, ["record"] = TypeOid.Record,
        ["point"] = TypeOid.Point, ["lseg"] = TypeOid.Lseg, ["path"] = TypeOid.Path, ["box"] = TypeOid.Box,
        ["polygon"] = TypeOid.Polygon, ["line"] = TypeOid.Line, ["circle"] = TypeOid.Circle,
        ["int4range"] = TypeOid.Int4Range, ["int8range"] = TypeOid.Int8Range, ["numrange"] = TypeOid.NumRange,
        ["daterange"] = TypeOid.DateRange, ["tsrange"] = TypeOid.TsRange, ["tstzrange"] = TypeOid.TstzRange,
        ["anyenum"] = TypeOid.AnyEnum, ["anyrange"] = TypeOid.AnyRange, ["trigger"] = TypeOid.Trigger,
        ["regclass"] = TypeOid.Regclass, ["json"] = TypeOid.Json,
        ["jsonb"] = TypeOid.Jsonb, ["anyarray"] = TypeOid.AnyArray, ["anyelement"] = TypeOid.AnyElement,
        ["anynonarray"] = TypeOid.AnyNonArray, ["anycompatible"] = TypeOid.AnyCompatible,
        ["anycompatiblearray"] = TypeOid.AnyCompatibleArray,
    };

    // pg_type.typname by OID: the first name listed for a type (some have aliases above).
    static readonly Dictionary<uint, string> InternalNameByOid = ByInternalName
        .GroupBy(kv => kv.Value).ToDictionary(g => g.Key, g => g.First().Key);

    /// <summary>OID of a type name as written, or 42704 "type "x" does not exist".</summary>
    public static uint Resolve(Sql.Nodes.TypeName tn)
    {
        var names = tn.Names;
        bool schemaOk = names.Count == 1 || (names.Count == 2 && names[0] == "pg_catalog");
        if (!schemaOk || !TryResolveName(names[^1], out uint oid))
        {
            // A type made by CREATE TYPE (enum, range) or a table's row type, found through the catalog.
            oid = names.Count <= 2 ? UserTypes.Lookup(names.Count == 2 ? names[0] : null, names[^1]) : 0;
            if (oid == 0)
                return Throw.Error<uint>(SqlState.UndefinedObject,
                    $"type \"{string.Join('.', names)}\" does not exist", position: tn.Location + 1);
        }
        if (tn.ArrayBounds.Count == 0)
            return oid;
        // int[], int[3][4], int ARRAY: all the same array type (the bounds are not enforced, as in PG).
        uint array = ArrayTypes.ElementOf(oid) != 0 ? oid : ArrayTypes.ArrayOf(oid);
        return array != 0 ? array : Throw.Error<uint>(SqlState.UndefinedObject,
            $"type \"{string.Join('.', names)}[]\" does not exist", position: tn.Location + 1);
    }

    /// <summary>
    /// A type by its pg_type name ("float8", "int4", "text", or "_" + an element's name for its array type:
    /// "_int4"), as a function-style cast names it.
    /// </summary>
    public static bool TryResolveName(string name, out uint oid)
    {
        if (ByInternalName.TryGetValue(name, out oid))
            return true;
        if (name.StartsWith('_') && ByInternalName.TryGetValue(name[1..], out uint e))
            oid = ArrayTypes.ArrayOf(e);
        return oid != 0;
    }

    /// <summary>format_type_with_typemod for the types with a length or precision (varchar(3), numeric(10,2)).</summary>
    static string DisplayWithLengthTypmod(uint type, int typmod)
    {
        string name = Display(type);
        if (typmod < 4)
            return name;
        return type switch
        {
            TypeOid.Varchar or TypeOid.Bpchar => $"{name}({typmod - 4})",
            TypeOid.Numeric => $"{name}({(typmod - 4) >> 16},{(typmod - 4) & 0xFFFF})",
            _ => name,
        };
    }

    /// <summary>format_type_with_typemod for any type: also the precision of the date/time types.</summary>
    public static string DisplayWithTypmod(uint type, int typmod)
    {
        if (typmod >= 0 && type is TypeOid.Timestamp or TypeOid.TimestampTz or TypeOid.Time or TimeTz)
        {
            string name = Display(type);
            int space = name.IndexOf(' ', StringComparison.Ordinal);
            return $"{name[..space]}({typmod}){name[space..]}";
        }
        return DisplayWithLengthTypmod(type, typmod);
    }

    /// <summary>format_type's name ("integer", "character varying").</summary>
    public static string Display(uint type) => type switch
    {
        TypeOid.Bool => "boolean",
        TypeOid.Int2 => "smallint",
        TypeOid.Int4 => "integer",
        TypeOid.Int8 => "bigint",
        TypeOid.Float4 => "real",
        TypeOid.Float8 => "double precision",
        TypeOid.Varchar => "character varying",
        TypeOid.Bpchar => "character",
        TypeOid.Timestamp => "timestamp without time zone",
        TypeOid.TimestampTz => "timestamp with time zone",
        TypeOid.Time => "time without time zone",
        TimeTz => "time with time zone",
        TypeOid.Char => "\"char\"",
        _ when ArrayTypes.ElementOf(type) is var e && e != 0 => Display(e) + "[]",
        _ => Internal(type),
    };

    /// <summary>pg_type.typname ("int4", "_int4").</summary>
    public static string Internal(uint type)
    {
        if (ArrayTypes.ElementOf(type) is var e && e != 0)
            return "_" + Internal(e);
        if (InternalNameByOid.TryGetValue(type, out string? name))
            return name;
        if (UserTypes.Find(type) is { } u)
            return u.Name;
        return type.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Whether <paramref name="type"/> is a type this server knows (built-in, array or user-defined).</summary>
    public static bool IsKnown(uint type) =>
        InternalNameByOid.ContainsKey(type) || ArrayTypes.ElementOf(type) is var e && e != 0 && IsKnown(e)
        || UserTypes.Find(type) != null;

    public static bool IsInteger(uint t) => t is TypeOid.Int2 or TypeOid.Int4 or TypeOid.Int8;

    public static bool IsNumber(uint t) =>
        t is TypeOid.Int2 or TypeOid.Int4 or TypeOid.Int8 or TypeOid.Numeric or TypeOid.Float4 or TypeOid.Float8;

    public static bool IsString(uint t) =>
        t is TypeOid.Text or TypeOid.Varchar or TypeOid.Bpchar or TypeOid.Name or TypeOid.Unknown or TypeOid.Char;

    /// <summary>typlen for RowDescription: the stored length, and the types without a tuple form yet.</summary>
    public static short Length(uint t) => TypeStorage.TryGet(t, out var s)
        ? s.Len
        : (short)(t switch
        {
            TimeTz => 12,
            TypeOid.Void => 4,
            TypeOid.Unknown => -2,
            _ => -1,
        });
}
