# The 9-column declared table of the lakehouse write benchmarks (bench-delta.sh,
# bench-iceberg.sh): `events_table ROWS` prints its CREATE SYNTHETIC TABLE statement.
events_table() {
  echo "CREATE SYNTHETIC TABLE events (
  id       BIGINT  GENERATED ALWAYS AS (sequence(1)) NOT NULL,
  user_id  BIGINT  GENERATED ALWAYS AS (uniform(1, 1000000)) NOT NULL,
  tenant   BIGINT  GENERATED ALWAYS AS (uniform(1, 16)) NOT NULL,
  kind     VARCHAR GENERATED ALWAYS AS (weighted(['view', 'click', 'buy'], [80, 18, 2])) NOT NULL,
  amount   DOUBLE  GENERATED ALWAYS AS (round(exponential(0.05), 2)) NOT NULL,
  score    DOUBLE  GENERATED ALWAYS AS (normal(0.0, 1.0)) NOT NULL,
  at       TIMESTAMP GENERATED ALWAYS AS (timestamp_between(TIMESTAMP '2026-01-01 00:00:00', TIMESTAMP '2026-12-31 23:59:59')) NOT NULL,
  ip       VARCHAR GENERATED ALWAYS AS (ipv4()) NOT NULL,
  flag     BOOLEAN GENERATED ALWAYS AS (bernoulli(0.1)) NOT NULL
) WITH (rows = $1, seed = 42);"
}
