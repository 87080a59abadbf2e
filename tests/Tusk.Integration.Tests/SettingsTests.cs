// SET / SHOW / RESET over the settings table, with PostgreSQL's contexts, errors and transaction
// semantics, and BEGIN/COMMIT/ROLLBACK bookkeeping as ReadyForQuery reports it.
using Npgsql;

namespace Tusk.Integration.Tests;

public sealed class SettingsTests : IClassFixture<SettingsTests.Cluster>
{
    public sealed class Cluster : IDisposable
    {
        public TuskCluster C { get; } = new();

        public void Dispose() => C.Dispose();
    }

    readonly TuskCluster _c;

    public SettingsTests(Cluster f) => _c = f.C;

    string Psql(string sql)
    {
        var (rc, output, err) = _c.Psql(["-At", "-v", "ON_ERROR_STOP=0"], stdin: sql);
        Assert.True(rc == 0, err);
        return output + err;
    }

    [Fact]
    public void Set_show_reset_with_units_and_sources()
    {
        string o = Psql("""
            show work_mem;
            set work_mem = '64MB';
            show work_mem;
            set work_mem to 1024;
            show work_mem;
            reset work_mem;
            show work_mem;
            set statement_timeout = '2min';
            show statement_timeout;
            set datestyle = 'ISO, DMY';
            show DateStyle;
            show shared_buffers;
            show server_version_num;
            """);
        Assert.Equal("4MB\nSET\n64MB\nSET\n1MB\nRESET\n4MB\nSET\n2min\nSET\nISO, DMY\n128MB\n150000\n", o);
    }

    [Fact]
    public void Errors_match_postgresql()
    {
        string o = Psql("""
            set nosuch = 1;
            set port = 5555;
            set max_connections = 5;
            set work_mem = 'lots';
            set extra_float_digits = 10;
            show nosuch;
            """);
        Assert.Contains("ERROR:  unrecognized configuration parameter \"nosuch\"", o);
        Assert.Contains("ERROR:  parameter \"port\" cannot be changed without restarting the server", o);
        Assert.Contains("ERROR:  invalid value for parameter \"work_mem\": \"lots\"", o);
        Assert.Contains("ERROR:  10 is outside the valid range for parameter \"extra_float_digits\" (-15 .. 3)", o);
        Assert.Equal(2, o.Split("unrecognized configuration parameter \"nosuch\"").Length - 1);
    }

    [Fact]
    public void Transaction_scoped_settings()
    {
        using var conn = new NpgsqlConnection(_c.ConnectionString());
        conn.Open();
        string Show() => (string)new NpgsqlCommand("SHOW work_mem", conn).ExecuteScalar()!;
        void Exec(string sql) => new NpgsqlCommand(sql, conn).ExecuteNonQuery();

        Exec("BEGIN");
        Exec("SET work_mem = '8MB'");
        Exec("ROLLBACK");
        Assert.Equal("4MB", Show());

        Exec("BEGIN");
        Exec("SET work_mem = '8MB'");
        Exec("COMMIT");
        Assert.Equal("8MB", Show());

        Exec("BEGIN");
        Exec("SET LOCAL work_mem = '16MB'");
        Assert.Equal("16MB", Show());
        Exec("COMMIT");
        Assert.Equal("8MB", Show());

        Exec("DISCARD ALL");
        Assert.Equal("4MB", Show());
    }

    [Fact]
    public void Transaction_block_status_and_warnings()
    {
        string o = Psql("""
            commit;
            begin;
            begin;
            select 1/0;
            select 1;
            commit;
            savepoint a;
            begin;
            savepoint a;
            select 1/0;
            rollback to a;
            select 'after rollback to';
            release b;
            rollback;
            """);
        Assert.Contains("WARNING:  there is no transaction in progress", o);
        Assert.Contains("WARNING:  there is already a transaction in progress", o);
        Assert.Contains("ERROR:  current transaction is aborted, commands ignored until end of transaction block", o);
        Assert.Contains("ROLLBACK", o); // COMMIT of a failed block reports ROLLBACK
        Assert.Contains("ERROR:  SAVEPOINT can only be used in transaction blocks", o);
        Assert.Contains("after rollback to", o);
        Assert.Contains("ERROR:  savepoint \"b\" does not exist", o);
    }
}
