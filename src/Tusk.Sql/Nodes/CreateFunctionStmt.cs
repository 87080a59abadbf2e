// CREATE [OR REPLACE] FUNCTION | PROCEDURE name (params) [RETURNS type] options. Options are DefElems as
// gram.y names them: as (a NameList holding the body string, or body and link symbol), language, volatility
// (immutable/stable/volatile), strict, security, leakproof, parallel, cost, rows, window; SET clauses are not
// accepted yet.
namespace Tusk.Sql.Nodes;

/// <summary>CREATE FUNCTION / PROCEDURE.</summary>
public sealed class CreateFunctionStmt : Node
{
    public bool IsProcedure { get; init; }
    public bool Replace { get; init; }
    public List<string> Funcname { get; init; } = [];
    public List<FunctionParameter> Parameters { get; init; } = [];
    public TypeName? ReturnType { get; init; }
    public List<DefElem> Options { get; init; } = [];
}
