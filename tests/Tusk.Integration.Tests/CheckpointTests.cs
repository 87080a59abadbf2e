// CHECKPOINT as PostgreSQL 15 runs it: a superuser's statement (also inside a transaction block, and over the
// extended protocol) that returns once an immediate checkpoint started after it has completed, logged as
// "checkpoint starting: immediate force wait" with log_checkpoints; anyone else gets 42501. pg_stat_bgwriter counts
// the requested checkpoints. The cluster has a non-superuser role added to the bootstrap role file before start.
using Npgsql;

namespace Tusk.Integration.Tests;

public sealed class CheckpointTests : IClassFixture<CheckpointTests.Cluster>
{
    public sealed class Cluster : IDisposable
    {
        public TuskCluster C { get; }

        public Cluster()
        {
            C = new TuskCluster(["log_checkpoints = on"], start: false);
            C.Start();
            var (rc, _, err) = C.Psql(["-c", "CREATE ROLE alice LOGIN"]);
            if (rc != 0)
                throw new InvalidOperationException("CREATE ROLE failed: " + err);
        }

        public void Dispose() => C.Dispose();
    }

    readonly TuskCluster _c;

    public CheckpointTests(Cluster f) => _c = f.C;

    [Fact]
    public void Checkpoint_returns_its_tag_inside_and_outside_a_block_and_is_logged()
    {
        var (rc, output, err) = _c.Psql(["-v", "ON_ERROR_STOP=1"], stdin: "checkpoint;\nbegin;\ncheckpoint;\ncommit;\n");
        Assert.True(rc == 0, err);
        Assert.Equal("CHECKPOINT\nBEGIN\nCHECKPOINT\nCOMMIT\n", output);
        string log = _c.ReadLog();
        Assert.Contains("LOG:  checkpoint starting: immediate force wait", log);
        Assert.Contains("LOG:  checkpoint complete: wrote ", log);
    }

    [Fact]
    public void Checkpoint_over_the_extended_protocol_waits_for_a_new_checkpoint()
    {
        using var conn = new NpgsqlConnection(_c.ConnectionString());
        conn.Open();
        long Requested()
        {
            using var q = new NpgsqlCommand("SELECT checkpoints_req FROM pg_stat_bgwriter", conn);
            return (long)q.ExecuteScalar()!;
        }
        long before = Requested();
        using (var cmd = new NpgsqlCommand("CHECKPOINT", conn))
            cmd.ExecuteNonQuery();
        Assert.True(Requested() >= before + 1);
    }

    [Fact]
    public void Checkpoint_needs_a_superuser()
    {
        using var conn = new NpgsqlConnection(_c.ConnectionString(user: "alice"));
        conn.Open();
        using var cmd = new NpgsqlCommand("CHECKPOINT", conn);
        var e = Assert.Throws<PostgresException>(() => cmd.ExecuteNonQuery());
        Assert.Equal("42501", e.SqlState);
        Assert.Equal("must be superuser or have privileges of pg_checkpoint to do CHECKPOINT", e.MessageText);
    }

    [Fact]
    public void Pg_stat_bgwriter_has_postgresql_15_columns()
    {
        var (rc, output, err) = _c.Psql(["-At", "-c",
            "select buffers_alloc >= 0, buffers_clean >= 0, maxwritten_clean >= 0, buffers_backend >= 0, "
            + "buffers_checkpoint >= 0, checkpoints_timed >= 0, stats_reset is null from pg_stat_bgwriter"]);
        Assert.True(rc == 0, err);
        Assert.Equal("t|t|t|t|t|t|t\n", output);
    }
}
