// One subscript of an A_Indirection: [i] or a slice [lo:hi] where either bound may be omitted ([:hi], [lo:], [:]).
namespace Tusk.Sql.Nodes;

/// <summary>An array subscript or slice (PG's A_Indices).</summary>
public sealed class A_Indices : Node
{
    /// <summary>Written with a colon.</summary>
    public bool IsSlice { get; init; }

    /// <summary>Lower bound of a slice (null when omitted or not a slice).</summary>
    public Node? Lidx { get; init; }

    /// <summary>The subscript, or the upper bound of a slice (null when omitted).</summary>
    public Node? Uidx { get; init; }
}
