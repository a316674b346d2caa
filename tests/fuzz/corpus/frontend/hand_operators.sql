CREATE STREAM s (a INTEGER) WITH (FILE = 'f');
SELECT STREAM a + a * a - a / a % a || a FROM s;
