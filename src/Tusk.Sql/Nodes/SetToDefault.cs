// DEFAULT written as a value: an INSERT VALUES item or the source of UPDATE SET col = DEFAULT.
namespace Tusk.Sql.Nodes;

/// <summary>The DEFAULT placeholder (PG's SetToDefault).</summary>
public sealed class SetToDefault : Node
{

}
