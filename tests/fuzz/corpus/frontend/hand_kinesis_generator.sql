CREATE STREAM k (a INTEGER, b VARCHAR(4)) WITH (KINESIS_STREAM = 'in', KINESIS_REGION = 'eu-west-1',
  KINESIS_ENDPOINT = 'http://localhost:4566');
CREATE STREAM g (ticker_symbol VARCHAR(4), price DOUBLE) WITH (GENERATOR = 'ticker', RATE = 2.5, COUNT = 10, SEED = 7);
CREATE STREAM out (a INTEGER, t TIMESTAMP) WITH (KINESIS_STREAM = 'out', PARTITION_KEY = 'a');
CREATE PUMP p AS INSERT INTO out SELECT STREAM a, APPROXIMATE_ARRIVAL_TIME FROM k;
SELECT STREAM * FROM g WHERE price > 10;
-- a comment; /* not a block */
/* a block
   comment */ SELECT STREAM ticker_symbol FROM g;
