// One item of a database or user list in tusk_hba.conf. Quoting removes the special meaning of keywords
// ("all", "sameuser", "samerole", "replication") and of the "+" group prefix, as in PostgreSQL.
namespace Tusk.Backend.Libpq.Auth;

/// <summary>A name from a list column, with whether it began with a double quote.</summary>
public sealed record HbaToken(string Value, bool Quoted)
{
    /// <summary>True when this token is the unquoted keyword <paramref name="keyword"/>.</summary>
    public bool IsKeyword(string keyword) => !Quoted && Value == keyword;

    /// <summary>Exact, case-sensitive name comparison (quoted or not).</summary>
    public bool Matches(string name) => Value == name;

    public override string ToString() =>
        Quoted ? "\"" + Value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : Value;
}
