// Kinds of Constraint (PG's ConstrType). Default and Identity are column-only; the Attr* kinds are the
// [NOT] DEFERRABLE / INITIALLY ... markers, which gram.y also returns as constraints.
namespace Tusk.Sql.Nodes;

/// <summary>Constraint kind.</summary>
public enum ConstrType
{
    Null,
    NotNull,
    Default,
    Identity,
    Generated,
    Check,
    Primary,
    Unique,
    Exclusion,
    Foreign,
    AttrDeferrable,
    AttrNotDeferrable,
    AttrDeferred,
    AttrImmediate,
}
