// Dispatch of the definition commands for types, functions, aggregates, operators, rules, operator classes and
// privileges (utility.c's
// ProcessUtilitySlow cases for them), so the backend needs one call for all of them.
// Entry point: DefineCommands.TryExecute.
using Tusk.Sql.Nodes;

namespace Tusk.Executor.Commands;

public static class DefineCommands
{
    /// <summary>Runs the statement if it is one of these commands and returns its tag; null otherwise.</summary>
    public static string? TryExecute(Node stmt, ISessionContext ctx) => stmt switch
    {
        CreateEnumStmt s => TypeCommands.DefineEnum(s, ctx),
        CreateRangeStmt s => TypeCommands.DefineRange(s, ctx),
        AlterEnumStmt s => TypeCommands.AlterEnum(s, ctx),
        DropStmt { RemoveType: ObjectType.Type } s => TypeCommands.Drop(s, ctx),
        CreateFunctionStmt s => FunctionCommands.Create(s, ctx),
        DropStmt { RemoveType: ObjectType.Function } s => FunctionCommands.Drop(s, ctx),
        CreateOpClassStmt s => OpClassCommands.Define(s, ctx),
        CreateAggregateStmt s => AggregateCommands.Create(s, ctx),
        DropStmt { RemoveType: ObjectType.Aggregate } s => AggregateCommands.Drop(s, ctx),
        DropStmt { RemoveType: ObjectType.Operator } s => OperatorCommands.Drop(s, ctx),
        DropStmt { RemoveType: ObjectType.Rule } s => RuleCommands.Drop(s, ctx),
        GrantStmt s => GrantCommands.Execute(s, ctx),
        _ => null,
    };
}
