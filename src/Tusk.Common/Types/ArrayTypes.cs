// The built-in array types and their element types (pg_type's typarray / typelem for the types Tusk can put in
// an array). Entry points: ArrayTypes.ArrayOf, ArrayTypes.ElementOf, ArrayTypes.IsArray.
namespace Tusk.Common.Types;

/// <summary>Element type ⇄ array type.</summary>
public static class ArrayTypes
{
    static readonly (uint Element, uint Array)[] Pairs =
    [
        (TypeOid.Bool, TypeOid.BoolArray), (TypeOid.Bytea, TypeOid.ByteaArray), (TypeOid.Name, TypeOid.NameArray),
        (TypeOid.Int2, TypeOid.Int2Array), (TypeOid.Int4, TypeOid.Int4Array), (TypeOid.Text, TypeOid.TextArray),
        (TypeOid.Bpchar, TypeOid.BpcharArray), (TypeOid.Varchar, TypeOid.VarcharArray),
        (TypeOid.Int8, TypeOid.Int8Array), (TypeOid.Float4, TypeOid.Float4Array),
        (TypeOid.Float8, TypeOid.Float8Array), (TypeOid.Oid, TypeOid.OidArray),
        (TypeOid.Timestamp, TypeOid.TimestampArray), (TypeOid.Date, TypeOid.DateArray),
        (TypeOid.Time, TypeOid.TimeArray), (TypeOid.TimestampTz, TypeOid.TimestampTzArray),
        (TypeOid.Interval, TypeOid.IntervalArray), (TypeOid.Numeric, TypeOid.NumericArray),
        (TypeOid.Uuid, TypeOid.UuidArray), (TypeOid.Json, TypeOid.JsonArray), (TypeOid.Jsonb, TypeOid.JsonbArray),
    ];

    /// <summary>The array type of an element type, 0 when Tusk has none.</summary>
    public static uint ArrayOf(uint element)
    {
        foreach (var (e, a) in Pairs)
        {
            if (e == element)
            {
                return a;
            }
        }
        return 0;
    }

    /// <summary>The element type of an array type, 0 when <paramref name="array"/> is not one.</summary>
    public static uint ElementOf(uint array)
    {
        foreach (var (e, a) in Pairs)
        {
            if (a == array)
            {
                return e;
            }
        }
        return 0;
    }

    public static bool IsArray(uint type) => ElementOf(type) != 0;
}
