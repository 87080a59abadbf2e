// CREATE OPERATOR CLASS name [DEFAULT] FOR TYPE t USING am [FAMILY f] AS item, ... where an item is
// OPERATOR n op [(ltype, rtype)] [FOR SEARCH | FOR ORDER BY f], FUNCTION n [(ltype [, rtype])] f(args), or
// STORAGE t.
namespace Tusk.Sql.Nodes;

/// <summary>CREATE OPERATOR CLASS.</summary>
public sealed class CreateOpClassStmt : Node
{
    public List<string> OpClassName { get; init; } = [];
    public List<string> OpFamilyName { get; init; } = [];
    public required string AmName { get; init; }
    public required TypeName DataType { get; init; }
    public List<CreateOpClassItem> Items { get; init; } = [];
    public bool IsDefault { get; init; }
}

/// <summary>Kind of an operator class item (OPCLASS_ITEM_*).</summary>
public enum OpClassItemType
{
    Operator = 1,
    Function = 2,
    StorageType = 3,
}

/// <summary>One item of CREATE OPERATOR CLASS.</summary>
public sealed class CreateOpClassItem : Node
{
    public OpClassItemType ItemType { get; init; }

    /// <summary>The operator or function with its argument types (operators: Objargs empty unless written).</summary>
    public ObjectWithArgs? Name { get; init; }

    /// <summary>The strategy or support number.</summary>
    public int Number { get; init; }

    public List<string> OrderFamily { get; init; } = [];

    /// <summary>FUNCTION n (ltype [, rtype]): the types in parentheses after the number.</summary>
    public List<TypeName> ClassArgs { get; init; } = [];

    public TypeName? StoreType { get; init; }
}
