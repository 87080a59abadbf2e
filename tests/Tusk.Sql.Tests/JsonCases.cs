// json and jsonb expressions against PostgreSQL 15's results: input validation and jsonb normalization, the
// operators (-> ->> #> #>> @> <@ ? ?| ?& || - #- and jsonb's order), the functions (to_json(b), json(b)_build_*,
// *_typeof, *_array_length, *_extract_path(_text), jsonb_pretty, jsonb_set, *_strip_nulls), casts; and the input
// errors with their DETAIL and CONTEXT lines. "⏎" in an expected value stands for a line break.
namespace Tusk.Sql.Tests;

/// <summary>The json cases of <see cref="ExpressionTableTests"/>.</summary>
static class JsonCases
{
    // expression <TAB> PostgreSQL 15's output
    public const string Values = """
('{"a":{"b":1}}'::jsonb)['a']['b']	1
('[1,2]'::jsonb)[1]	2
('[1,2]'::jsonb)['1']	2
('{"1":5}'::jsonb)[1]	5
('[1,2]'::jsonb)[-1]	2
('"x"'::jsonb)[0]	NULL
('{"a":[1,{"c":null}]}'::jsonb)['a'][1]	{"c": null}
('{"a":1}'::jsonb)[null::text]	NULL
'{"b":1, "a" : [1, 2.50, true, null], "b": "x"}'::json	{"b":1, "a" : [1, 2.50, true, null], "b": "x"}
'{"b":1, "a" : [1, 2.50, true, null], "b": "x", "aa": {}, "c": 1e3, "d": -0.0, "e": 1E-2}'::jsonb	{"a": [1, 2.50, true, null], "b": "x", "c": 1000, "d": 0.0, "e": 0.01, "aa": {}}
'  "abc\u00e9\n"  '::jsonb	"abcé\n"
'  "abc\u00e9\n"  '::json	  "abc\u00e9\n"  
'[1, 2 , {"x" : [ ] } ]'::jsonb	[1, 2, {"x": []}]
'{"aa":1,"b":2,"ab":3,"a":4}'::jsonb	{"a": 4, "b": 2, "aa": 1, "ab": 3}
'{"a": {"b": [10, 20, {"c": "d"}]}}'::jsonb -> 'a'	{"b": [10, 20, {"c": "d"}]}
'{"a": {"b": [10, 20, {"c": "d"}]}}'::json -> 'a'	{"b": [10, 20, {"c": "d"}]}
'{"a": [1,  2]}'::json -> 'a'	[1,  2]
'{"a": [1,  2]}'::json ->> 'a'	[1,  2]
'{"a": "x\"y"}'::json ->> 'a'	x"y
'{"a": "x\"y"}'::json -> 'a'	"x\"y"
'{"a": 1.50}'::json ->> 'a'	1.50
'{"a": 1.50}'::jsonb ->> 'a'	1.50
'{"a": null}'::jsonb ->> 'a'	NULL
'{"a": null}'::jsonb -> 'a'	null
'{"a": 1}'::jsonb -> 'b'	NULL
'[1,2,3]'::jsonb -> 1	2
'[1,2,3]'::jsonb -> -1	3
'[1,2,3]'::jsonb -> 5	NULL
'[1,2,3]'::jsonb -> 'a'	NULL
'{"a":1}'::jsonb -> 0	NULL
'"x"'::jsonb -> 0	"x"
'[1,2,3]'::json ->> 2	3
'{"a":1,"a":2}'::json -> 'a'	2
'{"a": {"b": [10, 20, {"c": "d"}]}}'::jsonb #> '{a,b,2}'	{"c": "d"}
'{"a": {"b": [10, 20, {"c": "d"}]}}'::jsonb #>> '{a,b,2,c}'	d
'{"a": {"b": [10, 20, {"c": "d"}]}}'::jsonb #> '{a,b,-1}'	{"c": "d"}
'{"a": {"b": [10, 20]}}'::jsonb #> '{a,x}'	NULL
'{"a": {"b": [10, 20]}}'::jsonb #> '{a,b,x}'	NULL
'{"a": {"b": [10, 20]}}'::jsonb #> '{}'	{"a": {"b": [10, 20]}}
'{"a": {"b": [10, 20]}}'::json #> '{a,b}'	[10, 20]
'{"a": {"b": [10, 20]}}'::json #>> '{a,b,1}'	20
'{"a": 1, "b": {"c": 2}}'::jsonb @> '{"b": {}}'	t
'{"a": 1, "b": {"c": 2}}'::jsonb @> '{"a": 1, "b": {"c": 2}}'	t
'{"a": 1}'::jsonb @> '{"a": 2}'	f
'[1, 2, [1, 3]]'::jsonb @> '[1, 3]'	f
'[1, 2, [1, 3]]'::jsonb @> '[[1, 3]]'	t
'[1, 2]'::jsonb @> '1'	t
'1'::jsonb @> '[1]'	f
'{"a":1}'::jsonb @> '{}'	t
'[]'::jsonb @> '{}'	f
'["a", {"b":1}]'::jsonb @> '[{}]'	t
'{"a":1}'::jsonb <@ '{"a":1,"b":2}'	t
'{"a":1, "b":2}'::jsonb ? 'b'	t
'["a","b"]'::jsonb ? 'b'	t
'"b"'::jsonb ? 'b'	t
'[1,2]'::jsonb ? '1'	f
'{"a":{"b":1}}'::jsonb ? 'b'	f
'{"a":1, "b":2}'::jsonb ?| array['x','b']	t
'{"a":1, "b":2}'::jsonb ?& array['a','b']	t
'{"a":1, "b":2}'::jsonb ?& array['a','c']	f
'{"a":1}'::jsonb || '{"b":2}'	{"a": 1, "b": 2}
'{"a":1}'::jsonb || '{"a":2}'	{"a": 2}
'[1,2]'::jsonb || '[3]'	[1, 2, 3]
'[1,2]'::jsonb || '3'	[1, 2, 3]
'1'::jsonb || '2'	[1, 2]
'{"a":1}'::jsonb || '[2]'	[{"a": 1}, 2]
'[2]'::jsonb || '{"a":1}'	[2, {"a": 1}]
'{"a":1, "b":2}'::jsonb - 'a'	{"b": 2}
'["a","b","a"]'::jsonb - 'a'	["b"]
'[1,2,3]'::jsonb - 1	[1, 3]
'[1,2,3]'::jsonb - -1	[1, 2]
'[1,2,3]'::jsonb - 7	[1, 2, 3]
'{"a":1, "b":2, "c":3}'::jsonb - '{a,c}'::text[]	{"b": 2}
'{"a":{"b":1,"c":2}}'::jsonb #- '{a,b}'	{"a": {"c": 2}}
'{"a":1}'::jsonb = '{"a":1.0}'	t
'{"a":1,"b":2}'::jsonb = '{"b":2,"a":1}'	t
'[1,2]'::jsonb = '[2,1]'	f
'1'::jsonb < '2'	t
'"a"'::jsonb < '1'	t
'null'::jsonb < '"a"'	t
'true'::jsonb > '1'	t
'[]'::jsonb > '{}'	f
'[1]'::jsonb > '1'	t
'[]'::jsonb < 'null'	t
'{"a":1}'::jsonb < '{"b":0}'	t
'{"a":1,"b":1}'::jsonb > '{"c":5}'	t
'[1,2]'::jsonb < '[1,3]'	t
'[3]'::jsonb < '[1,2]'	t
jsonb_typeof('{}')	object
jsonb_typeof('[]')	array
jsonb_typeof('"x"')	string
jsonb_typeof('1.5')	number
jsonb_typeof('true')	boolean
jsonb_typeof('null')	null
json_typeof('{"a" : 1}')	object
jsonb_array_length('[1,2,[3]]')	3
json_array_length('[1, 2]')	2
jsonb_extract_path('{"a": {"b": [10, 20]}}', 'a', 'b', '1')	20
jsonb_extract_path_text('{"a": {"b": "x"}}', 'a', 'b')	x
json_extract_path('{"a": {"b":  [10, 20]}}', 'a', 'b')	[10, 20]
json_extract_path_text('{"a": {"b": "x"}}', 'a', 'b')	x
jsonb_pretty('{"a": 1, "b": [1, 2, {"c": []}], "d": {}}')	{⏎    "a": 1,⏎    "b": [⏎        1,⏎        2,⏎        {⏎            "c": [⏎            ]⏎        }⏎    ],⏎    "d": {⏎    }⏎}
jsonb_pretty('[]')	[⏎]
jsonb_pretty('"x"')	"x"
jsonb_set('{"a": [1, 2], "b": 1}', '{a,0}', '"x"')	{"a": ["x", 2], "b": 1}
jsonb_set('{"a": [1, 2], "b": 1}', '{c}', '5')	{"a": [1, 2], "b": 1, "c": 5}
jsonb_set('{"a": [1, 2], "b": 1}', '{c}', '5', false)	{"a": [1, 2], "b": 1}
jsonb_set('{"a": [1, 2], "b": 1}', '{a,9}', '3')	{"a": [1, 2, 3], "b": 1}
jsonb_set('{"a": [1, 2], "b": 1}', '{a,-9}', '0')	{"a": [0, 1, 2], "b": 1}
jsonb_set('{"a": [1, 2], "b": 1}', '{x,y}', '0')	{"a": [1, 2], "b": 1}
jsonb_set('{"a": {"b": 1}}', '{a,b}', '{"z": null}')	{"a": {"b": {"z": null}}}
jsonb_strip_nulls('{"a": null, "b": [1, null, {"c": null, "d": 2}]}')	{"b": [1, null, {"d": 2}]}
json_strip_nulls('{"a": null, "b": [1, null, {"c": null, "d": 2}]}')	{"b":[1,null,{"d":2}]}
to_json(1.50)	1.50
to_json('NaN'::float8)	"NaN"
to_jsonb('NaN'::numeric)	"NaN"
to_json(1e20::float8)	1e+20
to_jsonb(1e20::float8)	100000000000000000000
to_json(true)	true
to_json('a"b'::text)	"a\"b"
to_json(null::int)	NULL
to_json(array[1,2])	[1,2]
to_json(array[[1,2],[3,4]])	[[1,2],[3,4]]
to_json(array['a',null])	["a",null]
to_jsonb(array[1,2])	[1, 2]
to_jsonb(array[[1,2],[3,4]])	[[1, 2], [3, 4]]
to_json('{"a":1}'::jsonb)	{"a": 1}
to_json('{"a" : 1}'::json)	{"a" : 1}
to_jsonb('{"a" : 1}'::json)	{"a": 1}
to_json('\x01'::bytea)	"\\x01"
to_json('2020-01-02'::date)	"2020-01-02"
to_json('2020-01-02 03:04:05.5+02'::timestamptz)	"2020-01-02T01:04:05.5+00:00"
to_json('2020-01-02 03:04:05'::timestamp)	"2020-01-02T03:04:05"
to_jsonb('infinity'::timestamp)	"infinity"
to_json('12:00'::time)	"12:00:00"
to_json('1 day'::interval)	"1 day"
to_jsonb(1.0::float4)	1
to_jsonb(2::int8)	2
json_build_object('a', 1, 'b', 'x', 'c', null, 'd', array[1,2], 'e', '{"z":1}'::json)	{"a" : 1, "b" : "x", "c" : null, "d" : [1,2], "e" : {"z":1}}
jsonb_build_object('a', 1, 'b', 'x', 'c', null, 'd', array[1,2])	{"a": 1, "b": "x", "c": null, "d": [1, 2]}
json_build_array(1, 'a', null, true)	[1, "a", null, true]
jsonb_build_array(1, 'a', null, true, '{"a":1}'::jsonb)	[1, "a", null, true, {"a": 1}]
json_build_object()	{}
jsonb_build_array()	[]
json_build_object(1, 2, true, 3, 1.5, 4)	{"1" : 2, "true" : 3, "1.5" : 4}
jsonb_build_object(1, 2, true, 3, 1.5, 4)	{"1": 2, "1.5": 4, "true": 3}
jsonb_build_object('a', 1, 'a', 2)	{"a": 2}
json_build_object('a', 1, 'a', 2)	{"a" : 1, "a" : 2}
'{"a":1}'::json::jsonb	{"a": 1}
'{"b":1,  "a":2}'::jsonb::json	{"a": 2, "b": 1}
'{"a":1}'::jsonb::text	{"a": 1}
'{"a" :1}'::json::text	{"a" :1}
'12.5'::jsonb::numeric	12.5
'12'::jsonb::int	12
'12.5'::jsonb::int	13
'true'::jsonb::bool	t
'1e2'::jsonb::float8	100
pg_typeof('{}'::jsonb -> 'a')	jsonb
pg_typeof('{}'::json ->> 'a')	text
array['{"a":1}'::jsonb, '[]']	{"{\"a\": 1}",[]}
'{"{\"a\": 1}","[1, 2]"}'::jsonb[]	{"{\"a\": 1}","[1, 2]"}
""";

    // expression <TAB> SQLSTATE <TAB> message <TAB> DETAIL <TAB> CONTEXT <TAB> position
    public const string Errors = """
('[1,2]'::jsonb)[1:2]	42804	jsonb subscript does not support slices			27
('[1,2]'::jsonb)[true]	42804	subscript type boolean is not supported			25
('{"a":1}'::json)['a']	42804	cannot subscript type json because it does not support subscripting			9
'{"a":1,}'::json	22P02	invalid input syntax for type json	Expected string, but found "}".	JSON data, line 1: {"a":1,}	8
'[1,2'::json	22P02	invalid input syntax for type json	The input string ended unexpectedly.	JSON data, line 1: [1,2	8
'nul'::json	22P02	invalid input syntax for type json	Token "nul" is invalid.	JSON data, line 1: nul	8
'{"a" 1}'::json	22P02	invalid input syntax for type json	Expected ":", but found "1".	JSON data, line 1: {"a" 1...	8
'{1:2}'::json	22P02	invalid input syntax for type json	Expected string or "}", but found "1".	JSON data, line 1: {1...	8
'"\x"'::json	22P02	invalid input syntax for type json	Escape sequence "\x" is invalid.	JSON data, line 1: "\x...	8
'"\u12"'::json	22P02	invalid input syntax for type json	"\u" must be followed by four hexadecimal digits.	JSON data, line 1: "\u12"	8
E'"a\tb"'::json	22P02	invalid input syntax for type json	Character with value 0x09 must be escaped.	JSON data, line 1: "a...	8
'[1] x'::json	22P02	invalid input syntax for type json	Token "x" is invalid.	JSON data, line 1: [1] x	8
'01'::json	22P02	invalid input syntax for type json	Token "01" is invalid.	JSON data, line 1: 01	8
'1.'::json	22P02	invalid input syntax for type json	Token "1." is invalid.	JSON data, line 1: 1.	8
'-'::json	22P02	invalid input syntax for type json	Token "-" is invalid.	JSON data, line 1: -	8
''::json	22P02	invalid input syntax for type json	The input string ended unexpectedly.	JSON data, line 1: 	8
'{"a":[1,2,{"b":3}], "c": "long string here to test the context truncation ... ...", "d": tru}'::jsonb	22P02	invalid input syntax for type json	Token "tru" is invalid.	JSON data, line 1: ...to test the context truncation ... ...", "d": tru...	8
E'{\n"a": 1,\n"b": x}'::json	22P02	invalid input syntax for type json	Token "x" is invalid.	JSON data, line 3: "b": x...	8
'"\ud800"'::jsonb	22P02	invalid input syntax for type json	Unicode low surrogate must follow a high surrogate.	JSON data, line 1: "\ud800"	8
'"\u0000"'::jsonb	22P05	unsupported Unicode escape sequence	\u0000 cannot be converted to text.	JSON data, line 1: "\u0000...	8
'[,1]'::json	22P02	invalid input syntax for type json	Expected JSON value, but found ",".	JSON data, line 1: [,...	8
'[1,]'::json	22P02	invalid input syntax for type json	Expected JSON value, but found "]".	JSON data, line 1: [1,]	8
'{"a":1 "b"}'::json	22P02	invalid input syntax for type json	Expected "," or "}", but found ""b"".	JSON data, line 1: {"a":1 "b"...	8
'{"a":1,"b"'::json	22P02	invalid input syntax for type json	The input string ended unexpectedly.	JSON data, line 1: {"a":1,"b"	8
'"abc'::json	22P02	invalid input syntax for type json	Token ""abc" is invalid.	JSON data, line 1: "abc	8
'@'::json	22P02	invalid input syntax for type json	Token "@" is invalid.	JSON data, line 1: @	8
'[1,2] [3]'::json	22P02	invalid input syntax for type json	Expected end of input, but found "[".	JSON data, line 1: [1,2] [...	8
'true false'::jsonb	22P02	invalid input syntax for type json	Expected end of input, but found "false".	JSON data, line 1: true false	8
'{"a":}'::jsonb	22P02	invalid input syntax for type json	Expected JSON value, but found "}".	JSON data, line 1: {"a":}	8
'1e'::json	22P02	invalid input syntax for type json	Token "1e" is invalid.	JSON data, line 1: 1e	8
'1.5x'::json	22P02	invalid input syntax for type json	Token "1.5x" is invalid.	JSON data, line 1: 1.5x	8
jsonb_array_length('{}')	22023	cannot get array length of a non-array			0
jsonb_array_length('1')	22023	cannot get array length of a scalar			0
json_array_length('{}')	22023	cannot get array length of a non-array			0
json_array_length('"x"')	22023	cannot get array length of a scalar			0
'1'::jsonb - 'a'	22023	cannot delete from scalar			0
'{"a":1}'::jsonb - 1	22023	cannot delete from object using integer index			0
'1'::jsonb #- '{a}'	22023	cannot delete path in scalar			0
jsonb_set('1', '{a}', '1')	22023	cannot set path in scalar			0
jsonb_set('[1]', '{a}', '1')	22P02	path element at position 1 is not an integer: "a"			0
jsonb_set('{"a":1}', '{null}', '1')	22004	path element at position 1 is null			0
'"x"'::jsonb::int	22023	cannot cast jsonb string to type integer			0
'{}'::jsonb::bool	22023	cannot cast jsonb object to type boolean			0
'null'::jsonb::int	22023	cannot cast jsonb null to type integer			0
'[]'::jsonb::numeric	22023	cannot cast jsonb array to type numeric			0
'true'::jsonb::float8	22023	cannot cast jsonb boolean to type double precision			0
'1.5'::jsonb::bool	22023	cannot cast jsonb numeric to type boolean			0
'{"a":1}'::json = '{"a":1}'::json	42883	operator does not exist: json = json			24
jsonb_build_object('a')	22023	argument list must have even number of elements			0
jsonb_build_object(null, 1)	22023	argument 1: key must not be null			0
json_build_object(array[1], 1)	22023	key value must be scalar, not array, composite, or json			0
jsonb_build_object('{"a":1}'::jsonb, 1)	22023	key value must be scalar, not array, composite, or json			0
to_json('x')	42804	could not determine polymorphic type because input has type unknown			0
jsonb_typeof('x')	22P02	invalid input syntax for type json	Token "x" is invalid.	JSON data, line 1: x	21
'[1,2]'::jsonb #- '{a}'	22P02	path element at position 1 is not an integer: "a"			0
""";
}
