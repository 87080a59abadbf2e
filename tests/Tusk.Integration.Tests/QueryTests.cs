// Queries end to end through psql: EXPLAIN's indented plan trees as PostgreSQL prints them (constant
// subexpressions folded), EXPLAIN ANALYZE's
// actual rows and sort method, and sorts and hash aggregations beyond work_mem spilling to temporary files in
// base/pgsql_tmp that are gone when the query ends (also when it fails part way).
namespace Tusk.Integration.Tests;

public sealed class QueryTests : IClassFixture<QueryTests.Cluster>
{
    public sealed class Cluster : IDisposable
    {
        public TuskCluster C { get; } = new();

        public void Dispose() => C.Dispose();
    }

    readonly TuskCluster _c;

    public QueryTests(Cluster f) => _c = f.C;

    string Sql(string sql)
    {
        var (rc, output, err) = _c.Psql(["-At", "-v", "ON_ERROR_STOP=1", "-c", sql]);
        Assert.True(rc == 0, err);
        return output;
    }

    string TempDir => Path.Combine(_c.DataDir, "base", "pgsql_tmp");

    int TempFiles() => Directory.Exists(TempDir) ? Directory.GetFiles(TempDir).Length : 0;

    [Fact]
    public void Explain_prints_indented_plan_trees()
    {
        Sql("CREATE TABLE ex_t (a int, b text)");
        string plan = Sql("EXPLAIN (COSTS OFF) SELECT b, count(*) FROM ex_t WHERE a > 1 GROUP BY b ORDER BY b LIMIT 3");
        Assert.Equal(
            "Limit\n" +
            "  ->  Sort\n" +
            "        Sort Key: b\n" +
            "        ->  HashAggregate\n" +
            "              Group Key: b\n" +
            "              ->  Seq Scan on ex_t\n" +
            "                    Filter: (a > 1)\n", plan);
        string costs = Sql("EXPLAIN SELECT * FROM ex_t");
        Assert.Equal("Seq Scan on ex_t  (cost=0.00..22.70 rows=1270 width=36)\n", costs);
        string join = Sql("EXPLAIN (COSTS OFF) SELECT * FROM ex_t x, ex_t y WHERE x.a = y.a AND y.b = 'k'");
        Assert.Equal(
            "Nested Loop\n" +
            "  Join Filter: (x.a = y.a)\n" +
            "  ->  Seq Scan on ex_t x\n" +
            "  ->  Seq Scan on ex_t y\n" +
            "        Filter: (y.b = 'k'::text)\n", join);
    }

    [Fact]
    public void Explain_shows_constant_subexpressions_folded()
    {
        Sql("CREATE TABLE cf_t (i int, f float8)");
        Assert.Equal("Result\n  One-Time Filter: false\n",
            Sql("EXPLAIN (COSTS OFF) SELECT * FROM cf_t WHERE NULLIF(1, 2) = 2"));
        Assert.Equal("Result\n  One-Time Filter: false\n",
            Sql("EXPLAIN (COSTS OFF) SELECT * FROM cf_t WHERE NULLIF(1, 1) IS NOT NULL"));
        Assert.Equal("Seq Scan on cf_t\n  Filter: (i > 2)\n",
            Sql("EXPLAIN (COSTS OFF) SELECT * FROM cf_t WHERE 1 = 1 AND i > 1 + 1"));
        Assert.Equal("Seq Scan on cf_t\n  Filter: (i < 3)\n",
            Sql("EXPLAIN (COSTS OFF) SELECT i FROM cf_t WHERE CASE WHEN 1 > 2 THEN false ELSE i < 3 END"));
        Assert.Equal("Aggregate\n  ->  Result\n        One-Time Filter: false\n",
            Sql("EXPLAIN (COSTS OFF) SELECT count(*) FROM cf_t WHERE false"));
    }

    [Fact]
    public void Explain_analyze_reports_actual_rows_and_times()
    {
        Sql("CREATE TABLE ea_t AS SELECT g AS a FROM generate_series(1, 100) g");
        var lines = Sql("EXPLAIN ANALYZE SELECT a FROM ea_t WHERE a % 10 = 0 ORDER BY a").Split('\n');
        Assert.StartsWith("Sort  (cost=", lines[0]);
        Assert.Contains("(actual time=", lines[0]);
        Assert.Contains("rows=10 loops=1)", lines[0]);
        Assert.Contains(lines, l => l.Contains("Sort Method: quicksort  Memory:"));
        Assert.Contains(lines, l => l.Contains("Rows Removed by Filter: 90"));
        Assert.Contains(lines, l => l.StartsWith("Planning Time: "));
        Assert.Contains(lines, l => l.StartsWith("Execution Time: "));
    }

    [Fact]
    public void Sort_and_hash_aggregate_spill_beyond_work_mem_and_clean_up()
    {
        Sql("CREATE TABLE sp_t AS SELECT g AS k, md5(g::text) AS s FROM generate_series(1, 50000) g");
        string sort = Sql("SET work_mem = '64kB'; EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) SELECT * FROM sp_t ORDER BY s");
        Assert.Contains("Sort Method: external merge  Disk:", sort);
        string agg = Sql("SET work_mem = '64kB'; EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) SELECT s, count(*) FROM sp_t GROUP BY s");
        Assert.Contains("Disk Usage:", agg);
        Assert.Equal("SET\n50000|1|1\n",
            Sql("SET work_mem = '64kB'; SELECT count(*), min(n), max(n) FROM (SELECT s, count(*) AS n FROM sp_t GROUP BY s) q"));
        Assert.Equal("SET\n1|c4ca4238a0b923820dcc509a6f75849b\n", Sql("SET work_mem = '64kB'; SELECT * FROM sp_t ORDER BY k LIMIT 1"));
        Assert.Equal(0, TempFiles());
        // A query failing in the middle of a spilled sort still removes its files.
        var (rc, _, err) = _c.Psql(["-At", "-c",
            "SET work_mem = '64kB'; SELECT k / (k - 40000) FROM (SELECT * FROM sp_t ORDER BY s) q"]);
        Assert.NotEqual(0, rc);
        Assert.Contains("division by zero", err);
        Assert.Equal(0, TempFiles());
    }
}
