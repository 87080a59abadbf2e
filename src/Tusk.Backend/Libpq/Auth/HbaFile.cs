// tusk_hba.conf reader (PostgreSQL's pg_hba.conf syntax, hba.c): tokenizing with quotes, comma lists, '#'
// comments and backslash continuations, then per-record checks with PG's error texts. A record with an error is
// dropped and reported; the caller decides (PG refuses to load a file with any error). Entry points: Parse,
// DefaultHbaConf.
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Tusk.Backend.Libpq.Auth;

/// <summary>Parser for tusk_hba.conf and the text initdb writes into it.</summary>
public static class HbaFile
{
    /// <summary>Name of the file in the data directory (pg_hba.conf in PostgreSQL).</summary>
    public const string DefaultFileName = "tusk_hba.conf";

    /// <summary>Parses <paramref name="text"/>; each problem is added to <paramref name="errors"/> as text with
    /// its line number (see <see cref="HbaError.ToString"/>). Warnings are not reported by this overload.</summary>
    public static List<HbaLine> Parse(string text, string fileName, List<string> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var diagnostics = new List<HbaError>();
        List<HbaLine> lines = Parse(text, fileName, diagnostics);
        foreach (HbaError e in diagnostics)
        {
            if (!e.IsWarning)
            {
                errors.Add(e.ToString());
            }
        }

        return lines;
    }

    /// <summary>Parses <paramref name="text"/>, reporting structured errors and warnings.</summary>
    public static List<HbaLine> Parse(string text, string fileName, List<HbaError> diagnostics)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(fileName);
        ArgumentNullException.ThrowIfNull(diagnostics);
        var result = new List<HbaLine>();
        string[] physical = text.Split('\n');
        int i = 0;
        while (i < physical.Length)
        {
            int lineNumber = i + 1;
            var logical = new StringBuilder();
            while (i < physical.Length)
            {
                string piece = physical[i].TrimEnd('\r', '\n');
                i++;
                if (piece.EndsWith('\\'))
                {
                    logical.Append(piece, 0, piece.Length - 1);
                    continue;
                }

                logical.Append(piece);
                break;
            }

            string raw = logical.ToString();
            var context = new LineContext(fileName, lineNumber, diagnostics);
            List<List<HbaToken>>? fields = Tokenize(raw, context);
            if (fields is null || fields.Count == 0)
            {
                continue;
            }

            HbaLine? line = ParseLine(fields, raw, context);
            if (line is not null)
            {
                result.Add(line);
            }
        }

        return result;
    }

    /// <summary>
    /// The tusk_hba.conf initdb writes: pg_hba.conf's explanatory header, then local/host records for all
    /// databases and for replication, using <paramref name="localMethod"/> for Unix sockets and
    /// <paramref name="hostMethod"/> for loopback TCP.
    /// </summary>
    public static string DefaultHbaConf(string localMethod, string hostMethod)
    {
        ArgumentNullException.ThrowIfNull(localMethod);
        ArgumentNullException.ThrowIfNull(hostMethod);
        var sb = new StringBuilder();
        sb.Append("""
            # Tusk Client Authentication Configuration File
            # ==============================================
            #
            # This file has the syntax of PostgreSQL's pg_hba.conf; see the "Client
            # Authentication" chapter of the PostgreSQL documentation.  A short
            # synopsis follows.
            #
            # This file controls: which hosts are allowed to connect, how clients
            # are authenticated, which user names they can use, which databases
            # they can access.  Records take one of these forms:
            #
            # local         DATABASE  USER  METHOD  [OPTIONS]
            # host          DATABASE  USER  ADDRESS  METHOD  [OPTIONS]
            # hostssl       DATABASE  USER  ADDRESS  METHOD  [OPTIONS]
            # hostnossl     DATABASE  USER  ADDRESS  METHOD  [OPTIONS]
            # hostgssenc    DATABASE  USER  ADDRESS  METHOD  [OPTIONS]
            # hostnogssenc  DATABASE  USER  ADDRESS  METHOD  [OPTIONS]
            #
            # (The uppercase items must be replaced by actual values.)
            #
            # The first field is the connection type:
            # - "local" is a Unix-domain socket
            # - "host" is a TCP/IP socket (encrypted or not)
            # - "hostssl" is a TCP/IP socket that is SSL-encrypted
            # - "hostnossl" is a TCP/IP socket that is not SSL-encrypted
            # - "hostgssenc" is a TCP/IP socket that is GSSAPI-encrypted
            # - "hostnogssenc" is a TCP/IP socket that is not GSSAPI-encrypted
            # Tusk supports neither SSL nor GSSAPI encryption, so "hostssl" and
            # "hostgssenc" records never match.
            #
            # DATABASE can be "all", "sameuser", "samerole", "replication", a
            # database name, or a comma-separated list thereof.  The "all"
            # keyword does not match "replication".  Access to replication
            # must be enabled in a separate record (see example below).
            #
            # USER can be "all", a user name, a group name prefixed with "+", or a
            # comma-separated list thereof.
            #
            # ADDRESS specifies the set of hosts the record matches.  It is made up
            # of an IP address and a CIDR mask that is an integer (between 0 and 32
            # (IPv4) or 128 (IPv6) inclusive) that specifies the number of
            # significant bits in the mask.  Alternatively, you can write an IP
            # address and netmask in separate columns to specify the set of hosts.
            # Instead of a CIDR-address, you can write "all" to match any address,
            # "samehost" to match any of the server's own IP addresses, or
            # "samenet" to match any address in any subnet that the server is
            # directly connected to.
            #
            # METHOD can be "trust", "reject", "md5", "password" or
            # "scram-sha-256".  ("gss", "sspi", "ident", "peer", "pam", "ldap",
            # "radius" and "cert" are recognised but not supported.)  Note that
            # "password" sends passwords in clear text; "md5" or "scram-sha-256"
            # are preferred since they send encrypted passwords.
            #
            # OPTIONS are a set of options for the authentication in the format
            # NAME=VALUE.
            #
            # Database and user names containing spaces, commas, quotes and other
            # special characters must be quoted.  Quoting one of the keywords
            # "all", "sameuser", "samerole" or "replication" makes the name lose
            # its special character, and just match a database or username with
            # that name.  A record can be continued onto the next line by ending
            # the line with a backslash.
            #
            # This file is read on server startup and when the server receives a
            # SIGHUP signal.
            #
            # Put your actual configuration here
            # ----------------------------------


            """);
        sb.Append('\n');
        sb.Append("# TYPE  DATABASE        USER            ADDRESS                 METHOD\n\n");
        sb.Append("# \"local\" is for Unix domain socket connections only\n");
        sb.Append(Record("local", "all", "", localMethod));
        sb.Append("# IPv4 local connections:\n");
        sb.Append(Record("host", "all", "127.0.0.1/32", hostMethod));
        sb.Append("# IPv6 local connections:\n");
        sb.Append(Record("host", "all", "::1/128", hostMethod));
        sb.Append("# Allow replication connections from localhost, by a user with the\n");
        sb.Append("# replication privilege.\n");
        sb.Append(Record("local", "replication", "", localMethod));
        sb.Append(Record("host", "replication", "127.0.0.1/32", hostMethod));
        sb.Append(Record("host", "replication", "::1/128", hostMethod));
        return sb.ToString();

        static string Record(string type, string database, string address, string method) =>
            string.Create(CultureInfo.InvariantCulture,
                $"{type,-8}{database,-16}{"all",-16}{address,-24}{method}").TrimEnd() + "\n";
    }

    // ---- tokenizer (PG's next_token / next_field_expand) ----

    private static List<List<HbaToken>>? Tokenize(string line, LineContext ctx)
    {
        var fields = new List<List<HbaToken>>();
        int pos = 0;
        while (pos < line.Length)
        {
            var field = new List<HbaToken>();
            bool trailingComma;
            do
            {
                if (!NextToken(line, ref pos, out HbaToken? token, out trailingComma))
                {
                    break;
                }

                if (!token.Quoted && token.Value.Length > 1 && token.Value[0] == '@')
                {
                    ctx.Error($"secondary authentication file \"{token.Value}\" is not supported");
                    return null;
                }

                field.Add(token);
            }
            while (trailingComma);

            if (field.Count > 0)
            {
                fields.Add(field);
            }
        }

        return fields;
    }

    private static bool IsBlank(char c) => c is ' ' or '\t' or '\r';

    private static bool NextToken(string line, ref int pos, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)]
        out HbaToken? token, out bool trailingComma)
    {
        token = null;
        trailingComma = false;
        while (pos < line.Length && (IsBlank(line[pos]) || line[pos] == ','))
        {
            pos++;
        }

        var sb = new StringBuilder();
        bool inQuote = false;
        bool wasQuote = false;
        bool sawQuote = false;
        bool initialQuote = false;
        while (pos < line.Length && (!IsBlank(line[pos]) || inQuote))
        {
            char c = line[pos];
            if (c == '#' && !inQuote)
            {
                pos = line.Length;
                break;
            }

            if (c == ',' && !inQuote)
            {
                trailingComma = true;
                pos++;
                break;
            }

            if (c != '"' || wasQuote)
            {
                sb.Append(c);
            }

            // A literal double quote inside quotes is written as two.
            wasQuote = inQuote && c == '"' && !wasQuote;
            if (c == '"')
            {
                inQuote = !inQuote;
                sawQuote = true;
                if (sb.Length == 0)
                {
                    initialQuote = true;
                }
            }

            pos++;
        }

        if (!sawQuote && sb.Length == 0)
        {
            return false;
        }

        token = new HbaToken(sb.ToString(), initialQuote);
        return true;
    }

    // ---- record parser (PG's parse_hba_line) ----

    private static HbaLine? ParseLine(List<List<HbaToken>> fields, string raw, LineContext ctx)
    {
        int f = 0;
        List<HbaToken> field = fields[f];
        if (field.Count > 1)
        {
            return ctx.Error("multiple values specified for connection type",
                "Specify exactly one connection type per line.");
        }

        HbaConnectionType? type = field[0].Value switch
        {
            "local" => HbaConnectionType.Local,
            "host" => HbaConnectionType.Host,
            "hostssl" => HbaConnectionType.HostSsl,
            "hostnossl" => HbaConnectionType.HostNoSsl,
            "hostgssenc" => HbaConnectionType.HostGssEnc,
            "hostnogssenc" => HbaConnectionType.HostNoGssEnc,
            _ => null,
        };
        if (type is null)
        {
            return ctx.Error($"invalid connection type \"{field[0].Value}\"");
        }

        if (type == HbaConnectionType.HostSsl)
        {
            ctx.Warning("hostssl record cannot match because SSL is disabled", "Set ssl = on in postgresql.conf.");
        }
        else if (type == HbaConnectionType.HostGssEnc)
        {
            ctx.Warning("hostgssenc record cannot match because GSSAPI is not supported by this build",
                "Compile with --with-gssapi to use GSSAPI connections.");
        }

        if (++f >= fields.Count)
        {
            return ctx.Error("end-of-line before database specification");
        }

        List<HbaToken> databases = fields[f];
        if (++f >= fields.Count)
        {
            return ctx.Error("end-of-line before role specification");
        }

        List<HbaToken> users = fields[f];

        var addressKind = HbaAddressKind.None;
        IPAddress? address = null;
        IPAddress? mask = null;
        string? hostName = null;
        if (type != HbaConnectionType.Local)
        {
            if (++f >= fields.Count)
            {
                return ctx.Error("end-of-line before IP address specification");
            }

            field = fields[f];
            if (field.Count > 1)
            {
                return ctx.Error("multiple values specified for host address", "Specify one address per line.");
            }

            string str = field[0].Value;
            if (str == "all")
            {
                addressKind = HbaAddressKind.All;
            }
            else if (str == "samehost")
            {
                addressKind = HbaAddressKind.SameHost;
            }
            else if (str == "samenet")
            {
                addressKind = HbaAddressKind.SameNet;
            }
            else
            {
                int slash = str.IndexOf('/', StringComparison.Ordinal);
                string addrPart = slash >= 0 ? str[..slash] : str;
                if (TryParseNumericAddress(addrPart, out IPAddress? parsed))
                {
                    addressKind = HbaAddressKind.Mask;
                    address = parsed;
                    if (slash >= 0)
                    {
                        mask = CidrMask(str[(slash + 1)..], parsed.AddressFamily);
                        if (mask is null)
                        {
                            return ctx.Error($"invalid CIDR mask in address \"{str}\"");
                        }
                    }
                    else
                    {
                        if (++f >= fields.Count)
                        {
                            return ctx.Error("end-of-line before netmask specification",
                                "Specify an address range in CIDR notation, or provide a separate netmask.");
                        }

                        field = fields[f];
                        if (field.Count > 1)
                        {
                            return ctx.Error("multiple values specified for netmask");
                        }

                        if (!TryParseNumericAddress(field[0].Value, out mask))
                        {
                            return ctx.Error($"invalid IP mask \"{field[0].Value}\": Name or service not known");
                        }

                        if (mask.AddressFamily != address.AddressFamily)
                        {
                            return ctx.Error("IP address and mask do not match");
                        }
                    }
                }
                else if (slash >= 0)
                {
                    return ctx.Error($"specifying both host name and CIDR mask is invalid: \"{str}\"");
                }
                else
                {
                    addressKind = HbaAddressKind.HostName;
                    hostName = str;
                    ctx.Warning($"host name \"{str}\" cannot match because host name lookup is not supported");
                }
            }
        }

        if (++f >= fields.Count)
        {
            return ctx.Error("end-of-line before authentication method");
        }

        field = fields[f];
        if (field.Count > 1)
        {
            return ctx.Error("multiple values specified for authentication type",
                "Specify exactly one authentication type per line.");
        }

        string methodName = field[0].Value;
        HbaMethod? method = methodName switch
        {
            "trust" => HbaMethod.Trust,
            "reject" => HbaMethod.Reject,
            "password" => HbaMethod.Password,
            "md5" => HbaMethod.Md5,
            "scram-sha-256" => HbaMethod.ScramSha256,
            "gss" => HbaMethod.Gss,
            "sspi" => HbaMethod.Sspi,
            "ident" => HbaMethod.Ident,
            "peer" => HbaMethod.Peer,
            "ldap" => HbaMethod.Ldap,
            "radius" => HbaMethod.Radius,
            "cert" => HbaMethod.Cert,
            "pam" => HbaMethod.Pam,
            _ => null,
        };
        if (methodName == "bsd")
        {
            return ctx.Error("invalid authentication method \"bsd\": not supported by this build");
        }

        if (method is null)
        {
            return ctx.Error($"invalid authentication method \"{methodName}\"");
        }

        // For local connections "ident" means peer, as in PostgreSQL.
        if (type == HbaConnectionType.Local && method == HbaMethod.Ident)
        {
            method = HbaMethod.Peer;
            methodName = "peer";
        }

        if (type == HbaConnectionType.Local && method == HbaMethod.Gss)
        {
            return ctx.Error("gssapi authentication is not supported on local sockets");
        }

        if (type != HbaConnectionType.Local && method == HbaMethod.Peer)
        {
            return ctx.Error("peer authentication is only supported on local sockets");
        }

        if (type != HbaConnectionType.HostSsl && method == HbaMethod.Cert)
        {
            return ctx.Error("cert authentication is only supported on hostssl connections");
        }

        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        while (++f < fields.Count)
        {
            foreach (HbaToken token in fields[f])
            {
                int eq = token.Value.IndexOf('=', StringComparison.Ordinal);
                if (eq < 0)
                {
                    return ctx.Error($"authentication option not in name=value format: {token.Value}");
                }

                string name = token.Value[..eq];
                string value = token.Value[(eq + 1)..];
                string? problem = CheckOption(name, value, type.Value, method.Value);
                if (problem is not null)
                {
                    return ctx.Error(problem);
                }

                options[name] = value;
            }
        }

        if (method == HbaMethod.Cert)
        {
            options["clientcert"] = "verify-full";
        }

        return new HbaLine
        {
            FileName = ctx.FileName,
            LineNumber = ctx.LineNumber,
            RawLine = raw,
            ConnectionType = type.Value,
            Databases = databases,
            Users = users,
            AddressKind = addressKind,
            Address = address,
            Mask = mask,
            HostName = hostName,
            Method = method.Value,
            MethodName = methodName,
            Options = options,
        };
    }

    /// <summary>PG's parse_hba_auth_opt checks; null when the option is acceptable.</summary>
    private static string? CheckOption(string name, string value, HbaConnectionType type, HbaMethod method)
    {
        string OnlyFor(string methods) =>
            $"authentication option \"{name}\" is only valid for authentication methods {methods}";

        switch (name)
        {
            case "map":
                return method is HbaMethod.Ident or HbaMethod.Peer or HbaMethod.Gss or HbaMethod.Sspi
                    or HbaMethod.Cert ? null : OnlyFor("ident, peer, gssapi, sspi, and cert");
            case "clientcert":
                if (type != HbaConnectionType.HostSsl)
                {
                    return "clientcert can only be configured for \"hostssl\" rows";
                }

                if (value is not ("verify-full" or "verify-ca"))
                {
                    return $"invalid value for clientcert: \"{value}\"";
                }

                return method == HbaMethod.Cert && value != "verify-full"
                    ? "clientcert only accepts \"verify-full\" when using \"cert\" authentication"
                    : null;
            case "clientname":
                if (type != HbaConnectionType.HostSsl)
                {
                    return "clientname can only be configured for \"hostssl\" rows";
                }

                return value is "CN" or "DN" ? null : $"invalid value for clientname: \"{value}\"";
            case "pamservice" or "pam_use_hostname":
                return method == HbaMethod.Pam ? null : OnlyFor("pam");
            case "ldapurl" or "ldaptls" or "ldapscheme" or "ldapserver" or "ldapport" or "ldapbinddn"
                or "ldapbindpasswd" or "ldapsearchattribute" or "ldapsearchfilter" or "ldapbasedn" or "ldapprefix"
                or "ldapsuffix":
                return method == HbaMethod.Ldap ? null : OnlyFor("ldap");
            case "krb_realm" or "include_realm" or "compat_realm" or "upn_username":
                return method is HbaMethod.Gss or HbaMethod.Sspi ? null : OnlyFor("gssapi and sspi");
            case "radiusservers" or "radiussecrets" or "radiusidentifiers" or "radiusports":
                return method == HbaMethod.Radius ? null : OnlyFor("radius");
            default:
                return $"unrecognized authentication option name: \"{name}\"";
        }
    }

    /// <summary>Numeric IPv4/IPv6 address as getaddrinfo(AI_NUMERICHOST) would accept it.</summary>
    private static bool TryParseNumericAddress(string s, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)]
        out IPAddress? address)
    {
        address = null;
        if (s.Length == 0 || s.Contains('[', StringComparison.Ordinal) || s.Contains('%', StringComparison.Ordinal))
        {
            return false;
        }

        if (!IPAddress.TryParse(s, out IPAddress? a)
            || a.AddressFamily is not (AddressFamily.InterNetwork or AddressFamily.InterNetworkV6))
        {
            return false;
        }

        // IPAddress.TryParse accepts a bare number ("10"); getaddrinfo does too, as inet_aton. Keep it.
        address = a;
        return true;
    }

    /// <summary>Mask with <paramref name="bitsText"/> leading one bits; null when not a valid length.</summary>
    internal static IPAddress? CidrMask(string bitsText, AddressFamily family)
    {
        int max = family == AddressFamily.InterNetwork ? 32 : 128;
        if (bitsText.Length == 0 || bitsText.Length > 3 || !bitsText.All(char.IsAsciiDigit))
        {
            return null;
        }

        int bits = int.Parse(bitsText, NumberStyles.None, CultureInfo.InvariantCulture);
        if (bits > max)
        {
            return null;
        }

        var bytes = new byte[max / 8];
        for (int i = 0; i < bytes.Length; i++)
        {
            int take = Math.Clamp(bits - (i * 8), 0, 8);
            bytes[i] = (byte)(0xFF00 >> take);
        }

        return new IPAddress(bytes);
    }

    private sealed class LineContext(string fileName, int lineNumber, List<HbaError> sink)
    {
        public string FileName => fileName;

        public int LineNumber => lineNumber;

        public HbaLine? Error(string message, string? hint = null)
        {
            sink.Add(new HbaError(fileName, lineNumber, message, hint));
            return null;
        }

        public void Warning(string message, string? hint = null) =>
            sink.Add(new HbaError(fileName, lineNumber, message, hint, IsWarning: true));
    }
}
