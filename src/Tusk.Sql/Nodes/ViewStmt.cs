// CREATE [OR REPLACE] [TEMP] [RECURSIVE] VIEW name [(cols)] [WITH (...)] AS query [WITH ... CHECK OPTION].
namespace Tusk.Sql.Nodes;

/// <summary>CREATE VIEW.</summary>
public sealed class ViewStmt : Node
{
    public required RangeVar View { get; init; }
    public List<string> Aliases { get; init; } = [];
    public required Node Query { get; init; }

    /// <summary>The query as written (what pg_rewrite keeps for the view).</summary>
    public string QueryText { get; init; } = "";
    public bool Replace { get; init; }
    public List<DefElem> Options { get; init; } = [];
    public ViewCheckOption WithCheckOption { get; init; }
}
