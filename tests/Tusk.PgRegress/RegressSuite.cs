// RegressSuite: one of PostgreSQL's test drivers with its input directory, schedule and database.
// The drivers come with PostgreSQL 15's server package (lib/pgxs/src/test/...), found beside the bin directory.
namespace Tusk.PgRegress;

/// <summary>Which driver runs the files.</summary>
public enum SuiteKind
{
    /// <summary>pg_regress: each file is <c>psql -a</c> over sql/NAME.sql, compared with expected/NAME.out.</summary>
    Regress,

    /// <summary>pg_isolation_regress: each file is a spec run by isolationtester with several sessions.</summary>
    Isolation,
}

/// <summary>A driver, the directory its inputs are read from and the schedule that lists them.</summary>
/// <param name="InputDirectory">Holds sql/ + expected/ (+ data/) or specs/ + expected/.</param>
/// <param name="Schedule">A schedule file (<c>test: a b</c> lines), or null when <paramref name="Tests"/> names them.</param>
/// <param name="Tests">Test names to run instead of a schedule (in order); empty to use the schedule.</param>
public sealed record RegressSuite(
    SuiteKind Kind,
    string InputDirectory,
    string? Schedule,
    IReadOnlyList<string> Tests)
{
    public string Name => Kind == SuiteKind.Regress ? "regress" : "isolation";

    /// <summary>The database the driver drops, creates and runs the tests in.</summary>
    public string Database => Kind == SuiteKind.Regress ? "regression" : "isolation_regression";

    /// <summary>The curated corpus in the repository: tests/corpus/pg-regress/{regress,isolation}.</summary>
    public static RegressSuite Curated(SuiteKind kind, string repositoryRoot)
    {
        string dir = Path.Combine(repositoryRoot, "tests", "corpus", "pg-regress", kind == SuiteKind.Regress ? "regress" : "isolation");
        string schedule = kind == SuiteKind.Regress ? "curated_schedule" : "curated_isolation_schedule";
        return new RegressSuite(kind, dir, Path.Combine(dir, schedule), []);
    }

    /// <summary>The driver executable: PGBIN/../lib/pgxs/src/test/{regress/pg_regress,isolation/pg_isolation_regress}.</summary>
    public string DriverPath(string pgBinDir)
    {
        string pgxs = Path.GetFullPath(Path.Combine(pgBinDir, "..", "lib", "pgxs", "src", "test"));
        return Kind == SuiteKind.Regress
            ? Path.Combine(pgxs, "regress", "pg_regress")
            : Path.Combine(pgxs, "isolation", "pg_isolation_regress");
    }

    /// <summary>The tests in the order they will run: <see cref="Tests"/>, else the schedule's.</summary>
    public IReadOnlyList<string> TestNames() => Tests.Count > 0 ? Tests : ScheduleFile.Read(Schedule!);
}
