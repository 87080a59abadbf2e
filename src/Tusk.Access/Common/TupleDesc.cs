// Tuple descriptor (tupdesc.c, pg_attribute): the attributes of a row format, each with its type's storage
// properties (attlen, attbyval, attalign) from a small built-in table (pg_type's typlen/typbyval/typalign), and the
// cached offset (attcacheoff) of every attribute whose place in the data area is the same in every tuple without
// NULLs before it: the leading fixed-width ones, and a first varlena that needs no padding.
// Immutable once built. Entry points: TupleDesc.Create, TupleDesc.AddColumn (storage: Common.Types.TypeStorage).
// See Common/README.md.
using Tusk.Common.Errors;
using Tusk.Common.Types;

namespace Tusk.Access.Common;

/// <summary>One attribute of a tuple descriptor (FormData_pg_attribute, the fields the row format needs).</summary>
public sealed record Attribute(
    string Name, uint TypeOid, int TypMod, short Len, bool ByVal, byte Align, bool NotNull, bool IsDropped)
{
    /// <summary>
    /// Offset of the value in the data area (from Hoff) when no attribute before it is NULL; -1 when it depends on
    /// the values before it.
    /// </summary>
    public int CacheOff { get; internal set; } = -1;

    /// <summary>PostgreSQL's attalign letter: c, s, i or d.</summary>
    public char AlignChar => Align switch { 1 => 'c', 2 => 's', 4 => 'i', _ => 'd' };
}

/// <summary>The attributes of a row format, in order (TupleDesc).</summary>
public sealed class TupleDesc
{
    /// <summary>The most attributes a tuple may have (MaxHeapAttributeNumber; Infomask2 has 11 bits).</summary>
    public const int MaxAttributes = 1600;

    readonly Attribute[] _attrs;

    TupleDesc(Attribute[] attrs)
    {
        if (attrs.Length > MaxAttributes)
        {
            Throw.Error(SqlState.TooManyColumns, $"tables can have at most {MaxAttributes} columns");
        }
        _attrs = Array.ConvertAll(attrs, a => a with { }); // own copies: CacheOff is per descriptor
        ComputeCacheOffsets();
    }

    /// <summary>Number of attributes (natts), dropped ones included.</summary>
    public int Count => _attrs.Length;

    public Attribute this[int i] => _attrs[i];

    /// <summary>Number of leading attributes whose offset is cached (CacheOff ≥ 0).</summary>
    public int CachedPrefix { get; private set; }

    /// <summary>A descriptor of the columns (name, type, typmod), none NOT NULL (CreateTemplateTupleDesc + entries).</summary>
    public static TupleDesc Create(IReadOnlyList<(string Name, uint Type, int TypMod)> columns, bool[]? notNull = null)
    {
        var attrs = new Attribute[columns.Count];
        for (int i = 0; i < attrs.Length; i++)
        {
            var (name, type, typmod) = columns[i];
            var s = TypeStorage.For(type);
            attrs[i] = new Attribute(name, type, typmod, s.Len, s.ByVal, s.Align, notNull?[i] ?? false, false);
        }
        return new TupleDesc(attrs);
    }

    /// <summary>The same descriptor with one more attribute at the end (ALTER TABLE ADD COLUMN).</summary>
    public TupleDesc AddColumn(string name, uint type, int typmod = -1, bool notNull = false)
    {
        var s = TypeStorage.For(type);
        return new TupleDesc([.. _attrs, new Attribute(name, type, typmod, s.Len, s.ByVal, s.Align, notNull, false)]);
    }

    /// <summary>The same descriptor with attribute <paramref name="i"/> dropped (its place in the tuple stays).</summary>
    public TupleDesc DropColumn(int i)
    {
        var attrs = (Attribute[])_attrs.Clone();
        attrs[i] = attrs[i] with { IsDropped = true, NotNull = false };
        return new TupleDesc(attrs);
    }

    /// <summary>
    /// Offsets that hold in every tuple while no earlier attribute is NULL: fixed-width attributes at their aligned
    /// offsets, and the first varlena if its offset is already aligned (then a short header and a padded 4-byte
    /// header start at the same place). Everything after a varlena depends on its length.
    /// </summary>
    void ComputeCacheOffsets()
    {
        int off = 0;
        int i = 0;
        for (; i < _attrs.Length; i++)
        {
            var a = _attrs[i];
            if (a.Len > 0)
            {
                off = HeapTuple.AlignTo(off, a.Align);
                a.CacheOff = off;
                off += a.Len;
                continue;
            }
            if (off == HeapTuple.AlignTo(off, a.Align))
            {
                a.CacheOff = off;
                i++;
            }
            break;
        }
        CachedPrefix = i;
    }
}
