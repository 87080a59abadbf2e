// Record selection (first match wins), addresses (CIDR v4/v6, IPv4-mapped clients, samehost/samenet), keywords,
// groups, and PostgreSQL's FATAL texts for "no entry" and "reject".
using System.Net;
using Tusk.Backend.Libpq.Auth;
using Tusk.Common.Errors;

namespace Tusk.Backend.Tests.Libpq.Auth;

public sealed class HbaMatcherTests
{
    private static List<HbaLine> Parse(string text)
    {
        var errors = new List<string>();
        List<HbaLine> lines = HbaFile.Parse(text, "tusk_hba.conf", errors);
        Assert.Empty(errors);
        return lines;
    }

    private static int? LineOf(List<HbaLine> lines, string address, string db = "db", string user = "u",
        Func<string, string, bool>? isMember = null) =>
        HbaMatcher.Match(lines, address == "local", address == "local" ? null : IPAddress.Parse(address), db, user,
            isMember)?.LineNumber;

    [Fact]
    public void FirstMatchWins()
    {
        List<HbaLine> lines = Parse("""
            host all alice 127.0.0.1/32 reject
            host all all 127.0.0.0/8 scram-sha-256
            host all all 0.0.0.0/0 md5
            """);
        Assert.Equal(1, LineOf(lines, "127.0.0.1", user: "alice"));
        Assert.Equal(2, LineOf(lines, "127.0.0.1", user: "bob"));
        Assert.Equal(2, LineOf(lines, "127.1.2.3", user: "alice"));
        Assert.Equal(3, LineOf(lines, "10.0.0.1"));
        Assert.Null(LineOf(lines, "::1"));
        Assert.Null(LineOf(lines, "local"));
    }

    [Fact]
    public void LocalVersusHost()
    {
        List<HbaLine> lines = Parse("local all all peer\nhost all all all trust\n");
        Assert.Equal(1, LineOf(lines, "local"));
        Assert.Equal(2, LineOf(lines, "192.0.2.1"));
        Assert.Equal(2, LineOf(lines, "2001:db8::1"));
    }

    [Fact]
    public void Cidr_V4V6AndMapped()
    {
        List<HbaLine> lines = Parse("""
            host all all 10.1.2.3/8 trust
            host all all 192.168.54.1 255.255.255.0 md5
            host all all 2001:db8::/32 password
            host all all ::1/128 scram-sha-256
            host all all 172.16.0.0/12 reject
            """);
        Assert.Equal(1, LineOf(lines, "10.200.0.1"));
        Assert.Equal(2, LineOf(lines, "192.168.54.77"));
        Assert.Null(LineOf(lines, "192.168.55.1"));
        Assert.Equal(3, LineOf(lines, "2001:db8:ffff::5"));
        Assert.Null(LineOf(lines, "2001:db9::5"));
        Assert.Equal(4, LineOf(lines, "::1"));
        // IPv4-mapped IPv6 clients (dual-mode sockets) match IPv4 records.
        Assert.Equal(1, LineOf(lines, "::ffff:10.9.9.9"));
        Assert.Equal(5, LineOf(lines, "::ffff:172.31.255.255"));
        Assert.Null(LineOf(lines, "::ffff:172.32.0.0"));
    }

    [Fact]
    public void MappedRecord_StillMatchesMappedClient()
    {
        List<HbaLine> lines = Parse("host all all ::ffff:127.0.0.1/128 trust\n");
        Assert.Equal(1, LineOf(lines, "::ffff:127.0.0.1"));
        Assert.Null(LineOf(lines, "127.0.0.1"));
    }

    [Fact]
    public void ZeroPrefix_MatchesEverythingOfThatFamily()
    {
        List<HbaLine> lines = Parse("host all all 0.0.0.0/0 trust\nhost all all ::/0 md5\n");
        Assert.Equal(1, LineOf(lines, "203.0.113.9"));
        Assert.Equal(2, LineOf(lines, "2001:db8::1"));
    }

    [Fact]
    public void Databases_Keywords()
    {
        List<HbaLine> lines = Parse("""
            local sameuser all trust
            local samerole all md5
            local replication all password
            local "all" all scram-sha-256
            local sales,hr all reject
            """);
        Assert.Equal(1, LineOf(lines, "local", db: "u", user: "u"));
        Assert.Null(LineOf(lines, "local", db: "finance", user: "u"));
        Assert.Equal(2, LineOf(lines, "local", db: "finance", user: "u", isMember: (u, r) => r == "finance"));
        // "replication" as a database name does not match the keyword for normal connections.
        Assert.Null(LineOf(lines, "local", db: "replication"));
        Assert.Equal(4, LineOf(lines, "local", db: "all"));
        Assert.Equal(5, LineOf(lines, "local", db: "hr"));
    }

    [Fact]
    public void AllDoesNotMatchReplicationConnections()
    {
        List<HbaLine> lines = Parse("local all all trust\nlocal replication all md5\n");
        var client = new HbaClient { IsUnixSocket = true, Database = "x", User = "u", IsReplication = true };
        Assert.Equal(2, HbaMatcher.Match(lines, client)?.LineNumber);
        Assert.Null(HbaMatcher.Match(lines.Take(1).ToList(), client));
    }

    [Fact]
    public void Users_NamesGroupsAndQuoting()
    {
        List<HbaLine> lines = Parse("""
            local all +admins trust
            local all "+staff" md5
            local all "Bob" password
            local all "all" reject
            """);
        Func<string, string, bool> member = (user, role) => user == "carol" && role == "admins";
        Assert.Equal(1, LineOf(lines, "local", user: "carol", isMember: member));
        Assert.Equal(1, LineOf(lines, "local", user: "admins"));
        Assert.Null(LineOf(lines, "local", user: "dave", isMember: member));
        Assert.Equal(2, LineOf(lines, "local", user: "+staff"));
        Assert.Equal(3, LineOf(lines, "local", user: "Bob"));
        Assert.Null(LineOf(lines, "local", user: "bob"));
        Assert.Equal(4, LineOf(lines, "local", user: "all"));
    }

    [Fact]
    public void SslAndGssRecords()
    {
        List<HbaLine> lines = Parse("""
            hostssl all all all trust
            hostgssenc all all all trust
            hostnogssenc all all 10.0.0.0/8 md5
            hostnossl all all all password
            """);
        Assert.Equal(3, LineOf(lines, "10.0.0.1"));
        Assert.Equal(4, LineOf(lines, "11.0.0.1"));
        var ssl = new HbaClient { Address = IPAddress.Parse("11.0.0.1"), Database = "d", User = "u", Ssl = true };
        Assert.Equal(1, HbaMatcher.Match(lines, ssl)?.LineNumber);
    }

    [Fact]
    public void SameHostAndSameNet_UseInterfaceAddresses()
    {
        List<HbaLine> lines = Parse("host all all samehost trust\nhost all all samenet md5\n");
        IReadOnlyList<(IPAddress, int)> locals = [(IPAddress.Parse("192.168.1.10"), 24), (IPAddress.Loopback, 8)];
        int? Line(string a) => HbaMatcher.Match(lines, new HbaClient
        {
            Address = IPAddress.Parse(a), Database = "d", User = "u", LocalAddresses = locals,
        })?.LineNumber;

        Assert.Equal(1, Line("192.168.1.10"));
        Assert.Equal(1, Line("127.0.0.1"));
        Assert.Equal(2, Line("192.168.1.77"));
        Assert.Equal(2, Line("127.5.5.5"));
        Assert.Null(Line("192.168.2.1"));

        // Against the real interfaces, loopback is always the same host.
        Assert.Equal(1, LineOf(lines, "127.0.0.1"));
    }

    [Fact]
    public void HostNameRecords_NeverMatch()
    {
        var diagnostics = new List<HbaError>();
        List<HbaLine> lines = HbaFile.Parse("host all all localhost trust\n", "f", diagnostics);
        Assert.Null(LineOf(lines, "127.0.0.1"));
    }

    [Fact]
    public void NoEntry_Texts()
    {
        PgException tcp = HbaMatcher.NoEntry(false, IPAddress.Parse("127.0.0.1"), "x", "y");
        Assert.Equal("28000", tcp.SqlState);
        Assert.Equal(Severity.Fatal, tcp.Severity);
        Assert.Equal("no pg_hba.conf entry for host \"127.0.0.1\", user \"x\", database \"y\", no encryption",
            tcp.Message);
        Assert.Equal("no pg_hba.conf entry for host \"[local]\", user \"x\", database \"y\", no encryption",
            HbaMatcher.NoEntry(true, null, "x", "y").Message);
        Assert.Equal("no pg_hba.conf entry for host \"127.0.0.1\", user \"x\", database \"y\", no encryption",
            HbaMatcher.NoEntry(false, IPAddress.Parse("::ffff:127.0.0.1"), "x", "y").Message);
        Assert.Equal("no pg_hba.conf entry for host \"::1\", user \"x\", database \"y\", no encryption",
            HbaMatcher.NoEntry(false, IPAddress.IPv6Loopback, "x", "y").Message);
        Assert.Equal("no pg_hba.conf entry for replication connection from host \"127.0.0.1\", user \"x\", " +
            "no encryption", HbaMatcher.NoEntry(false, IPAddress.Loopback, "x", "y", replication: true).Message);
    }

    [Fact]
    public void Rejected_Texts()
    {
        List<HbaLine> lines = Parse("host all u 127.0.0.1/32 reject\n");
        var client = new HbaClient { Address = IPAddress.Loopback, Database = "y", User = "u" };
        Assert.Equal(HbaMethod.Reject, HbaMatcher.Match(lines, client)?.Method);
        PgException e = HbaMatcher.Rejected(client);
        Assert.Equal("28000", e.SqlState);
        Assert.Equal(Severity.Fatal, e.Severity);
        Assert.Equal("pg_hba.conf rejects connection for host \"127.0.0.1\", user \"u\", database \"y\", " +
            "no encryption", e.Message);
        Assert.Equal("pg_hba.conf rejects connection for host \"[local]\", user \"u\", database \"y\", " +
            "no encryption", HbaMatcher.Rejected(true, null, "u", "y").Message);
    }
}
