// The messages of DROP (dependency.c, dropcmds.c): the DETAIL listing what depends on the dropped object (2BP01,
// RESTRICT), the CASCADE notice ("drop cascades to X", or "drop cascades to N other objects" with the list as
// DETAIL), and a missing schema in a qualified name (3F000, or a NOTICE with IF EXISTS).
// Entry points: CannotDrop, Detail, Hint, Cascade, SchemaMissing.
using Tusk.Common.Errors;

namespace Tusk.Executor.Commands;

internal static class DropMessages
{
    /// <summary>
    /// True when <paramref name="schema"/> is named and does not exist: 3F000, or with IF EXISTS a NOTICE and the
    /// caller skips the object.
    /// </summary>
    public static bool SchemaMissing(ISessionContext ctx, string? schema, bool missingOk)
    {
        if (schema == null || ctx.Catalog.LookupNamespace(schema) != 0)
            return false;
        if (!missingOk)
            Throw.Error(SqlState.InvalidSchemaName, $"schema \"{schema}\" does not exist");
        ctx.Notice(SqlState.SuccessfulCompletion, $"schema \"{schema}\" does not exist, skipping");
        return true;
    }

    public const string Hint = "Use DROP ... CASCADE to drop the dependent objects too.";

    /// <summary>
    /// The 2BP01 message of a DROP ... RESTRICT that others depend on: it names the object when the statement named
    /// one (<paramref name="named"/> objects), else PostgreSQL's "desired object(s)".
    /// </summary>
    public static string CannotDrop(int named, string target) => named == 1
        ? $"cannot drop {target} because other objects depend on it"
        : "cannot drop desired object(s) because other objects depend on them";

    /// <summary>"X depends on Y" lines (at most 100, as PostgreSQL reports).</summary>
    public static string Detail(IEnumerable<string> dependents, string target) =>
        Detail(dependents.Select(d => (d, target)));

    /// <summary>"X depends on Y" lines, each dependent with the object it depends on.</summary>
    public static string Detail(IEnumerable<(string Dependent, string Target)> lines) =>
        string.Join("\n", lines.Take(100).Select(l => $"{l.Dependent} depends on {l.Target}"));

    /// <summary>The NOTICE of a CASCADE that drops <paramref name="dependents"/>.</summary>
    public static void Cascade(ISessionContext ctx, IReadOnlyList<string> dependents)
    {
        if (dependents.Count == 1)
            ctx.Notice(SqlState.SuccessfulCompletion, $"drop cascades to {dependents[0]}");
        else if (dependents.Count > 1)
            ctx.Notice(SqlState.SuccessfulCompletion, $"drop cascades to {dependents.Count} other objects",
                string.Join("\n", dependents.Take(100).Select(d => $"drop cascades to {d}")));
    }
}
