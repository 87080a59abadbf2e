// psql against Tusk: a one-shot command over TCP and over the Unix socket, and a scripted session fed on
// standard input the way a person types it (meta-commands, transactions, settings, errors), \timing, and the
// LINE / caret display of an error position (psql draws it from the error's character position), and FETCH_COUNT
// mode, where psql reads a SELECT's rows through a cursor (DECLARE _psql_cursor NO SCROLL, FETCH FORWARD n, CLOSE).
namespace Tusk.Integration.Tests;

public sealed class PsqlTests : IClassFixture<PsqlTests.Cluster>
{
    public sealed class Cluster : IDisposable
    {
        public TuskCluster C { get; } = new();

        public void Dispose() => C.Dispose();
    }

    readonly TuskCluster _c;

    public PsqlTests(Cluster f) => _c = f.C;

    [Fact]
    public void Select_1_over_tcp_prints_1()
    {
        var (rc, output, err) = _c.Psql(["-c", "select 1"]);
        Assert.True(rc == 0, err);
        Assert.Equal(" ?column? \n----------\n        1\n(1 row)\n\n", output);
    }

    [Fact]
    public void Select_over_the_unix_socket()
    {
        var (rc, output, err) = _c.Psql(["-At", "-c", "select 'a' || 'b', current_user, current_database()"],
            host: _c.SocketDir);
        Assert.True(rc == 0, err);
        Assert.Equal("ab|postgres|postgres\n", output);
    }

    [Fact]
    public void Scripted_interactive_session()
    {
        const string script = """
            \echo hello from psql
            select 2 + 3 as five;
            show server_version;
            set application_name = 'scripted';
            show application_name;
            begin;
            set local statement_timeout = '5s';
            show statement_timeout;
            select 1/0;
            select 1;
            rollback;
            show statement_timeout;
            select pg_backend_pid() > 0 as has_pid;
            \conninfo
            \q
            """;
        var (rc, output, err) = _c.Psql(["-v", "ON_ERROR_STOP=0"], stdin: script);
        Assert.True(rc == 0, err);
        Assert.Contains("hello from psql", output);
        Assert.Contains(" five \n------\n    5\n(1 row)", output);
        Assert.Contains("15.0 (Tusk", output);
        Assert.Contains(" scripted\n", output);
        Assert.Contains(" 5s\n", output);
        Assert.Contains("ERROR:  division by zero", err);
        Assert.Contains("ERROR:  current transaction is aborted, commands ignored until end of transaction block", err);
        Assert.Contains(" 0\n", output); // statement_timeout back to 0 after rollback
        Assert.Contains(" has_pid \n---------\n t\n", output);
        Assert.Contains("You are connected to database \"postgres\" as user \"postgres\"", output);
    }

    [Fact]
    public void Session_on_a_terminal_shows_prompts()
    {
        // `script` gives psql a pseudo-terminal, so it runs in interactive mode (prompts, line editing).
        string psql = $"psql -X -P pager=off -h 127.0.0.1 -p {_c.Port} -U {_c.User} postgres";
        const string typed = "select 40 + 2 as answer;\nbegin;\nselect 1;\ncommit;\n\\q\n";
        var (rc, output, err) = TuskCluster.Run("bash",
            ["-c", $"(sleep 1; printf '{typed}'; sleep 1) | script -q -e -c '{psql}' /dev/null"]);
        Assert.True(rc == 0, output + err);
        Assert.Contains("postgres=#", output);
        Assert.Contains("postgres=*#", output); // the prompt shows the open transaction block
        Assert.Contains("42", output);
        Assert.Contains("COMMIT", output);
    }

    [Fact]
    public void Syntax_error_shows_position()
    {
        var (rc, _, err) = _c.Psql(["-c", "select 1 +* from"]);
        Assert.NotEqual(0, rc);
        Assert.Contains("ERROR:  syntax error at or near", err);
        Assert.Contains("LINE 1: select 1 +* from", err);
        Assert.Contains("^", err);
    }

    [Fact]
    public void Timing_on_prints_the_time_of_each_statement()
    {
        const string script = "\\timing on\nselect 1 as one;\nselect 2 as two;\n\\timing off\nselect 3 as three;\n";
        var (rc, output, err) = _c.Psql([], stdin: script);
        Assert.True(rc == 0, err);
        Assert.Contains("Timing is on.", output);
        Assert.Contains("Timing is off.", output);
        // One "Time: 0.412 ms" line after each statement run with timing on, none after it is off.
        var times = System.Text.RegularExpressions.Regex.Matches(output, @"^Time: [0-9]+\.[0-9]{3} ms",
            System.Text.RegularExpressions.RegexOptions.Multiline);
        Assert.Equal(2, times.Count);
        Assert.True(output.IndexOf("Time:", StringComparison.Ordinal) > output.IndexOf(" one", StringComparison.Ordinal));
        Assert.True(output.LastIndexOf("Time:", StringComparison.Ordinal) < output.IndexOf(" three", StringComparison.Ordinal));
    }

    [Fact]
    public void Error_position_puts_the_caret_under_the_offending_token()
    {
        // The same text PostgreSQL 15's psql prints: the line of the error with its number, the caret in the column
        // of the token (counted in characters, so the two-byte é before it moves it by one, not two).
        const string script = "select 1\n  from pg_class\n where relname = = 1;\n"
            + "select 1 +* from;\n"
            + "select $$a$$ || 'é' || xyz_no_col from pg_class;\n";
        var (_, _, err) = _c.Psql(["-v", "ON_ERROR_STOP=0"], stdin: script);
        Assert.Contains("""
            ERROR:  syntax error at or near "="
            LINE 3:  where relname = = 1;
                                     ^
            """, err);
        Assert.Contains("""
            ERROR:  syntax error at or near "from"
            LINE 1: select 1 +* from;
                                ^
            """, err);
        Assert.Contains("""
            ERROR:  column "xyz_no_col" does not exist
            LINE 1: select $$a$$ || 'é' || xyz_no_col from pg_class;
                                           ^
            """, err);
    }

    [Fact]
    public void Multi_statement_query_is_an_implicit_transaction_block()
    {
        // One Query message with several statements (psql -c): DECLARE needs no BEGIN there, COMMIT in the middle
        // commits what came before it (with a WARNING) and the rest runs in a new transaction, VACUUM is refused.
        var (rc, output, err) = _c.Psql(["-At", "-c",
            "DECLARE imp_c CURSOR FOR SELECT g FROM generate_series(1, 3) g; FETCH 2 FROM imp_c; CLOSE imp_c"]);
        Assert.True(rc == 0, err);
        Assert.Equal("DECLARE CURSOR\n1\n2\nCLOSE CURSOR\n", output.Replace("\r", ""));
        (rc, _, err) = _c.Psql(["-c", "CREATE TABLE imp_t (a int)"]);
        Assert.True(rc == 0, err);
        (rc, _, err) = _c.Psql(["-c", "INSERT INTO imp_t VALUES (7); COMMIT; INSERT INTO imp_t VALUES (8); SELECT 1/0"]);
        Assert.NotEqual(0, rc);
        Assert.Contains("WARNING:  there is no transaction in progress", err);
        Assert.Contains("division by zero", err);
        (rc, output, err) = _c.Psql(["-At", "-c", "SELECT a FROM imp_t ORDER BY a"]);
        Assert.True(rc == 0, err);
        Assert.Equal("7\n", output);
        (rc, _, err) = _c.Psql(["-c", "SELECT 1; VACUUM"]);
        Assert.NotEqual(0, rc);
        Assert.Contains("VACUUM cannot run inside a transaction block", err);
    }

    [Fact]
    public void Fetch_count_reads_results_through_a_cursor()
    {
        // In FETCH_COUNT mode pg_cursors shows psql's own cursor; the rows arrive two at a time and print as one
        // table; an error after some batches prints the rows so far, and psql's transaction around the cursor is
        // rolled back so the next statement runs; inside a block psql declares the cursor in the open transaction.
        const string script = """
            \set FETCH_COUNT 2
            select name, is_holdable, is_scrollable from pg_cursors;
            select g from generate_series(1, 5) g;
            select 1 / (g - 3) as q from generate_series(1, 5) g;
            select 'after' as next;
            begin;
            select g * 10 as tens from generate_series(1, 3) g;
            commit;
            \set FETCH_COUNT 0
            select count(*) as open_cursors from pg_cursors;
            """;
        var (rc, output, err) = _c.Psql(["-v", "ON_ERROR_STOP=0"], stdin: script);
        Assert.True(rc == 0, err);
        Assert.Contains("""
                 name     | is_holdable | is_scrollable 
            --------------+-------------+---------------
             _psql_cursor | f           | f
            (1 row)
            """, output);
        Assert.Contains(" g \n---\n 1\n 2\n 3\n 4\n 5\n(5 rows)", output);
        Assert.Contains(" q  \n----\n  0\n -1\n", output);
        Assert.Contains("ERROR:  division by zero", err);
        Assert.Contains(" next  \n-------\n after\n(1 row)", output);
        Assert.Contains(" tens \n------\n   10\n   20\n   30\n(3 rows)", output);
        Assert.Contains(" open_cursors \n--------------\n            0\n(1 row)", output);
    }
}
