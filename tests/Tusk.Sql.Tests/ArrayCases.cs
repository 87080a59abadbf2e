// Array expressions against the results PostgreSQL 15 gives for them (text output; NULL as NULL): literals and
// their text form, casts, ARRAY[] constructors, subscripts and slices, comparisons, containment, ANY/ALL, ||, and
// the array functions; also the array_in parser's errors with their DETAIL (the stored layout: Access.Tests ArrayCodecTests).
namespace Tusk.Sql.Tests;

/// <summary>The arrays cases of <see cref="ExpressionTableTests"/>.</summary>
static class ArrayCases
{
    // expression <TAB> PostgreSQL 15's output
    public const string Values = """
'{1,2,NULL}'::int[]	{1,2,NULL}
'{{1,2},{3,4}}'::int[]	{{1,2},{3,4}}
'{"a b", "c\"d", NULL, "NULL", "", " x ", "\\"}'::text[]	{"a b","c\"d",NULL,"NULL",""," x ","\\"}
'[0:1]={1,2}'::int[]	[0:1]={1,2}
'[1:2][3:4]={{1,2},{3,4}}'::int[]	[1:2][3:4]={{1,2},{3,4}}
'{}'::int[]	{}
'{ }'::text[]	{}
'{ 1 , 2 }'::int[]	{1,2}
'{"1",2}'::int[]	{1,2}
'{a b}'::text[]	{"a b"}
'{ a  b }'::text[]	{"a  b"}
'{null,NULL,"null"}'::text[]	{NULL,NULL,"null"}
'{a\,b,c\\d}'::text[]	{"a,b","c\\d"}
'{{"a"},{b}}'::text[]	{{a},{b}}
'{1.50,NaN}'::numeric[]	{1.50,NaN}
'{1.5,-Infinity}'::float8[]	{1.5,-Infinity}
'{t,f,yes}'::bool[]	{t,f,t}
'{2020-01-02,infinity}'::date[]	{2020-01-02,infinity}
'{"1 day","2 hours"}'::interval[]	{"1 day",02:00:00}
'{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}'::uuid[]	{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}
'{"\\x0102"}'::bytea[]	{"\\x0102"}
'{abc,de}'::varchar(2)[]	{ab,de}
'{a,b}'::char(2)[]	{"a ","b "}
'{1,2}'::int[]::text	{1,2}
'{1,2}'::int[]::text[]	{1,2}
'{1.5,2.4}'::numeric[]::int[]	{2,2}
'{1,2}'::int2[]::int8[]	{1,2}
array[1,2,3]	{1,2,3}
array[1,2.5]	{1,2.5}
array['a','b']	{a,b}
array[null]	{NULL}
array[null,1]	{NULL,1}
array[[1,2],[3,4]]	{{1,2},{3,4}}
array[array[1,2],array[3,4]]	{{1,2},{3,4}}
array[]::int[]	{}
array['1','2']::int[]	{1,2}
array[1,2]::text[]	{1,2}
array[array['a']]	{{a}}
(array[1,2,3])[2]	2
(array[1,2,3])[5]	NULL
(array[1,2,3])[null]	NULL
(array[1,2,3])[2:3]	{2,3}
(array[1,2,3])[:2]	{1,2}
(array[1,2,3])[2:]	{2,3}
(array[1,2,3])[:]	{1,2,3}
(array[1,2,3])[3:1]	{}
(array[1,2,3])[0:10]	{1,2,3}
(array[1,2,3])[null:2]	NULL
(array[[1,2],[3,4]])[2]	NULL
(array[[1,2],[3,4]])[2][1]	3
(array[[1,2],[3,4]])[1:1]	{{1,2}}
(array[[1,2],[3,4]])[1:2][2]	{{1,2},{3,4}}
(array[[1,2],[3,4]])[2:2][1:2]	{{3,4}}
('[0:2]={1,2,3}'::int[])[0]	1
('[0:2]={1,2,3}'::int[])[1:2]	{2,3}
(array[1,2,3])['1']	1
(array[1,2,3])[1.5]	2
array[1,2] = array[1,2]	t
array[1,2] <> array[1,2]	f
array[1,2] < array[1,3]	t
array[1,2] < array[1,2,0]	t
array[1,null] = array[1,null]	t
array[1,null] > array[1,2]	t
'{{1}}'::int[] = '{1}'::int[]	f
'{1}'::int[] = '[0:0]={1}'::int[]	f
array['a','b'] >= array['a']	t
array[1,2] @> array[2]	t
array[1,2] <@ array[2]	f
array[2] <@ array[1,2]	t
array[1,null] && array[null::int]	f
array[1,null] @> array[null::int]	f
array[1,2] && array[2,3]	t
array[1,2] @> '{}'	t
'{{1,2},{3,4}}'::int[] @> array[4]	t
1 = any(array[1,2])	t
3 = any(array[1,2])	f
3 = any(array[1,null])	NULL
1 = any('{1,2}')	t
1 = any(null::int[])	NULL
null = any('{}'::int[])	f
null::int = all('{}'::int[])	t
1 = all(array[1,1])	t
1 = all(array[1,2])	f
1 = all(array[1,null])	NULL
2 = all(array[1,null])	f
1 <> all(array[2,3])	t
1 < any(array[0,5])	t
1.5 = any(array[1,2])	f
'a' = any(array['a','b'])	t
'a' like any(array['x%','a%'])	t
'a' like all(array['x%','a%'])	f
5 > some(array[1,9])	t
2 = any(array[1,2]::bigint[])	t
array[1,2] || array[3]	{1,2,3}
array[1,2] || 3	{1,2,3}
0 || array[1,2]	{0,1,2}
array[1,2] || '{3}'	{1,2,3}
'{3}' || array[1,2]	{3,1,2}
array[1] || 2::bigint	{1,2}
array[[1,2]] || array[3,4]	{{1,2},{3,4}}
'{a,b}'::text[] || 'c'::text	{a,b,c}
'c'::text || '{a,b}'::text[]	{c,a,b}
null::int[] || 1	{1}
array[1] || null	{1}
array[1] || null::int	{1,NULL}
array_length(array[1,2,3], 1)	3
array_length('{{1,2,3},{4,5,6}}'::int[], 2)	3
array_length('{}'::int[], 1)	NULL
array_length(array[1], 0)	NULL
array_upper('[3:5]={1,2,3}'::int[], 1)	5
array_lower('[3:5]={1,2,3}'::int[], 1)	3
array_lower(array[1,2], 2)	NULL
array_ndims('{{1},{2}}'::int[])	2
array_ndims('{}'::int[])	NULL
array_dims('[0:1][2:3]={{1,2},{3,4}}'::int[])	[0:1][2:3]
array_dims(array[1,2])	[1:2]
array_dims('{}'::int[])	NULL
cardinality('{{1,2},{3,4}}'::int[])	4
cardinality('{}'::int[])	0
array_append(array[1,2], 3)	{1,2,3}
array_append(null::int[], 1)	{1}
array_append('[5:6]={1,2}'::int[], 3)	[5:7]={1,2,3}
array_prepend(0, array[1,2])	{0,1,2}
array_prepend(0, '[5:6]={1,2}'::int[])	[5:7]={0,1,2}
array_prepend(1, null)	{1}
array_cat(array[1,2], array[3,4])	{1,2,3,4}
array_cat(null::int[], array[1])	{1}
array_cat(array[[1,2]], array[3,4])	{{1,2},{3,4}}
array_cat(array[1], array[[2]])	{{1},{2}}
array_cat('[5:6]={1,2}'::int[], '[3:3]={9}'::int[])	[5:7]={1,2,9}
array_cat('{}'::int[], '[3:3]={1}'::int[])	[3:3]={1}
array_position(array['a','b','a'], 'a')	1
array_position(array['a','b','a'], 'a', 2)	3
array_position(array['a','b'], 'c')	NULL
array_position(array[1,null], null)	2
array_positions(array[1,null,1,null], null)	{2,4}
array_positions(array[1,2], 3)	{}
array_positions('[3:5]={1,2,1}'::int[], 1)	{3,5}
array_remove(array[1,2,1], 1)	{2}
array_remove('[3:5]={1,2,1}'::int[], 1)	[3:3]={2}
array_remove(array[1,null], null)	{1}
array_remove(array[1,1], 1)	{}
array_replace(array[1,2,1], 1, 9)	{9,2,9}
array_replace('[2:3]={1,null}'::int[], null, 5)	[2:3]={1,5}
array_to_string(array[1,null,3], ',')	1,3
array_to_string(array[1,null,3], ',', '*')	1,*,3
array_to_string('{{1,2},{3,null}}'::int[], '-')	1-2-3
array_to_string(array['a','b'], ', ')	a, b
array_to_string(array[true,false], ',')	t,f
string_to_array('a,b,,c', ',')	{a,b,"",c}
string_to_array('a,b,,c', ',', '')	{a,b,NULL,c}
string_to_array('abc', null)	{a,b,c}
string_to_array('abc', '')	{abc}
string_to_array('', ',')	{}
string_to_array('a-b-c', '-', 'b')	{a,NULL,c}
string_to_array(null, ',')	NULL
pg_typeof(array[1])	integer[]
pg_typeof(array[1.5])	numeric[]
pg_typeof(array['a'])	text[]
pg_typeof(array[[1]])	integer[]
pg_typeof('{a}'::varchar[])	character varying[]
pg_typeof(array[1] || 2::bigint)	bigint[]
array[1.5, 2]::text	{1.5,2}
""";

    // expression <TAB> SQLSTATE <TAB> message <TAB> DETAIL <TAB> position, as PostgreSQL 15 reports them
    public const string Errors = """
'{1,2'::int[]	22P02	malformed array literal: "{1,2"	Unexpected end of input.	8
'{{1,2},{3}}'::int[]	22P02	malformed array literal: "{{1,2},{3}}"	Multidimensional arrays must have sub-arrays with matching dimensions.	8
'{1,{2}}'::int[]	22P02	malformed array literal: "{1,{2}}"	Unexpected "{" character.	8
'abc'::int[]	22P02	malformed array literal: "abc"	Array value must start with "{" or dimension information.	8
'{1,2}x'::int[]	22P02	malformed array literal: "{1,2}x"	Junk after closing right brace.	8
'[1:3]={1,2}'::int[]	22P02	malformed array literal: "[1:3]={1,2}"	Specified array dimensions do not match array contents.	8
'{{}}'::int[]	22P02	malformed array literal: "{{}}"	Unexpected "}" character.	8
'{1,}'::int[]	22P02	malformed array literal: "{1,}"	Unexpected "}" character.	8
'{,1}'::int[]	22P02	malformed array literal: "{,1}"	Unexpected "," character.	8
'{"a"b}'::text[]	22P02	malformed array literal: "{"a"b}"	Unexpected array element.	8
'{a"b"}'::text[]	22P02	malformed array literal: "{a"b"}"	Unexpected array element.	8
'{a}'::int[]	22P02	invalid input syntax for type integer: "a"		8
'{{1},2}'::int[]	22P02	malformed array literal: "{{1},2}"	Unexpected array element.	8
'[1:2]'::int[]	22P02	malformed array literal: "[1:2]"	Missing "=" after array dimensions.	8
'[1:2]{1,2}'::int[]	22P02	malformed array literal: "[1:2]{1,2}"	Missing "=" after array dimensions.	8
'[1:2]=1'::int[]	22P02	malformed array literal: "[1:2]=1"	Array contents must start with "{".	8
'[a]={1}'::int[]	22P02	malformed array literal: "[a]={1}"	"[" must introduce explicitly-specified array dimensions.	8
'[1:]={1}'::int[]	22P02	malformed array literal: "[1:]={1}"	Missing array dimension value.	8
'[1:2={1,2}'::int[]	22P02	malformed array literal: "[1:2={1,2}"	Missing "]" after array dimensions.	8
'[2:1]={1}'::int[]	2202E	upper bound cannot be less than lower bound		8
'[1:1]={}'::int[]	22P02	malformed array literal: "[1:1]={}"	Specified array dimensions do not match array contents.	8
'{1}}'::int[]	22P02	malformed array literal: "{1}}"	Junk after closing right brace.	8
'}'::int[]	22P02	malformed array literal: "}"	Array value must start with "{" or dimension information.	8
'{a\'::text[]	22P02	malformed array literal: "{a\"	Unexpected end of input.	8
'{"a}'::text[]	22P02	malformed array literal: "{"a}"	Unexpected end of input.	8
'{{1,2},{3,4},{5}}'::int[]	22P02	malformed array literal: "{{1,2},{3,4},{5}}"	Multidimensional arrays must have sub-arrays with matching dimensions.	8
'{{1},{2,3}}'::int[]	22P02	malformed array literal: "{{1},{2,3}}"	Multidimensional arrays must have sub-arrays with matching dimensions.	8
'{{1} , 2}'::int[]	22P02	malformed array literal: "{{1} , 2}"	Unexpected array element.	8
array[]	42P18	cannot determine type of empty array		8
array[1,'a']	22P02	invalid input syntax for type integer: "a"		16
array[1,true]	42804	ARRAY types integer and boolean cannot be matched		16
(1)[1]	42804	cannot subscript type integer because it does not support subscripting		9
('{1,2}'::int[])['a']	22P02	invalid input syntax for type integer: "a"		25
('{1,2}'::int[])[true]	42804	array subscript must have type integer		25
1 + any('{1}'::int[])	42809	op ANY/ALL (array) requires operator to yield boolean		10
1 = any(1)	42809	op ANY/ALL (array) requires array on right side		10
array[1,2] = array[1::bigint,2]	42883	operator does not exist: integer[] = bigint[]		19
array_length('{1,2}', 1)	42804	could not determine polymorphic type because input has type unknown		0
array[array[1,2],array[3]]	2202E	multidimensional arrays must have array expressions with matching dimensions		0
array[array[1,2],null]	2202E	multidimensional arrays must have array expressions with matching dimensions		0
array_cat('{{1,2}}'::int[], '{1}'::int[])	2202E	cannot concatenate incompatible arrays	Arrays with differing dimensions are not compatible for concatenation.	0
array_cat('{{1,2}}'::int[], '{{1}}'::int[])	2202E	cannot concatenate incompatible arrays	Arrays with differing element dimensions are not compatible for concatenation.	0
array_cat('{{{1}}}'::int[], '{1}'::int[])	2202E	cannot concatenate incompatible arrays	Arrays of 3 and 1 dimensions are not compatible for concatenation.	0
array_append('{{1}}'::int[], 2)	22000	argument must be empty or one-dimensional array		0
array_remove('{{1}}'::int[], 1)	0A000	removing elements from multidimensional arrays is not supported		0
array_position('{{1}}'::int[], 1)	0A000	searching for elements in multidimensional arrays is not supported		0
array_position('{1}'::int[], 1, null)	22004	initial position must not be null		0
'{1,2}'::int[] || '{a}'	22P02	invalid input syntax for type integer: "a"		26
array[1] || 'x'	22P02	malformed array literal: "x"	Array value must start with "{" or dimension information.	20
array[1]::int	42846	cannot cast type integer[] to integer		16
'{1,2}'::int[] @> '{1}'::bigint[]	42883	operator does not exist: integer[] @> bigint[]		23
""";
}
