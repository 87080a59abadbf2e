// One resolved ORDER BY key: expression, direction and where NULLs go (PG default: last for ASC, first for DESC).
using Tusk.Executor.Expr;

namespace Tusk.Executor;

/// <summary>A bound sort key.</summary>
internal sealed record SortKey(BoundExpr Expr, bool Desc, bool NullsFirst);
