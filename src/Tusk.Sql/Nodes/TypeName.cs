// A type as written. SQL-standard spellings are turned into PG's internal names like gram.y's SystemTypeName:
// integer -> ["pg_catalog","int4"], double precision -> ["pg_catalog","float8"], varchar(10) ->
// ["pg_catalog","varchar"] with Typmods [10]. Other names are kept as written (["text"], ["myschema","t"]).
namespace Tusk.Sql.Nodes;

/// <summary>A type name with modifiers and array bounds.</summary>
public sealed class TypeName : Node
{
    public List<string> Names { get; init; } = [];
    public List<Node> Typmods { get; init; } = [];

    /// <summary>One entry per [] (-1 when no bound given).</summary>
    public List<int> ArrayBounds { get; init; } = [];

    /// <summary>SETOF type (function results only).</summary>
    public bool Setof { get; set; }

    /// <summary>The last name part, e.g. "int4".</summary>
    public string LastName => Names[^1];
}
