-- A file whose expected output is what PostgreSQL prints.
SELECT 1 + 1 AS two;
SELECT 'a' || 'b' AS ab;
