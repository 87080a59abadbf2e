// DO NOTHING / DO UPDATE.
namespace Tusk.Sql.Nodes;

/// <summary>ON CONFLICT action.</summary>
public enum OnConflictAction
{
    Nothing,
    Update,
}
