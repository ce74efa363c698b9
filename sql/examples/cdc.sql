-- Change feeds: a customers dimension that changes over 2026 (inserted, updated, some
-- deleted) written as its SCD type 2 history, and an orders fact table whose change feed
-- goes out as Debezium JSON lines and as flat Parquet. Every order event references a
-- customer alive at that moment, in the feed and in every snapshot. Identical on every run.
--
--   dfsynth -f sql/examples/cdc.sql
--
-- The files land in ./cdc/. Change `rows` for any size: nothing is materialized.

CREATE OR REPLACE SYNTHETIC TABLE customers (
  id      BIGINT  GENERATED ALWAYS AS (sequence(1)) NOT NULL,
  first   VARCHAR GENERATED ALWAYS AS (first_name('en_US')) NOT NULL,
  last    VARCHAR GENERATED ALWAYS AS (last_name('en_US')) NOT NULL,
  email   VARCHAR GENERATED ALWAYS AS (email(first, last, id)) NOT NULL,  -- follows the name
  tier    VARCHAR GENERATED ALWAYS AS (weighted(['bronze', 'silver', 'gold'], [6, 3, 1])) NOT NULL,
  city    VARCHAR GENERATED ALWAYS AS (city('en_US')) NOT NULL
) WITH (rows = 20000, seed = 42,
  history_start = '2026-01-01', history_end = '2027-01-01',
  initial = 0.5,                          -- half the customers exist on 1 January
  births = 'uniform',
  updates = 'poisson(1.5)',
  update_columns = 'tier 0.5, city 0.3, last 0.1',
  deletes = 0.05);

CREATE OR REPLACE SYNTHETIC TABLE orders (
  id          BIGINT  GENERATED ALWAYS AS (sequence(1)) NOT NULL,
  customer_id BIGINT  GENERATED ALWAYS AS (foreign_key('customers', 'id', 'zipf', 0.8)) NOT NULL,
  status      VARCHAR GENERATED ALWAYS AS (weighted(['placed', 'paid', 'shipped', 'returned'], [4, 3, 2, 1])) NOT NULL,
  amount      DECIMAL(10, 2) GENERATED ALWAYS AS (CAST(lognormal(3.5, 0.8) AS DECIMAL(10, 2))) NOT NULL
) WITH (rows = 100000, seed = 7,
  history_start = '2026-01-01', history_end = '2027-01-01',
  births = 'growing',                     -- more orders as the year goes on
  updates = 'uniform(0, 3)',
  update_columns = 'status 0.9, amount 0.1',
  deletes = 0.02,
  transaction_ms = 1000);                 -- events within one second commit together

-- The customers dimension as SCD type 2: one row per version, valid_to NULL while current.
COPY (SELECT * FROM history('customers')) TO 'cdc/customers_scd2.parquet';

-- The orders feed: Debezium envelopes as JSON lines (before, after, source, op, ts_ms,
-- transaction), delivered up to 2 s late and 1% twice, as a Kafka consumer would see them.
COPY (SELECT * FROM changes('orders', 'debezium', 'max_delay_ms=2000 duplicates=0.01'))
  TO 'cdc/orders_debezium.json' STORED AS JSON;

-- The same feed flattened for Parquet: the row, __op, __deleted, __lsn, __tx_id, ….
COPY (SELECT * FROM changes('orders', 'flat')) TO 'cdc/orders_feed.parquet';

-- The state at the end of June, and at the end of the window.
COPY (SELECT * FROM as_of('orders', TIMESTAMP '2026-06-30 23:59:59')) TO 'cdc/orders_2026_06_30.parquet';
SELECT count(*) AS live_orders, sum(amount) AS value FROM as_of('orders');
