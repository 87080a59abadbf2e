-- A file whose expected output is deliberately wrong: the runner must report it as failed.
SELECT 6 * 7 AS answer;
