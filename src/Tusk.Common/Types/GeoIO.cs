// The geometric types' values (utils/adt/geo_ops.c): point, lseg, box, line, circle, path and polygon.
// A value is a byte[] holding its stored form, little-endian float8s as in PostgreSQL's structs: point (x, y),
// lseg (p0, p1), box (high, low), line (A, B, C), circle (center, radius) are fixed width (typalign d); path is a
// varlena payload of npts int32, closed int32, pad int32, points; polygon of npts int32, bounding box, points.
// Text input follows pair_decode / path_decode (parentheses optional where PostgreSQL allows, 22P02 "invalid input
// syntax for type point: ..."), output uses float8out (extra_float_digits). Binary I/O is point_send & co.
// Entry points: Handles, ToText, FromText, WriteBinary, FromBinary, Point, ReadPoint, PointCount, PathPoints.
using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using Tusk.Common.Errors;

namespace Tusk.Common.Types;

/// <summary>Text and binary I/O of the geometric types; values are byte[] in their stored form.</summary>
public static class GeoIO
{
    /// <summary>Whether the type is one of the geometric types handled here.</summary>
    public static bool Handles(uint type) => type is TypeOid.Point or TypeOid.Lseg or TypeOid.Path or TypeOid.Box
        or TypeOid.Polygon or TypeOid.Line or TypeOid.Circle;

    /// <summary>pg_type.typname of a geometric type.</summary>
    public static string Name(uint type) => type switch
    {
        TypeOid.Point => "point",
        TypeOid.Lseg => "lseg",
        TypeOid.Path => "path",
        TypeOid.Box => "box",
        TypeOid.Polygon => "polygon",
        TypeOid.Line => "line",
        _ => "circle",
    };

    // ---- values --------------------------------------------------------------------------------------------

    /// <summary>A point value.</summary>
    public static Datum Point(double x, double y) => Make(TypeOid.Point, x, y);

    /// <summary>A fixed-width value from its float8 fields in stored order.</summary>
    public static Datum Make(uint type, params ReadOnlySpan<double> fields)
    {
        var b = new byte[fields.Length * 8];
        for (int i = 0; i < fields.Length; i++)
            BinaryPrimitives.WriteDoubleLittleEndian(b.AsSpan(i * 8), fields[i]);
        return Datum.FromBytes(b).WithType(type);
    }

    /// <summary>The float8 at field <paramref name="i"/> of a fixed-width value.</summary>
    public static double Field(in Datum d, int i) => BinaryPrimitives.ReadDoubleLittleEndian(((byte[])d.Ref!).AsSpan(i * 8));

    public static (double X, double Y) ReadPoint(in Datum d) => (Field(d, 0), Field(d, 1));

    /// <summary>A path value.</summary>
    public static Datum MakePath(IReadOnlyList<(double X, double Y)> pts, bool closed)
    {
        var b = new byte[12 + 16 * pts.Count];
        BinaryPrimitives.WriteInt32LittleEndian(b, pts.Count);
        BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(4), closed ? 1 : 0);
        WritePoints(b.AsSpan(12), pts);
        return Datum.FromBytes(b).WithType(TypeOid.Path);
    }

    /// <summary>A polygon value (its bounding box computed).</summary>
    public static Datum MakePolygon(IReadOnlyList<(double X, double Y)> pts)
    {
        var b = new byte[36 + 16 * pts.Count];
        BinaryPrimitives.WriteInt32LittleEndian(b, pts.Count);
        if (pts.Count > 0)
        {
            double x1 = pts.Max(p => p.X), y1 = pts.Max(p => p.Y), x2 = pts.Min(p => p.X), y2 = pts.Min(p => p.Y);
            WritePoints(b.AsSpan(4), [(x1, y1), (x2, y2)]);
        }
        WritePoints(b.AsSpan(36), pts);
        return Datum.FromBytes(b).WithType(TypeOid.Polygon);
    }

    static void WritePoints(Span<byte> dst, IReadOnlyList<(double X, double Y)> pts)
    {
        for (int i = 0; i < pts.Count; i++)
        {
            BinaryPrimitives.WriteDoubleLittleEndian(dst[(i * 16)..], pts[i].X);
            BinaryPrimitives.WriteDoubleLittleEndian(dst[(i * 16 + 8)..], pts[i].Y);
        }
    }

    /// <summary>The number of points of a path or polygon (npts).</summary>
    public static int PointCount(in Datum d) => BinaryPrimitives.ReadInt32LittleEndian((byte[])d.Ref!);

    /// <summary>The points of a path or polygon and whether it is closed (a polygon always is).</summary>
    public static (List<(double X, double Y)> Points, bool Closed) PathPoints(in Datum d)
    {
        var b = (byte[])d.Ref!;
        int n = PointCount(d);
        bool poly = d.Type == TypeOid.Polygon;
        int at = poly ? 36 : 12;
        var pts = new List<(double, double)>(n);
        for (int i = 0; i < n; i++)
            pts.Add((BinaryPrimitives.ReadDoubleLittleEndian(b.AsSpan(at + i * 16)),
                BinaryPrimitives.ReadDoubleLittleEndian(b.AsSpan(at + i * 16 + 8))));
        return (pts, poly || BinaryPrimitives.ReadInt32LittleEndian(b.AsSpan(4)) != 0);
    }

    // ---- text output ---------------------------------------------------------------------------------------

    /// <summary>The text form of a geometric value.</summary>
    public static string ToText(in Datum d, int extraDigits)
    {
        var sb = new StringBuilder();
        string F(double v) => NumberIO.FormatFloat8(v, extraDigits);
        void Pt(double x, double y) => sb.Append('(').Append(F(x)).Append(',').Append(F(y)).Append(')');
        void Pts(List<(double X, double Y)> pts)
        {
            for (int i = 0; i < pts.Count; i++)
            {
                if (i > 0)
                    sb.Append(',');
                Pt(pts[i].X, pts[i].Y);
            }
        }
        switch (d.Type)
        {
            case TypeOid.Point:
                Pt(Field(d, 0), Field(d, 1));
                break;
            case TypeOid.Lseg:
                sb.Append('[');
                Pt(Field(d, 0), Field(d, 1));
                sb.Append(',');
                Pt(Field(d, 2), Field(d, 3));
                sb.Append(']');
                break;
            case TypeOid.Box:
                Pt(Field(d, 0), Field(d, 1));
                sb.Append(',');
                Pt(Field(d, 2), Field(d, 3));
                break;
            case TypeOid.Line:
                sb.Append('{').Append(F(Field(d, 0))).Append(',').Append(F(Field(d, 1))).Append(',')
                    .Append(F(Field(d, 2))).Append('}');
                break;
            case TypeOid.Circle:
                sb.Append('<');
                Pt(Field(d, 0), Field(d, 1));
                sb.Append(',').Append(F(Field(d, 2))).Append('>');
                break;
            default:
            {
                var (pts, closed) = PathPoints(d);
                sb.Append(closed ? '(' : '[');
                Pts(pts);
                sb.Append(closed ? ')' : ']');
                break;
            }
        }
        return sb.ToString();
    }

    // ---- text input ----------------------------------------------------------------------------------------

    /// <summary>Reads a geometric value's text form (22P02 on bad syntax, 22003 on a float out of range).</summary>
    public static Datum FromText(string s, uint type)
    {
        var p = new Parser(s, Name(type));
        switch (type)
        {
            case TypeOid.Point:
            {
                var (x, y) = p.Pair();
                p.End();
                return Point(x, y);
            }
            case TypeOid.Lseg:
            {
                var pts = p.PathDecode(true, 2, out _);
                p.End();
                return Make(type, pts[0].X, pts[0].Y, pts[1].X, pts[1].Y);
            }
            case TypeOid.Box:
            {
                var pts = p.PathDecode(false, 2, out _);
                p.End();
                return Box(pts[0], pts[1]);
            }
            case TypeOid.Line:
                return ParseLine(p);
            case TypeOid.Circle:
                return ParseCircle(p);
            default:
            {
                int n = PairCount(s);
                if (n <= 0)
                    p.Fail();
                p.SkipSpaces();
                // A path may have one pair of parentheses around its points that path_decode does not take.
                bool paren = type == TypeOid.Path && p.Peek == '(' && s.LastIndexOf('(') == p.Pos;
                if (paren)
                    p.Pos++;
                var pts = p.PathDecode(type == TypeOid.Path, n, out bool isOpen);
                if (paren)
                {
                    if (p.Peek != ')')
                        p.Fail();
                    p.Pos++;
                    p.SkipSpaces();
                }
                p.End();
                return type == TypeOid.Path ? MakePath(pts, !isOpen) : MakePolygon(pts);
            }
        }
    }

    /// <summary>A box with its corners put in (high, low) order.</summary>
    public static Datum Box((double X, double Y) a, (double X, double Y) b) =>
        Make(TypeOid.Box, Math.Max(a.X, b.X), Math.Max(a.Y, b.Y), Math.Min(a.X, b.X), Math.Min(a.Y, b.Y));

    static Datum ParseLine(Parser p)
    {
        p.SkipSpaces();
        if (p.Peek == '{')
        {
            p.Pos++;
            double a = p.Float();
            p.Expect(',');
            double b = p.Float();
            p.Expect(',');
            double c = p.Float();
            p.Expect('}');
            p.SkipSpaces();
            p.End();
            if (Math.Abs(a) <= Epsilon && Math.Abs(b) <= Epsilon)
                Throw.Error(SqlState.InvalidParameterValue, "invalid line specification: A and B cannot both be zero");
            return Make(TypeOid.Line, a, b, c);
        }
        var pts = p.PathDecode(true, 2, out _);
        p.End();
        var (p0, p1) = (pts[0], pts[1]);
        if (PointEq(p0.X, p0.Y, p1.X, p1.Y))
            Throw.Error(SqlState.InvalidParameterValue, "invalid line specification: must be two distinct points");
        return LineThrough(p0, p1);
    }

    /// <summary>line_construct through two points (A x + B y + C = 0, B = -1 unless vertical).</summary>
    public static Datum LineThrough((double X, double Y) p0, (double X, double Y) p1)
    {
        double m = FpEq(p0.X, p1.X) ? double.PositiveInfinity : FpEq(p0.Y, p1.Y) ? 0 : (p0.Y - p1.Y) / (p0.X - p1.X);
        double a, b, c;
        if (double.IsInfinity(m))
            (a, b, c) = (-1, 0, p0.X);
        else if (m == 0)
            (a, b, c) = (0, -1, p0.Y);
        else
            (a, b, c) = (m, -1, p0.Y - m * p0.X);
        return Make(TypeOid.Line, a, b, c == 0 ? 0 : c);
    }

    static Datum ParseCircle(Parser p)
    {
        int depth = 0;
        p.SkipSpaces();
        if (p.Peek == '<')
        {
            depth++;
            p.Pos++;
        }
        else if (p.Peek == '(' && p.DoubledParen(out int cp))
        {
            depth++;
            p.Pos = cp;
        }
        var (x, y) = p.Pair();
        if (p.Peek == ',')
            p.Pos++;
        double r = p.Float();
        if (r < 0)
            p.Fail();
        p.Close(depth, '>');
        p.End();
        return Make(TypeOid.Circle, x, y, r);
    }

    /// <summary>pair_count: (number of commas + 1) / 2, or -1 when the comma count is even.</summary>
    static int PairCount(string s)
    {
        int n = s.Count(c => c == ',');
        return n % 2 == 1 ? (n + 1) / 2 : -1;
    }

    /// <summary>A cursor over the input with PostgreSQL's geometric decoders.</summary>
    sealed class Parser(string text, string typeName)
    {
        public readonly string Text = text;
        public int Pos;

        public char Peek => Pos < Text.Length ? Text[Pos] : '\0';

        [System.Diagnostics.CodeAnalysis.DoesNotReturn]
        public void Fail() =>
            Throw.Error(SqlState.InvalidTextRepresentation, $"invalid input syntax for type {typeName}: \"{Text}\"");

        public void SkipSpaces()
        {
            while (Pos < Text.Length && NumberIO.IsSpace(Text[Pos]))
                Pos++;
        }

        public void End()
        {
            if (Pos != Text.Length)
                Fail();
        }

        public void Expect(char c)
        {
            if (Peek != c)
                Fail();
            Pos++;
        }

        /// <summary>float8in_internal with an end pointer: spaces around, a strtod prefix.</summary>
        public double Float()
        {
            SkipSpaces();
            int start = Pos;
            if (!NumberIO.TryParseFloat8Prefix(Text.AsSpan(Pos), out double v, out int used, out bool range))
                Fail();
            Pos += used;
            if (range)
                Throw.Error(SqlState.NumericValueOutOfRange,
                    $"\"{Text[start..Pos]}\" is out of range for type double precision");
            SkipSpaces();
            return v;
        }

        /// <summary>pair_decode: [(] x , y [)].</summary>
        public (double, double) Pair()
        {
            SkipSpaces();
            bool delim = Peek == '(';
            if (delim)
                Pos++;
            double x = Float();
            Expect(',');
            double y = Float();
            if (delim)
            {
                Expect(')');
                SkipSpaces();
            }
            return (x, y);
        }

        /// <summary>path_decode: npts pairs, in [ ] (open, when allowed) or ( ), or bare.</summary>
        public List<(double X, double Y)> PathDecode(bool openAllowed, int npts, out bool isOpen)
        {
            int depth = 0;
            SkipSpaces();
            isOpen = Peek == '[';
            if (isOpen)
            {
                if (!openAllowed)
                    Fail();
                depth++;
                Pos++;
            }
            else if (Peek == '(' && (DoubledParen(out int cp) || Text.LastIndexOf('(') == Pos))
            {
                depth++;
                Pos = cp;
            }
            var pts = new List<(double, double)>(npts);
            for (int i = 0; i < npts; i++)
            {
                pts.Add(Pair());
                if (Peek == ',')
                    Pos++;
            }
            Close(depth, isOpen ? ']' : ')');
            return pts;
        }

        /// <summary>At a '(': whether another '(' follows after spaces; <paramref name="next"/> is past the spaces.</summary>
        public bool DoubledParen(out int next)
        {
            next = Pos + 1;
            while (next < Text.Length && NumberIO.IsSpace(Text[next]))
                next++;
            return next < Text.Length && Text[next] == '(';
        }

        /// <summary>Reads <paramref name="depth"/> closing ')' (the outermost may be <paramref name="outer"/>).</summary>
        public void Close(int depth, char outer)
        {
            for (; depth > 0; depth--)
            {
                if (Peek != ')' && (Peek != outer || depth != 1))
                    Fail();
                Pos++;
                SkipSpaces();
            }
        }
    }

    // ---- binary I/O ----------------------------------------------------------------------------------------

    /// <summary>point_send and the others: big-endian float8s (path: closed byte and npts first).</summary>
    public static void WriteBinary(in Datum d, IBufferWriter<byte> w)
    {
        var b = (byte[])d.Ref!;
        int header = 0;
        int from = 0;
        if (d.Type == TypeOid.Path)
        {
            var span = w.GetSpan(5);
            span[0] = b[4] != 0 ? (byte)1 : (byte)0;
            BinaryPrimitives.WriteInt32BigEndian(span[1..], BinaryPrimitives.ReadInt32LittleEndian(b));
            w.Advance(5);
            from = 12;
        }
        else if (d.Type == TypeOid.Polygon)
        {
            header = 4;
            from = 36;
        }
        if (header > 0)
        {
            BinaryPrimitives.WriteInt32BigEndian(w.GetSpan(4), BinaryPrimitives.ReadInt32LittleEndian(b));
            w.Advance(4);
        }
        int n = (b.Length - from) / 8;
        var dst = w.GetSpan(n * 8);
        for (int i = 0; i < n; i++)
            BinaryPrimitives.WriteDoubleBigEndian(dst[(i * 8)..], BinaryPrimitives.ReadDoubleLittleEndian(b.AsSpan(from + i * 8)));
        w.Advance(n * 8);
    }

    /// <summary>point_recv and the others (22P03 on a wrong length).</summary>
    public static Datum FromBinary(ReadOnlySpan<byte> b, uint type)
    {
        static double D(ReadOnlySpan<byte> s, int i) => BinaryPrimitives.ReadDoubleBigEndian(s[(i * 8)..]);
        int fields = type switch { TypeOid.Point => 2, TypeOid.Lseg or TypeOid.Box => 4, TypeOid.Line or TypeOid.Circle => 3, _ => 0 };
        if (fields > 0)
        {
            if (b.Length != fields * 8)
                Throw.Error(SqlState.InvalidBinaryRepresentation, "incorrect binary data format in bind parameter");
            if (type == TypeOid.Box)
                return Box((D(b, 0), D(b, 1)), (D(b, 2), D(b, 3)));
            Span<double> f = stackalloc double[fields];
            for (int i = 0; i < fields; i++)
                f[i] = D(b, i);
            return Make(type, f);
        }
        int at = type == TypeOid.Path ? 5 : 4;
        if (b.Length < at)
            Throw.Error(SqlState.InvalidBinaryRepresentation, "insufficient data left in message");
        int n = BinaryPrimitives.ReadInt32BigEndian(type == TypeOid.Path ? b[1..] : b);
        if (n < 0 || b.Length != at + n * 16)
            Throw.Error(SqlState.InvalidBinaryRepresentation, $"invalid number of points in external \"{Name(type)}\" value");
        var pts = new List<(double, double)>(n);
        for (int i = 0; i < n; i++)
            pts.Add((D(b[at..], 2 * i), D(b[at..], 2 * i + 1)));
        return type == TypeOid.Path ? MakePath(pts, b[0] != 0) : MakePolygon(pts);
    }

    // ---- fuzzy comparison (geo_decls.h) --------------------------------------------------------------------

    /// <summary>EPSILON of the geometric comparisons.</summary>
    public const double Epsilon = 1.0E-06;

    public static bool FpEq(double a, double b) => a == b || Math.Abs(a - b) <= Epsilon;

    public static bool FpLt(double a, double b) => a + Epsilon < b;

    /// <summary>point_eq_point: fuzzy, except that NaNs must match exactly (NaN equals NaN).</summary>
    public static bool PointEq(double x1, double y1, double x2, double y2)
    {
        if (double.IsNaN(x1) || double.IsNaN(y1) || double.IsNaN(x2) || double.IsNaN(y2))
            return x1.Equals(x2) && y1.Equals(y2);
        return FpEq(x1, x2) && FpEq(y1, y2);
    }
}
