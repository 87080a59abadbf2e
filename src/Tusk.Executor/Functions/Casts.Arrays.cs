// Casts of arrays (array_coerce / pg_cast's array rules): an array converts to another array type exactly when
// its element type converts to the other element type in the same context (implicit, assignment, explicit), and
// the conversion is done element by element (NULLs stay NULL, the shape is kept). A typmod on an array type
// applies to every element (varchar(2)[]). Text ⇄ array are the I/O conversion casts (array_in / array_out).
// Entry points: IsArrayPair, CastArray, ArrayTypmod.
using Tusk.Common.Types;

namespace Tusk.Executor.Functions;

internal static partial class Casts
{
    /// <summary>Both types are arrays (their element types out).</summary>
    static bool IsArrayPair(uint from, uint to, out uint fromElement, out uint toElement)
    {
        fromElement = ArrayTypes.ElementOf(from);
        toElement = ArrayTypes.ElementOf(to);
        return fromElement != 0 && toElement != 0;
    }

    /// <summary>Element-wise conversion of a non-null array to arrays of <paramref name="toElement"/>.</summary>
    static Datum CastArray(in Datum v, uint toElement, OutputContext oc)
    {
        var a = v.Array;
        var src = a.Elements;
        var dst = new Datum[src.Length];
        for (int i = 0; i < src.Length; i++)
        {
            dst[i] = src[i].IsNull ? Datum.Null(toElement) : CastValue(src[i], toElement, oc);
        }
        return Datum.FromArray(a.WithElements(toElement, dst));
    }

    /// <summary>A typmod of an array type, applied to each element.</summary>
    static Datum ArrayTypmod(ArrayValue a, int typmod, bool explicitCast)
    {
        var src = a.Elements;
        var dst = new Datum[src.Length];
        for (int i = 0; i < src.Length; i++)
        {
            dst[i] = ApplyTypmod(src[i], typmod, explicitCast);
        }
        return Datum.FromArray(a.WithElements(a.ElementType, dst));
    }
}
