// tusk_hba.conf parsing: PostgreSQL's sample records, tokenizer rules, and error texts checked against
// PostgreSQL 15's pg_hba_file_rules view for the same lines.
using System.Net;
using Tusk.Backend.Libpq.Auth;

namespace Tusk.Backend.Tests.Libpq.Auth;

public sealed class HbaFileTests
{
    private static List<HbaLine> ParseOk(string text)
    {
        var errors = new List<string>();
        List<HbaLine> lines = HbaFile.Parse(text, "tusk_hba.conf", errors);
        Assert.Empty(errors);
        return lines;
    }

    private static string SingleError(string line)
    {
        var errors = new List<HbaError>();
        List<HbaLine> lines = HbaFile.Parse("# header\n" + line + "\n", "tusk_hba.conf", errors);
        Assert.Empty(lines);
        HbaError e = Assert.Single(errors, x => !x.IsWarning);
        Assert.Equal(2, e.LineNumber);
        return e.Message;
    }

    [Fact]
    public void SampleRecords_Parse()
    {
        List<HbaLine> lines = ParseOk("""
            # TYPE  DATABASE        USER            ADDRESS                 METHOD
            local   all             all                                     trust
            host    all             all             127.0.0.1/32            scram-sha-256
            host    all             all             ::1/128                 md5
            local   replication     all                                     peer
            host    postgres        all             192.168.12.10/32        scram-sha-256
            host    all             all             192.168.54.1    255.255.255.0   password
            host    all             all             0.0.0.0/0               reject
            hostnossl sameuser,samerole +admins,bob samenet              password   # trailing comment
            """);

        Assert.Equal(8, lines.Count);
        HbaLine local = lines[0];
        Assert.Equal(2, local.LineNumber);
        Assert.Equal(HbaConnectionType.Local, local.ConnectionType);
        Assert.Equal(HbaAddressKind.None, local.AddressKind);
        Assert.Equal(HbaMethod.Trust, local.Method);
        Assert.Equal("local   all             all                                     trust", local.RawLine);

        HbaLine v4 = lines[1];
        Assert.Equal(HbaAddressKind.Mask, v4.AddressKind);
        Assert.Equal(IPAddress.Parse("127.0.0.1"), v4.Address);
        Assert.Equal(IPAddress.Parse("255.255.255.255"), v4.Mask);
        Assert.Equal(HbaMethod.ScramSha256, v4.Method);
        Assert.Equal("scram-sha-256", v4.MethodName);

        Assert.Equal(IPAddress.Parse("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"), lines[2].Mask);
        Assert.Equal(HbaMethod.Peer, lines[3].Method);
        Assert.Equal(IPAddress.Parse("255.255.255.0"), lines[5].Mask);
        Assert.Equal(IPAddress.Any, lines[6].Mask);

        HbaLine last = lines[7];
        Assert.Equal(HbaConnectionType.HostNoSsl, last.ConnectionType);
        Assert.Equal(["sameuser", "samerole"], last.Databases.Select(t => t.Value));
        Assert.Equal(["+admins", "bob"], last.Users.Select(t => t.Value));
        Assert.Equal(HbaAddressKind.SameNet, last.AddressKind);
        Assert.True(last.IsMethodSupported);
    }

    [Fact]
    public void Tokens_QuotesCommasAndContinuations()
    {
        List<HbaLine> lines = ParseOk(
            "host \"all\",\"db 2\",\"a\"\"b\" \"+grp\",+grp2, carol 10.0.0.0/8 scram-sha-256\n" +
            "host all all \\\n   127.0.0.1/32 \\\n   trust\n" +
            "local all all ident map=m1 # c\n" +
            "\"host\" all all 10.1.2.3/8 \"trust\"\n");
        Assert.Equal(4, lines.Count);

        HbaLine first = lines[0];
        Assert.Equal([new HbaToken("all", true), new HbaToken("db 2", true), new HbaToken("a\"b", true)],
            first.Databases);
        Assert.Equal([new HbaToken("+grp", true), new HbaToken("+grp2", false), new HbaToken("carol", false)],
            first.Users);
        Assert.False(first.Databases[0].IsKeyword("all"));

        HbaLine continued = lines[1];
        Assert.Equal(2, continued.LineNumber);
        Assert.Equal(HbaMethod.Trust, continued.Method);
        Assert.Equal("host all all    127.0.0.1/32    trust", continued.RawLine);

        // ident over a Unix socket is peer.
        Assert.Equal(HbaMethod.Peer, lines[2].Method);
        Assert.Equal(5, lines[2].LineNumber);
        Assert.Equal("m1", lines[2].Options["map"]);

        Assert.Equal(6, lines[3].LineNumber);
        Assert.Equal(IPAddress.Parse("255.0.0.0"), lines[3].Mask);
    }

    [Fact]
    public void SpaceBeforeComma_StartsANewField()
    {
        // "a ,b" is two fields in PostgreSQL: here the user field becomes "b" and the address "all".
        List<HbaLine> lines = ParseOk("host a ,b all trust");
        Assert.Equal(["a"], lines[0].Databases.Select(t => t.Value));
        Assert.Equal(["b"], lines[0].Users.Select(t => t.Value));
        Assert.Equal(HbaAddressKind.All, lines[0].AddressKind);
    }

    [Theory]
    [InlineData("x all all trust", "invalid connection type \"x\"")]
    [InlineData("host all all 127.0.0.1/32 foo", "invalid authentication method \"foo\"")]
    [InlineData("host all all 999.1.1.1/32 trust",
        "specifying both host name and CIDR mask is invalid: \"999.1.1.1/32\"")]
    [InlineData("host all all 127.0.0.1/33 trust", "invalid CIDR mask in address \"127.0.0.1/33\"")]
    [InlineData("host all all 127.0.0.1/32/1 trust", "invalid CIDR mask in address \"127.0.0.1/32/1\"")]
    [InlineData("host all all 127.0.0.1 trust", "invalid IP mask \"trust\": Name or service not known")]
    [InlineData("host all all 127.0.0.1", "end-of-line before netmask specification")]
    [InlineData("host all all", "end-of-line before IP address specification")]
    [InlineData("host all", "end-of-line before role specification")]
    [InlineData("host", "end-of-line before database specification")]
    [InlineData("host all all 127.0.0.1/32", "end-of-line before authentication method")]
    [InlineData("local all all", "end-of-line before authentication method")]
    [InlineData("host all all 127.0.0.1 ffff:: trust", "IP address and mask do not match")]
    [InlineData("host all all 127.0.0.1 255.255.x.0 trust",
        "invalid IP mask \"255.255.x.0\": Name or service not known")]
    [InlineData("host all all example.com/24 trust",
        "specifying both host name and CIDR mask is invalid: \"example.com/24\"")]
    [InlineData("host all all 127.0.0.1/32,::1/128 trust", "multiple values specified for host address")]
    [InlineData("local,host all all trust", "multiple values specified for connection type")]
    [InlineData("host all all 127.0.0.1/32 md5,trust", "multiple values specified for authentication type")]
    [InlineData("host all all 127.0.0.1/32 trust foo", "authentication option not in name=value format: foo")]
    [InlineData("host all all 127.0.0.1/32 trust foo=bar", "unrecognized authentication option name: \"foo\"")]
    [InlineData("host all all 127.0.0.1/32 peer", "peer authentication is only supported on local sockets")]
    [InlineData("local all all gss", "gssapi authentication is not supported on local sockets")]
    [InlineData("host all all 127.0.0.1/32 cert", "cert authentication is only supported on hostssl connections")]
    [InlineData("host all all 127.0.0.1/32 trust map=x",
        "authentication option \"map\" is only valid for authentication methods ident, peer, gssapi, sspi, and cert")]
    [InlineData("host all all 127.0.0.1/32 bsd", "invalid authentication method \"bsd\": not supported by this build")]
    [InlineData("host all all 127.0.0.1/32 krb5", "invalid authentication method \"krb5\"")]
    [InlineData("host all all 127.0.0.1/32 trust clientcert=verify-full",
        "clientcert can only be configured for \"hostssl\" rows")]
    [InlineData("host @admins all 127.0.0.1/32 trust", "secondary authentication file \"@admins\" is not supported")]
    public void Errors_MatchPostgres(string line, string expected)
    {
        Assert.Equal(expected, SingleError(line));
    }

    [Fact]
    public void StringErrors_CarryLineNumberAndFile()
    {
        var errors = new List<string>();
        List<HbaLine> lines = HbaFile.Parse("local all all trust\n\n\nbogus all all trust\n", "tusk_hba.conf",
            errors);
        Assert.Single(lines);
        Assert.Equal(["invalid connection type \"bogus\" (line 4 of configuration file \"tusk_hba.conf\")"], errors);
    }

    [Fact]
    public void HostSslAndHostNames_AreKeptWithWarnings()
    {
        var diagnostics = new List<HbaError>();
        List<HbaLine> lines = HbaFile.Parse(
            "hostssl all all 127.0.0.1/32 cert\nhost all all db.example.com trust\n", "f", diagnostics);
        Assert.Equal(2, lines.Count);
        Assert.All(diagnostics, d => Assert.True(d.IsWarning));
        Assert.Equal("hostssl record cannot match because SSL is disabled", diagnostics[0].Message);
        Assert.Equal("verify-full", lines[0].Options["clientcert"]);
        Assert.False(lines[0].IsMethodSupported);
        Assert.Equal(HbaAddressKind.HostName, lines[1].AddressKind);
        Assert.Equal("db.example.com", lines[1].HostName);
    }

    [Fact]
    public void UnsupportedMethods_ParseButAreFlagged()
    {
        List<HbaLine> lines = ParseOk("""
            host all all 127.0.0.1/32 ldap ldapserver=x ldapprefix=a ldapsuffix=b
            host all all 127.0.0.1/32 ident map=x
            host all all 127.0.0.1/32 pam pamservice=tusk
            host all all 127.0.0.1/32 radius "radiusservers=a,b" radiussecrets=s
            host all all 127.0.0.1/32 gss include_realm=0
            host all all 127.0.0.1/32 sspi
            """);
        Assert.Equal(6, lines.Count);
        Assert.All(lines, l => Assert.False(l.IsMethodSupported));
        Assert.Equal("a,b", lines[3].Options["radiusservers"]);
    }

    [Fact]
    public void DefaultHbaConf_ParsesToTheExpectedRecords()
    {
        string text = HbaFile.DefaultHbaConf("trust", "scram-sha-256");
        Assert.StartsWith("# Tusk Client Authentication Configuration File\n", text, StringComparison.Ordinal);
        Assert.Contains("\nlocal   all             all                                     trust\n", text,
            StringComparison.Ordinal);
        Assert.Contains("\nhost    all             all             127.0.0.1/32            scram-sha-256\n", text,
            StringComparison.Ordinal);
        Assert.EndsWith("host    replication     all             ::1/128                 scram-sha-256\n", text,
            StringComparison.Ordinal);

        List<HbaLine> lines = ParseOk(text);
        Assert.Equal(6, lines.Count);
        Assert.Equal([HbaConnectionType.Local, HbaConnectionType.Host, HbaConnectionType.Host,
            HbaConnectionType.Local, HbaConnectionType.Host, HbaConnectionType.Host],
            lines.Select(l => l.ConnectionType));
        Assert.Equal([HbaMethod.Trust, HbaMethod.ScramSha256, HbaMethod.ScramSha256, HbaMethod.Trust,
            HbaMethod.ScramSha256, HbaMethod.ScramSha256], lines.Select(l => l.Method));
        Assert.True(lines[3].Databases[0].IsKeyword("replication"));
    }
}
