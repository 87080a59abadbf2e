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

    /// <summary>SQLite's select1.test in the repository's corpus.</summary>
    public static string Select1 => Path.Combine(Root, "tests", "corpus", "sqllogictest", "select1.test");
}
