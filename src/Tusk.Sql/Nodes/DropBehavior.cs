// RESTRICT (the default) or CASCADE.
namespace Tusk.Sql.Nodes;

/// <summary>DROP/TRUNCATE behaviour for dependent objects.</summary>
public enum DropBehavior
{
    Restrict,
    Cascade,
}
