// Operators and functions of the geometric types (utils/adt/geo_ops.c), the common subset: point constructors and
// arithmetic (complex multiplication and division, as PostgreSQL defines them), ~= (point_eq: fuzzy with EPSILON,
// NaN only equal to NaN) and <>, <-> distance, the position tests << >> <^ >^ <<| |>> ?- ?|; path npoints / # ,
// length / @-@, isclosed, isopen, popen, pclose, path + path, path ± * / point, the npts comparisons (= < ...);
// box, lseg and circle constructors. point has no = operator, as in PostgreSQL (so no DISTINCT or GROUP BY).
// Values are GeoIO's byte[] stored forms. Entry point: RegisterGeometry, called from the FunctionCatalog constructor.
using Tusk.Common.Errors;
using Tusk.Common.Types;

namespace Tusk.Executor.Functions;

internal static partial class FunctionCatalog
{
    static void RegisterGeometry()
    {
        const uint P = TypeOid.Point, Path = TypeOid.Path, F8 = TypeOid.Float8, B = TypeOid.Bool, I4 = TypeOid.Int4;

        Fn("point", [F8, F8], P, static (a, _) => GeoIO.Point(a[0].Float, a[1].Float));
        Fn("box", [P, P], TypeOid.Box, static (a, _) => GeoIO.Box(GeoIO.ReadPoint(a[0]), GeoIO.ReadPoint(a[1])));
        Fn("lseg", [P, P], TypeOid.Lseg, static (a, _) =>
        {
            var (p, q) = (GeoIO.ReadPoint(a[0]), GeoIO.ReadPoint(a[1]));
            return GeoIO.Make(TypeOid.Lseg, p.X, p.Y, q.X, q.Y);
        });
        Fn("circle", [P, F8], TypeOid.Circle, static (a, _) =>
        {
            var p = GeoIO.ReadPoint(a[0]);
            if (a[1].Float < 0)
                Throw.Error(SqlState.InvalidParameterValue, "circle radius must not be negative");
            return GeoIO.Make(TypeOid.Circle, p.X, p.Y, a[1].Float);
        });

        Op("~=", P, P, B, static (a, _) => Datum.FromBool(PointEq(a[0], a[1])));
        Op("<>", P, P, B, static (a, _) => Datum.FromBool(!PointEq(a[0], a[1])));
        Op("<->", P, P, F8, static (a, _) => Datum.FromFloat8(PointDistance(GeoIO.ReadPoint(a[0]), GeoIO.ReadPoint(a[1]))));
        foreach (char op in "+-*/")
        {
            char o = op;
            Op(o.ToString(), P, P, P, (a, _) =>
            {
                var (x, y) = PointArith(GeoIO.ReadPoint(a[0]), GeoIO.ReadPoint(a[1]), o);
                return GeoIO.Point(x, y);
            });
        }
        Op("<<", P, P, B, static (a, _) => Datum.FromBool(GeoIO.FpLt(GeoIO.Field(a[0], 0), GeoIO.Field(a[1], 0))));
        Op(">>", P, P, B, static (a, _) => Datum.FromBool(GeoIO.FpLt(GeoIO.Field(a[1], 0), GeoIO.Field(a[0], 0))));
        foreach (string below in new[] { "<^", "<<|" })
            Op(below, P, P, B, static (a, _) => Datum.FromBool(GeoIO.FpLt(GeoIO.Field(a[0], 1), GeoIO.Field(a[1], 1))));
        foreach (string above in new[] { ">^", "|>>" })
            Op(above, P, P, B, static (a, _) => Datum.FromBool(GeoIO.FpLt(GeoIO.Field(a[1], 1), GeoIO.Field(a[0], 1))));
        Op("?-", P, P, B, static (a, _) => Datum.FromBool(GeoIO.FpEq(GeoIO.Field(a[0], 1), GeoIO.Field(a[1], 1))));
        Op("?|", P, P, B, static (a, _) => Datum.FromBool(GeoIO.FpEq(GeoIO.Field(a[0], 0), GeoIO.Field(a[1], 0))));

        Fn("npoints", [Path], I4, static (a, _) => Datum.FromInt4(GeoIO.PointCount(a[0])));
        Add(PrefixOps, new Builtin("#", [Path], I4, static (a, _) => Datum.FromInt4(GeoIO.PointCount(a[0]))));
        Fn("length", [Path], F8, static (a, _) => Datum.FromFloat8(PathLength(a[0])));
        Add(PrefixOps, new Builtin("@-@", [Path], F8, static (a, _) => Datum.FromFloat8(PathLength(a[0]))));
        Fn("isclosed", [Path], B, static (a, _) => Datum.FromBool(GeoIO.PathPoints(a[0]).Closed));
        Fn("isopen", [Path], B, static (a, _) => Datum.FromBool(!GeoIO.PathPoints(a[0]).Closed));
        Fn("popen", [Path], Path, static (a, _) => GeoIO.MakePath(GeoIO.PathPoints(a[0]).Points, closed: false));
        Fn("pclose", [Path], Path, static (a, _) => GeoIO.MakePath(GeoIO.PathPoints(a[0]).Points, closed: true));
        Op("+", Path, Path, Path, static (a, _) =>
        {
            var (p, pc) = GeoIO.PathPoints(a[0]);
            var (q, qc) = GeoIO.PathPoints(a[1]);
            return pc || qc ? Datum.Null(TypeOid.Path) : GeoIO.MakePath([.. p, .. q], closed: false);
        });
        foreach (char op in "+-*/")
        {
            char o = op;
            Op(o.ToString(), Path, P, Path, (a, _) =>
            {
                var (pts, closed) = GeoIO.PathPoints(a[0]);
                var q = GeoIO.ReadPoint(a[1]);
                for (int i = 0; i < pts.Count; i++)
                    pts[i] = PointArith(pts[i], q, o);
                return GeoIO.MakePath(pts, closed);
            });
        }
        Op("=", Path, Path, B, static (a, _) => Datum.FromBool(GeoIO.PointCount(a[0]) == GeoIO.PointCount(a[1])));
        Op("<", Path, Path, B, static (a, _) => Datum.FromBool(GeoIO.PointCount(a[0]) < GeoIO.PointCount(a[1])));
        Op(">", Path, Path, B, static (a, _) => Datum.FromBool(GeoIO.PointCount(a[0]) > GeoIO.PointCount(a[1])));
        Op("<=", Path, Path, B, static (a, _) => Datum.FromBool(GeoIO.PointCount(a[0]) <= GeoIO.PointCount(a[1])));
        Op(">=", Path, Path, B, static (a, _) => Datum.FromBool(GeoIO.PointCount(a[0]) >= GeoIO.PointCount(a[1])));
    }

    static bool PointEq(in Datum a, in Datum b)
    {
        var (p, q) = (GeoIO.ReadPoint(a), GeoIO.ReadPoint(b));
        return GeoIO.PointEq(p.X, p.Y, q.X, q.Y);
    }

    /// <summary>pg_hypot: the distance without needless overflow; infinity wins over NaN.</summary>
    static double PointDistance((double X, double Y) p, (double X, double Y) q)
    {
        double x = Math.Abs(FloatArith('-', p.X, q.X)), y = Math.Abs(FloatArith('-', p.Y, q.Y));
        if (double.IsInfinity(x) || double.IsInfinity(y))
            return double.PositiveInfinity;
        if (double.IsNaN(x) || double.IsNaN(y))
            return double.NaN;
        if (x < y)
            (x, y) = (y, x);
        if (y == 0)
            return x;
        double yx = y / x;
        return x * Math.Sqrt(1.0 + yx * yx);
    }

    static double PathLength(in Datum d)
    {
        var (pts, closed) = GeoIO.PathPoints(d);
        double sum = 0;
        for (int i = 0; i < pts.Count; i++)
        {
            if (i == 0 && !closed)
                continue;
            sum = FloatArith('+', sum, PointDistance(pts[i == 0 ? pts.Count - 1 : i - 1], pts[i]));
        }
        return sum;
    }

    /// <summary>point_add / point_sub / point_mul / point_div (complex arithmetic) with float8's overflow checks.</summary>
    static (double X, double Y) PointArith((double X, double Y) p, (double X, double Y) q, char op)
    {
        switch (op)
        {
            case '+' or '-':
                return (FloatArith(op, p.X, q.X), FloatArith(op, p.Y, q.Y));
            case '*':
            {
                double xx = FloatArith('*', p.X, q.X), yy = FloatArith('*', p.Y, q.Y);
                double xy = FloatArith('*', p.X, q.Y), yx = FloatArith('*', p.Y, q.X);
                return (FloatArith('-', xx, yy), FloatArith('+', xy, yx));
            }
            default:
            {
                double div = FloatArith('+', FloatArith('*', q.X, q.X), FloatArith('*', q.Y, q.Y));
                double a1 = FloatArith('*', p.X, q.X), a2 = FloatArith('*', p.Y, q.Y);
                double b1 = FloatArith('*', p.Y, q.X), b2 = FloatArith('*', p.X, q.Y);
                return (FloatArith('/', FloatArith('+', a1, a2), div), FloatArith('/', FloatArith('-', b1, b2), div));
            }
        }
    }
}
