// Temporary tables and ALTER TABLE across sessions: a temporary table is invisible to other sessions and dropped
// when its session ends; one left by a backend killed with -9 is removed by the next session of the same slot
// that needs its temporary schema; ALTER TABLE committed in one session is what another session's next
// statement sees.
using Npgsql;

namespace Tusk.Integration.Tests;

public sealed class TempTableTests : IClassFixture<TempTableTests.Cluster>
{
    public sealed class Cluster : IDisposable
    {
        public TuskCluster C { get; } = new();

        public void Dispose() => C.Dispose();
    }

    readonly TuskCluster _c;

    public TempTableTests(Cluster f) => _c = f.C;

    static NpgsqlConnection Open(TuskCluster c)
    {
        var conn = new NpgsqlConnection(c.ConnectionString());
        conn.Open();
        return conn;
    }

    static object? Scalar(NpgsqlConnection conn, string sql)
    {
        using var cmd = new NpgsqlCommand(sql, conn);
        return cmd.ExecuteScalar();
    }

    static long Count(NpgsqlConnection conn, string sql) => Convert.ToInt64(Scalar(conn, sql));

    [Fact]
    public void A_temp_table_is_invisible_to_another_session_and_gone_after_disconnect()
    {
        using var other = Open(_c);
        Scalar(other, "CREATE TABLE tt_shared (a int)");
        Scalar(other, "INSERT INTO tt_shared VALUES (1)");
        string tempSchema;
        using (var owner = Open(_c))
        {
            Scalar(owner, "CREATE TEMP TABLE tt_shared (b text)");
            Scalar(owner, "CREATE TEMP TABLE tt_private (x int)");
            Scalar(owner, "INSERT INTO tt_private VALUES (42)");
            Assert.Equal(42, Scalar(owner, "SELECT x FROM tt_private"));
            Assert.Equal(0L, Count(owner, "SELECT count(*) FROM tt_shared"));
            tempSchema = (string)Scalar(owner, "SELECT nspname::text FROM pg_namespace WHERE oid = pg_my_temp_schema()")!;
            Assert.StartsWith("pg_temp_", tempSchema);

            // The other session sees its own (permanent) table under the shared name, and no tt_private at all.
            Assert.Equal(1, Scalar(other, "SELECT a FROM tt_shared"));
            var ex = Assert.Throws<PostgresException>(() => Scalar(other, "SELECT * FROM tt_private"));
            Assert.Equal("42P01", ex.SqlState);
            // Named through the owner's schema, the table is refused, as in PostgreSQL.
            var ex2 = Assert.Throws<PostgresException>(() => Scalar(other, $"SELECT * FROM {tempSchema}.tt_private"));
            Assert.Equal("0A000", ex2.SqlState);
            Assert.Equal("cannot access temporary tables of other sessions", ex2.MessageText);
            Assert.Equal(2L, Count(other, $"SELECT count(*) FROM pg_class c, pg_namespace n WHERE n.oid = c.relnamespace AND n.nspname = '{tempSchema}'"));
        }
        // The backend drops its temporary tables as it exits, shortly after the client goes.
        Assert.True(TuskCluster.WaitFor(() => Count(other,
                $"SELECT count(*) FROM pg_class c, pg_namespace n WHERE n.oid = c.relnamespace AND n.nspname = '{tempSchema}'") == 0,
            10_000), "the temporary tables outlived their session\n" + _c.ReadLog());
        Assert.Equal(1, Scalar(other, "SELECT a FROM tt_shared"));
    }

    [Fact]
    public void Alter_table_in_one_session_is_seen_by_the_next_statement_of_another()
    {
        using var a = Open(_c);
        using var b = Open(_c);
        Scalar(a, "CREATE TABLE tt_alter (id int, v text)");
        Scalar(a, "INSERT INTO tt_alter VALUES (1, 'one')");
        Assert.Equal("one", Scalar(b, "SELECT v FROM tt_alter"));

        Scalar(a, "ALTER TABLE tt_alter ADD COLUMN n int DEFAULT 5, DROP COLUMN v");
        using (var r = new NpgsqlCommand("SELECT * FROM tt_alter", b).ExecuteReader())
        {
            Assert.Equal(2, r.FieldCount);
            Assert.Equal("n", r.GetName(1));
            Assert.True(r.Read());
            Assert.Equal(5, r.GetInt32(1));
        }

        Scalar(a, "ALTER TABLE tt_alter RENAME COLUMN n TO m");
        Scalar(a, "ALTER TABLE tt_alter ALTER COLUMN m TYPE text USING m::text || '!'");
        Assert.Equal("5!", Scalar(b, "SELECT m FROM tt_alter"));
        Assert.Throws<PostgresException>(() => Scalar(b, "SELECT n FROM tt_alter"));

        // An ALTER not yet committed stays invisible to the other session.
        using (var tx = a.BeginTransaction())
        {
            Scalar(a, "ALTER TABLE tt_alter RENAME TO tt_renamed");
            Assert.Equal("5!", Scalar(b, "SELECT m FROM tt_alter"));
            tx.Commit();
        }
        Assert.Equal("5!", Scalar(b, "SELECT m FROM tt_renamed"));
    }

    [Fact]
    public void A_temp_schema_left_by_a_killed_backend_is_emptied_when_its_slot_next_needs_one()
    {
        using var c = new TuskCluster();
        string tempSchema;
        using (var victim = Open(c))
        {
            Scalar(victim, "CREATE TEMP TABLE tt_orphan (a int)");
            Scalar(victim, "INSERT INTO tt_orphan VALUES (1)");
            tempSchema = (string)Scalar(victim, "SELECT nspname::text FROM pg_namespace WHERE oid = pg_my_temp_schema()")!;
            System.Diagnostics.Process.GetProcessById(victim.ProcessID).Kill();
        }
        Assert.True(TuskCluster.WaitFor(() => c.ReadLog().Contains("reinitializing", StringComparison.Ordinal), 10_000),
            "no crash reset\n" + c.ReadLog());
        Assert.True(TuskCluster.WaitFor(() => CanConnect(c), 10_000), "no connection after the crash\n" + c.ReadLog());
        string orphanCount =
            $"SELECT count(*) FROM pg_class c, pg_namespace n WHERE n.oid = c.relnamespace AND n.nspname = '{tempSchema}' AND c.relname = 'tt_orphan'";

        // Sessions take slots; the one that lands on the dead backend's slot empties its schema before use.
        var sessions = new List<NpgsqlConnection>();
        try
        {
            bool cleaned = false;
            for (int i = 0; i < 10 && !cleaned; i++)
            {
                var s = Open(c);
                sessions.Add(s);
                Assert.Equal(1L, Count(s, orphanCount));
                Scalar(s, "CREATE TEMP TABLE tt_probe (a int)");
                // The session's own temporary table is never the orphan, even in the same schema.
                Assert.Equal(0L, Count(s, "SELECT count(*) FROM tt_probe"));
                cleaned = Count(s, orphanCount) == 0;
            }
            Assert.True(cleaned, "the orphaned temporary table was not removed");
        }
        finally
        {
            foreach (var s in sessions)
                s.Dispose();
        }
    }

    static bool CanConnect(TuskCluster c)
    {
        try
        {
            using var conn = Open(c);
            return true;
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException or TimeoutException)
        {
            return false;
        }
    }
}
