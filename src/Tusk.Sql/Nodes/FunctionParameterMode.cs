// IN / OUT / INOUT / VARIADIC of a function parameter (PG's FunctionParameterMode; Default when not written).
namespace Tusk.Sql.Nodes;

/// <summary>Function parameter mode.</summary>
public enum FunctionParameterMode
{
    Default,
    In,
    Out,
    InOut,
    Variadic,
}
