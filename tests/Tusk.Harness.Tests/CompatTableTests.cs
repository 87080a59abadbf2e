// The pass-count table of ./compat and its block in docs/compatibility.md.
using Tusk.Compat;

namespace Tusk.Harness.Tests;

public sealed class CompatTableTests
{
    static readonly SuiteCount[] Pg =
    [
        new("SQLite sqllogictest select1-5", "tusk-slt --files x", "records", 10706, 10706, 0, null),
        new("pg_regress, curated schedule", "tusk-regress --suite regress", "files", 35, 36, 0, "failed: test_setup"),
    ];

    static readonly SuiteCount[] TuskCounts =
    [
        new("SQLite sqllogictest select1-5", "tusk-slt --files x", "records", 12, 10706, 3, "3 skipped"),
        new("pg_regress, curated schedule", "tusk-regress --suite regress", "files", 0, 36, 0, "set-up failed: X"),
    ];

    [Fact]
    public void Table_has_a_column_per_server_and_the_notes()
    {
        string table = CompatTable.Markdown([("PostgreSQL", Pg), ("Tusk", TuskCounts)], new DateTime(2026, 1, 2));
        var lines = table.Split('\n');
        Assert.Equal("| suite | counted | command | PostgreSQL (2026-01-02) | Tusk (2026-01-02) |", lines[0]);
        Assert.Equal(
            "| SQLite sqllogictest select1-5 | records | `tusk-slt --files x` | 10,706 / 10,706 | 12 / 10,706 (3 skipped) |",
            lines[2]);
        Assert.Equal("| pg_regress, curated schedule | files | `tusk-regress --suite regress` | 35 / 36 | 0 / 36 |", lines[3]);
        Assert.Contains("- Tusk, pg_regress, curated schedule: set-up failed: X", lines);
        Assert.Contains("- PostgreSQL, pg_regress, curated schedule: failed: test_setup", lines);
    }

    [Fact]
    public void Only_the_marked_block_of_the_document_is_replaced()
    {
        string file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, $"intro\n{CompatTable.Begin}\nold table\n{CompatTable.End}\nnotes\n");
            CompatTable.ReplaceInDocument(file, "| new |\n");
            Assert.Equal($"intro\n{CompatTable.Begin}\n| new |\n{CompatTable.End}\nnotes\n", File.ReadAllText(file));
            File.WriteAllText(file, "no markers\n");
            Assert.Throws<InvalidOperationException>(() => CompatTable.ReplaceInDocument(file, "x"));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void The_compatibility_page_has_the_block()
    {
        string doc = File.ReadAllText(Path.Combine(Repo.Root, "docs", "compatibility.md"));
        int begin = doc.IndexOf(CompatTable.Begin, StringComparison.Ordinal);
        Assert.True(begin >= 0 && doc.IndexOf(CompatTable.End, begin, StringComparison.Ordinal) > begin);
    }
}
