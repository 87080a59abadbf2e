// CREATE DATABASE name [WITH] [option [=] value ...]; option names lower case with spaces as underscores
// (OWNER, TEMPLATE, ENCODING, LC_COLLATE, LC_CTYPE, LOCALE, CONNECTION LIMIT -> connection_limit, ...).
namespace Tusk.Sql.Nodes;

/// <summary>CREATE DATABASE.</summary>
public sealed class CreatedbStmt : Node
{
    public required string Dbname { get; init; }
    public List<DefElem> Options { get; init; } = [];
}
