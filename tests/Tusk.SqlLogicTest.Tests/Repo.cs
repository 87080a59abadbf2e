namespace Tusk.SqlLogicTest.Tests;

static class Repo
{
    /// <summary>The nearest directory upwards from the test binary with Tusk.slnx.</summary>
    public static string Root { get; } = FindRoot();

    static string FindRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "Tusk.slnx")))
            {
                return d.FullName;
            }
        }
        throw new InvalidOperationException("repository root (Tusk.slnx) not found");
    }

    public static string SqlDir => Path.Combine(Root, "tests", "sql");

    public static string Fixture(string name) => Path.Combine(Root, "tests", "Tusk.SqlLogicTest.Tests", "Fixtures", name);

    /// <summary>SQLite's select1.test beside the repository (../shared/testdata/sqllogictest/test/select1.test).</summary>
    public static string Select1 => Path.GetFullPath(Path.Combine(Root, "..", "shared", "testdata", "sqllogictest", "test", "select1.test"));
}

/// <summary>A fact skipped when SQLite's select1.test is not beside the repository.</summary>
public sealed class Select1FactAttribute : FactAttribute
{
    public Select1FactAttribute()
    {
        if (!File.Exists(Repo.Select1))
        {
            Skip = "../shared/testdata/sqllogictest/test/select1.test is not beside the repository";
        }
    }
}
