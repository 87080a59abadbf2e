// A function call as written: possibly qualified name, arguments, count(*) star, DISTINCT inside aggregates.
namespace Tusk.Sql.Nodes;

/// <summary>A function call.</summary>
public sealed class FuncCall : Node
{
    /// <summary>Name parts, lower case unless quoted (e.g. ["pg_catalog","now"]).</summary>
    public List<string> Name { get; init; } = [];

    public List<Node> Args { get; init; } = [];

    /// <summary>f(*), as in count(*).</summary>
    public bool AggStar { get; init; }

    public bool Distinct { get; init; }

    /// <summary>f(args ORDER BY keys): the order an aggregate reads its input in (empty when not written).</summary>
    public List<SortBy> AggOrder { get; init; } = [];

    /// <summary>The last argument was written VARIADIC: an array whose elements are the variadic arguments.</summary>
    public bool Variadic { get; init; }
}
