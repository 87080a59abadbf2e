// Casts of json and jsonb (pg_cast): json ⇄ jsonb by assignment (jsonb normalizes), jsonb to boolean, numeric,
// smallint, integer, bigint, real and double precision explicitly (only a JSON value of the matching kind converts:
// "cannot cast jsonb string to type integer"); text ⇄ json(b) are the I/O conversion casts.
// Entry points: JsonAssign, JsonExplicit, TryCastJson.
using Tusk.Common.Errors;
using Tusk.Common.Types;

namespace Tusk.Executor.Functions;

internal static partial class Casts
{
    static bool JsonAssign(uint from, uint to) =>
        (from, to) is (TypeOid.Json, TypeOid.Jsonb) or (TypeOid.Jsonb, TypeOid.Json);

    static bool JsonExplicit(uint from, uint to) =>
        from == TypeOid.Jsonb && (to == TypeOid.Bool || TypeNames.IsNumber(to));

    static bool TryCastJson(in Datum v, uint to, OutputContext oc, out Datum result)
    {
        result = default;
        switch (v.Type, to)
        {
            case (TypeOid.Json, TypeOid.Jsonb):
                result = Datum.FromText(JsonText.Normalize(v.Text), to);
                return true;
            case (TypeOid.Jsonb, TypeOid.Json):
                result = Datum.FromText(v.Text, to);
                return true;
            case (TypeOid.Jsonb, _) when JsonExplicit(TypeOid.Jsonb, to):
            {
                var n = JsonText.ParseJson(v.Text);
                var want = to == TypeOid.Bool ? JsonKind.Bool : JsonKind.Number;
                if (n.Kind != want)
                {
                    string kind = n.Kind switch
                    {
                        JsonKind.Object => "object",
                        JsonKind.Array => "array",
                        JsonKind.String => "string",
                        JsonKind.Number => "numeric",
                        JsonKind.Bool => "boolean",
                        _ => "null",
                    };
                    Throw.Error(SqlState.InvalidParameterValue,
                        $"cannot cast jsonb {kind} to type {TypeNames.Display(to)}");
                }
                result = to == TypeOid.Bool ? Datum.FromBool(n.Bool) : CastValue(Datum.FromNumeric(n.Numeric), to, oc);
                return true;
            }
            default:
                return false;
        }
    }
}
