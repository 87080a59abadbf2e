// Polymorphic signatures (parse_coerce.c's enforce_generic_type_consistency, simplified): a built-in declared
// with anyelement / anyarray / anynonarray / anycompatible / anycompatiblearray is instantiated for the actual
// argument types before overload resolution compares it with the other candidates, so that resolution, argument
// coercion and the result type all see concrete types.
//   anyelement family: every anyelement / anynonarray argument and the element of every anyarray argument must be
//     the same type (unknown arguments are ignored; anynonarray refuses arrays).
//   anycompatible family: the common type of every anycompatible argument and of the elements of every
//     anycompatiblearray argument (implicit casts; a type that converts both ways with the first keeps the first).
// An instance whose family has only unknown arguments fails, remembering why (PostgreSQL reports "could not
// determine polymorphic type because input has type unknown" when nothing else matches).
// Entry points: Polymorphic.IsPolymorphic, Polymorphic.Instantiate.
using Tusk.Common.Types;

namespace Tusk.Executor.Functions;

internal static class Polymorphic
{
    public static bool IsPolymorphic(uint t) => t is TypeOid.AnyElement or TypeOid.AnyArray or TypeOid.AnyNonArray
        or TypeOid.AnyCompatible or TypeOid.AnyCompatibleArray;

    static bool IsAnyFamily(uint t) => t is TypeOid.AnyElement or TypeOid.AnyArray or TypeOid.AnyNonArray;

    /// <summary>
    /// The candidate with its polymorphic types replaced for <paramref name="args"/> (the candidate itself when it
    /// has none), or null when the arguments do not fit; <paramref name="unknownOnly"/> tells that a family had
    /// only unknown arguments.
    /// </summary>
    public static Builtin? Instantiate(Builtin c, uint[] args, out bool unknownOnly)
    {
        unknownOnly = false;
        if (!c.ArgTypes.Any(IsPolymorphic) && !IsPolymorphic(c.ReturnType))
            return c;
        if (c.ArgTypes.Length != args.Length)
            return null;
        uint elem = 0;
        var compatible = new List<uint>();
        bool usesAny = false;
        bool usesCompatible = false;
        for (int i = 0; i < args.Length; i++)
        {
            uint decl = c.ArgTypes[i];
            uint actual = args[i];
            if (!IsPolymorphic(decl))
                continue;
            if (IsAnyFamily(decl))
                usesAny = true;
            else
                usesCompatible = true;
            if (actual == TypeOid.Unknown)
                continue;
            uint actualElem = ArrayTypes.ElementOf(actual);
            switch (decl)
            {
                case TypeOid.AnyArray:
                    if (actualElem == 0 || (elem != 0 && elem != actualElem))
                        return null;
                    elem = actualElem;
                    break;
                case TypeOid.AnyElement:
                case TypeOid.AnyNonArray:
                    if ((decl == TypeOid.AnyNonArray && actualElem != 0) || (elem != 0 && elem != actual))
                        return null;
                    elem = actual;
                    break;
                case TypeOid.AnyCompatibleArray:
                    if (actualElem == 0)
                        return null;
                    compatible.Add(actualElem);
                    break;
                default: // anycompatible
                    if (actualElem != 0)
                        return null; // arrays of arrays do not exist
                    compatible.Add(actual);
                    break;
            }
        }
        if (usesAny && elem == 0 || usesCompatible && compatible.Count == 0)
        {
            unknownOnly = true;
            return null;
        }
        uint common = 0;
        if (usesCompatible)
        {
            common = CommonType(compatible);
            if (common == 0)
                return null;
        }
        var argTypes = new uint[args.Length];
        for (int i = 0; i < args.Length; i++)
        {
            uint t = Resolve(c.ArgTypes[i], elem, common);
            if (t == 0)
                return null;
            argTypes[i] = t;
        }
        uint ret = Resolve(c.ReturnType, elem, common);
        return ret == 0 ? null : c with { ArgTypes = argTypes, ReturnType = ret };
    }

    /// <summary>A declared type with the families resolved (0 when the needed array type does not exist).</summary>
    static uint Resolve(uint decl, uint elem, uint common) => decl switch
    {
        TypeOid.AnyElement or TypeOid.AnyNonArray => elem,
        TypeOid.AnyArray => ArrayTypes.ArrayOf(elem),
        TypeOid.AnyCompatible => common,
        TypeOid.AnyCompatibleArray => ArrayTypes.ArrayOf(common),
        _ => decl,
    };

    /// <summary>
    /// select_common_type over known types: the first type, replaced by a later one that it converts to implicitly
    /// but not back (varchar and text, which convert both ways, keep the first); 0 when two cannot be unified.
    /// </summary>
    static uint CommonType(List<uint> types)
    {
        uint t = types[0];
        foreach (uint u in types)
        {
            if (u == t || Casts.CanImplicit(u, t))
                continue;
            if (!Casts.CanImplicit(t, u))
                return 0;
            t = u;
        }
        return t;
    }
}
