// An array value as the executor holds it (PostgreSQL's deconstructed ArrayType): the element type, the length
// and lower bound of each dimension, and the elements in row-major order (the last subscript varies fastest),
// NULL elements as null Datums. Invariants: Dims and LowerBounds have the same length (0 to MaxDims); an empty
// array has no dimensions; Elements.Length is the product of Dims; every element has the element type; the
// upper bound of each dimension fits in int32. Immutable once built.
// Entry points: ArrayValue.Create (checked), OneDim, Empty; CheckDims / CheckCount (the 54000 limits, also for
// the readers that check a shape before they allocate); Datum.FromArray. Text form: ArrayText; wire binary:
// ArrayBinary; stored form: Tusk.Access.Common.ArrayCodec.
using Tusk.Common.Errors;

namespace Tusk.Common.Types;

/// <summary>An array of one element type with 0 to 6 dimensions.</summary>
public sealed class ArrayValue
{
    /// <summary>MAXDIM.</summary>
    public const int MaxDims = 6;

    /// <summary>MaxArraySize: the most elements an array may have.</summary>
    public const int MaxElements = 0x7FFFFFF;

    ArrayValue(uint elementType, int[] dims, int[] lowerBounds, Datum[] elements)
    {
        ElementType = elementType;
        Dims = dims;
        LowerBounds = lowerBounds;
        Elements = elements;
    }

    public uint ElementType { get; }

    /// <summary>Length of each dimension (empty for an empty array).</summary>
    public int[] Dims { get; }

    /// <summary>Lower bound of each dimension (1 unless given otherwise).</summary>
    public int[] LowerBounds { get; }

    /// <summary>The elements, row-major; NULL elements are null Datums.</summary>
    public Datum[] Elements { get; }

    public int NDims => Dims.Length;

    public int Count => Elements.Length;

    public bool IsEmpty => Elements.Length == 0;

    /// <summary>The array type (e.g. int4[] for int4 elements).</summary>
    public uint ArrayType => ArrayTypes.ArrayOf(ElementType);

    public bool HasNulls
    {
        get
        {
            foreach (var e in Elements)
            {
                if (e.IsNull)
                {
                    return true;
                }
            }
            return false;
        }
    }

    /// <summary>The empty array of an element type.</summary>
    public static ArrayValue Empty(uint elementType) => new(elementType, [], [], []);

    /// <summary>A one-dimensional array with lower bound 1 (empty when there are no elements).</summary>
    public static ArrayValue OneDim(uint elementType, Datum[] elements) => elements.Length == 0
        ? Empty(elementType)
        : Create(elementType, [elements.Length], [1], elements);

    /// <summary>
    /// An array with the given shape; a shape with a zero-length dimension is the empty array. ERROR 54000 when
    /// there are too many dimensions or elements, or an upper bound does not fit in an integer.
    /// </summary>
    public static ArrayValue Create(uint elementType, int[] dims, int[] lowerBounds, Datum[] elements)
    {
        CheckDims(dims.Length);
        long n = dims.Length == 0 ? 0 : 1;
        for (int i = 0; i < dims.Length; i++)
        {
            n *= dims[i];
            CheckCount(n);
            if ((long)lowerBounds[i] + dims[i] - 1 > int.MaxValue)
            {
                Throw.Error(SqlState.ProgramLimitExceeded, "array lower bound is too large: " + lowerBounds[i]);
            }
        }
        if (n == 0)
        {
            return Empty(elementType);
        }
        if (elements.Length != n)
        {
            throw new ArgumentException($"{elements.Length} elements for {n} places", nameof(elements));
        }
        return new ArrayValue(elementType, dims, lowerBounds, elements);
    }

    /// <summary>ERROR 54000 when an array would have more than <see cref="MaxDims"/> dimensions.</summary>
    /// <param name="position">The error's cursor position (1-based), 0 for none.</param>
    public static void CheckDims(int ndim, int position = 0)
    {
        if (ndim > MaxDims)
        {
            Throw.Error(SqlState.ProgramLimitExceeded,
                $"number of array dimensions ({ndim}) exceeds the maximum allowed ({MaxDims})", position: position);
        }
    }

    /// <summary>ERROR 54000 when a count of elements (a product of dimensions so far) exceeds <see cref="MaxElements"/>.</summary>
    public static void CheckCount(long n)
    {
        if (n > MaxElements)
        {
            Throw.Error(SqlState.ProgramLimitExceeded, $"array size exceeds the maximum allowed ({MaxElements})");
        }
    }

    /// <summary>The same shape with other elements (of <paramref name="elementType"/>), e.g. after a cast.</summary>
    public ArrayValue WithElements(uint elementType, Datum[] elements) =>
        IsEmpty ? Empty(elementType) : new ArrayValue(elementType, Dims, LowerBounds, elements);

    /// <summary>Upper bound of dimension <paramref name="d"/> (0-based).</summary>
    public int UpperBound(int d) => LowerBounds[d] + Dims[d] - 1;

    /// <summary>True when both have the same dimensions and lower bounds.</summary>
    public bool SameShape(ArrayValue other) =>
        Dims.AsSpan().SequenceEqual(other.Dims) && LowerBounds.AsSpan().SequenceEqual(other.LowerBounds);
}
