// One subcommand of ALTER TABLE; Name is the column or constraint it names.
namespace Tusk.Sql.Nodes;

/// <summary>An ALTER TABLE subcommand.</summary>
public sealed class AlterTableCmd : Node
{
    public AlterTableType Subtype { get; init; }
    public string? Name { get; init; }
    public Node? Def { get; init; }

    /// <summary>The source text of Def for SET DEFAULT (the catalogs' stored form of a default).</summary>
    public string? DefText { get; init; }
    public List<DefElem> Options { get; init; } = [];
    public RoleSpec? NewOwner { get; init; }
    public DropBehavior Behavior { get; init; }
    public bool MissingOk { get; init; }
}
