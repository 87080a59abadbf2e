// A column or table constraint as written (PG's Constraint). Which fields are set depends on ConType:
// Check/Default/Generated use RawExpr; Primary/Unique use Keys (table form) and Options (WITH (...));
// Foreign uses FkAttrs, PkTable, PkAttrs, FkMatchType and the two actions; Identity uses GeneratedWhen and
// Options (sequence options). Actions are PG's letters: a = NO ACTION, r = RESTRICT, c = CASCADE,
// n = SET NULL, d = SET DEFAULT.
namespace Tusk.Sql.Nodes;

/// <summary>A column or table constraint.</summary>
public sealed class Constraint : Node
{
    public ConstrType ConType { get; init; }

    /// <summary>CONSTRAINT name, or null.</summary>
    public string? Conname { get; set; }

    public Node? RawExpr { get; init; }
    /// <summary>The source text of RawExpr (CHECK: with its parentheses), kept as the catalogs' stored form.</summary>
    public string? RawExprText { get; init; }

    /// <summary>Column names of a table-level PRIMARY KEY / UNIQUE.</summary>
    public List<string> Keys { get; init; } = [];

    /// <summary>INCLUDE (...) columns of PRIMARY KEY / UNIQUE.</summary>
    public List<string> Including { get; init; } = [];

    /// <summary>WITH (...) of PRIMARY KEY / UNIQUE, or sequence options of an identity column.</summary>
    public List<DefElem> Options { get; init; } = [];

    /// <summary>'a' (ALWAYS) or 'd' (BY DEFAULT) for Identity and Generated.</summary>
    public char GeneratedWhen { get; init; }

    /// <summary>Referencing columns of a table-level FOREIGN KEY.</summary>
    public List<string> FkAttrs { get; init; } = [];

    public RangeVar? PkTable { get; init; }
    public List<string> PkAttrs { get; init; } = [];

    /// <summary>'s' (SIMPLE, the default), 'f' (FULL) or 'p' (PARTIAL).</summary>
    public char FkMatchType { get; init; } = 's';

    public char FkUpdAction { get; init; } = 'a';
    public char FkDelAction { get; init; } = 'a';

    /// <summary>NO INHERIT on a CHECK.</summary>
    public bool IsNoInherit { get; set; }

    /// <summary>NOT VALID: existing rows are not checked.</summary>
    public bool SkipValidation { get; set; }

    /// <summary>NULLS NOT DISTINCT on UNIQUE.</summary>
    public bool NullsNotDistinct { get; init; }

    public bool Deferrable { get; set; }
    public bool Initdeferred { get; set; }
}
