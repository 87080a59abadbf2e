// Authentication through tusk_hba.conf: SCRAM-SHA-256, md5 (which uses SCRAM for SCRAM verifiers, as in
// PostgreSQL), clear-text password, reject rules, and the errors for unknown roles and databases.
using Npgsql;

namespace Tusk.Integration.Tests;

public sealed class AuthTests
{
    const string Hba = """
        local   all         all                     scram-sha-256
        host    template1   all     127.0.0.1/32    reject
        host    all         all     127.0.0.1/32    scram-sha-256
        """;

    [Fact]
    public void Scram_login_right_password_wrong_password_and_reject_rule()
    {
        using var c = new TuskCluster(password: "s3cret pw", auth: "scram-sha-256", hba: Hba);
        using (var conn = new NpgsqlConnection(c.ConnectionString()))
            conn.Open();

        var wrong = Assert.Throws<PostgresException>(() =>
        {
            using var conn = new NpgsqlConnection(c.ConnectionString(password: "nope"));
            conn.Open();
        });
        Assert.Equal("28P01", wrong.SqlState);
        Assert.Equal("password authentication failed for user \"postgres\"", wrong.MessageText);

        var rejected = Assert.Throws<PostgresException>(() =>
        {
            using var conn = new NpgsqlConnection(c.ConnectionString(database: "template1"));
            conn.Open();
        });
        Assert.Equal("28000", rejected.SqlState);
        Assert.Contains("pg_hba.conf rejects connection", rejected.MessageText);

        // An unknown role fails like a wrong password (no role probing).
        var unknown = Assert.Throws<PostgresException>(() =>
        {
            using var conn = new NpgsqlConnection(c.ConnectionString(user: "ghost"));
            conn.Open();
        });
        Assert.Equal("28P01", unknown.SqlState);

        // psql over the Unix socket, password from PGPASSWORD.
        var (rc, _, err) = c.Psql(["-c", ""], host: c.SocketDir);
        Assert.True(rc == 0, err);
        var bad = c.Psql(["-c", ""], host: c.SocketDir, password: "wrong");
        Assert.NotEqual(0, bad.ExitCode);
        Assert.Contains("password authentication failed", bad.Error);
    }

    [Theory]
    [InlineData("md5")]
    [InlineData("password")]
    public void Password_methods(string method)
    {
        using var c = new TuskCluster(password: "pw", auth: method);
        using (var conn = new NpgsqlConnection(c.ConnectionString()))
            conn.Open();
        var wrong = Assert.Throws<PostgresException>(() =>
        {
            using var conn = new NpgsqlConnection(c.ConnectionString(password: "bad"));
            conn.Open();
        });
        Assert.Equal("28P01", wrong.SqlState);
    }

    [Fact]
    public void Unknown_database_role_and_no_hba_entry()
    {
        using var c = new TuskCluster(hba: "host all postgres 127.0.0.1/32 trust\n");
        var db = Assert.Throws<PostgresException>(() =>
        {
            using var conn = new NpgsqlConnection(c.ConnectionString(database: "nosuchdb"));
            conn.Open();
        });
        Assert.Equal("3D000", db.SqlState);
        var t0 = Assert.Throws<PostgresException>(() =>
        {
            using var conn = new NpgsqlConnection(c.ConnectionString(database: "template0"));
            conn.Open();
        });
        Assert.Equal("55000", t0.SqlState);
        var noEntry = Assert.Throws<PostgresException>(() =>
        {
            using var conn = new NpgsqlConnection(c.ConnectionString(user: "other"));
            conn.Open();
        });
        Assert.Equal("28000", noEntry.SqlState);
        Assert.Contains("no pg_hba.conf entry", noEntry.MessageText);
    }

    [Fact]
    public void Unknown_role_with_trust_gets_28000()
    {
        using var c = new TuskCluster();
        var e = Assert.Throws<PostgresException>(() =>
        {
            using var conn = new NpgsqlConnection(c.ConnectionString(user: "ghost"));
            conn.Open();
        });
        Assert.Equal("28000", e.SqlState);
        Assert.Equal("role \"ghost\" does not exist", e.MessageText);
    }
}
