// Arrays and json through Npgsql: int[] and text[] parameters and results in the binary format (array_send /
// array_recv, with NULL elements, several dimensions and lower bounds), array columns written and read back, and
// a jsonb round trip (binary: version byte 1 + text).
using Npgsql;
using NpgsqlTypes;

namespace Tusk.Integration.Tests;

public sealed class ArrayJsonTests : IClassFixture<ArrayJsonTests.Cluster>
{
    public sealed class Cluster : IDisposable
    {
        public TuskCluster C { get; } = new();

        public void Dispose() => C.Dispose();
    }

    readonly TuskCluster _c;

    public ArrayJsonTests(Cluster f) => _c = f.C;

    NpgsqlConnection Open()
    {
        var conn = new NpgsqlConnection(_c.ConnectionString());
        conn.Open();
        return conn;
    }

    [Fact]
    public void Int_and_text_arrays_as_binary_parameters_and_results()
    {
        using var conn = Open();
        using var cmd = new NpgsqlCommand(
            "SELECT $1 || 4, array_length($1, 1), $2, cardinality($2), $2[2] IS NULL, ARRAY[[1,2],[3,4]]", conn);
        cmd.Parameters.Add(new NpgsqlParameter { Value = new[] { 1, 2, 3 }, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer });
        cmd.Parameters.Add(new NpgsqlParameter
        {
            Value = new string?[] { "a b", null, "\"q\"" }, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text,
        });
        using var r = cmd.ExecuteReader();
        Assert.True(r.Read());
        Assert.Equal(new[] { 1, 2, 3, 4 }, r.GetFieldValue<int[]>(0));
        Assert.Equal(3, r.GetInt32(1));
        Assert.Equal(new string?[] { "a b", null, "\"q\"" }, r.GetFieldValue<string?[]>(2));
        Assert.Equal(3, r.GetInt32(3));
        Assert.True(r.GetBoolean(4));
        Assert.Equal(new[,] { { 1, 2 }, { 3, 4 } }, r.GetFieldValue<int[,]>(5));
    }

    [Fact]
    public void Array_columns_round_trip_through_a_table()
    {
        using var conn = Open();
        using (var create = new NpgsqlCommand("CREATE TABLE arr_np (id int, nums int[], tags text[])", conn))
            create.ExecuteNonQuery();
        using (var ins = new NpgsqlCommand("INSERT INTO arr_np VALUES ($1, $2, $3)", conn))
        {
            ins.Parameters.Add(new NpgsqlParameter { Value = 1 });
            ins.Parameters.Add(new NpgsqlParameter { Value = new[] { 10, 20 } });
            ins.Parameters.Add(new NpgsqlParameter { Value = new[] { "x", "y" } });
            ins.ExecuteNonQuery();
        }
        using var sel = new NpgsqlCommand("SELECT nums, tags FROM arr_np WHERE $1 = ANY(tags)", conn);
        sel.Parameters.Add(new NpgsqlParameter { Value = "y" });
        using var r = sel.ExecuteReader();
        Assert.True(r.Read());
        Assert.Equal(new[] { 10, 20 }, r.GetFieldValue<int[]>(0));
        Assert.Equal(new[] { "x", "y" }, r.GetFieldValue<string[]>(1));
        Assert.False(r.Read());
    }

    [Fact]
    public void Array_text_results_keep_bounds()
    {
        using var conn = Open();
        using var cmd = new NpgsqlCommand("SELECT '[0:1]={1,2}'::int[]::text", conn);
        Assert.Equal("[0:1]={1,2}", cmd.ExecuteScalar());
    }

    [Fact]
    public void Jsonb_round_trips_in_binary()
    {
        using var conn = Open();
        using (var create = new NpgsqlCommand("CREATE TABLE js_np (id int, doc jsonb, raw json)", conn))
            create.ExecuteNonQuery();
        using (var ins = new NpgsqlCommand("INSERT INTO js_np VALUES (1, $1, $2)", conn))
        {
            ins.Parameters.Add(new NpgsqlParameter { Value = "{\"b\": [1, 2.50], \"a\": \"x\", \"b\": null}", NpgsqlDbType = NpgsqlDbType.Jsonb });
            ins.Parameters.Add(new NpgsqlParameter { Value = "{\"k\" :  1}", NpgsqlDbType = NpgsqlDbType.Json });
            ins.ExecuteNonQuery();
        }
        using var sel = new NpgsqlCommand("SELECT doc, raw, doc -> 'a', $1::jsonb @> doc FROM js_np", conn);
        sel.Parameters.Add(new NpgsqlParameter { Value = "{\"a\": \"x\", \"b\": null, \"c\": 1}", NpgsqlDbType = NpgsqlDbType.Jsonb });
        using var r = sel.ExecuteReader();
        Assert.True(r.Read());
        Assert.Equal("{\"a\": \"x\", \"b\": null}", r.GetString(0));
        Assert.Equal("{\"k\" :  1}", r.GetString(1));
        Assert.Equal("\"x\"", r.GetString(2));
        Assert.True(r.GetBoolean(3));
        Assert.Equal("jsonb", r.GetDataTypeName(0));
    }
}
