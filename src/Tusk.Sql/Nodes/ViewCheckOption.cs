// WITH [LOCAL | CASCADED] CHECK OPTION of a view.
namespace Tusk.Sql.Nodes;

/// <summary>View check option.</summary>
public enum ViewCheckOption
{
    None,
    Local,
    Cascaded,
}
