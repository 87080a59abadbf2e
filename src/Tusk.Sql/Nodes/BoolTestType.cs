// IS [NOT] TRUE / FALSE / UNKNOWN.
namespace Tusk.Sql.Nodes;

/// <summary>Kind of <see cref="BooleanTest"/>.</summary>
public enum BoolTestType
{
    IsTrue,
    IsNotTrue,
    IsFalse,
    IsNotFalse,
    IsUnknown,
    IsNotUnknown,
}
