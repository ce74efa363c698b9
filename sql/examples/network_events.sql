-- The network-events dataset: tenants, their users and endpoints, and network events that
-- reference all three (zipf-skewed: a few users and endpoints make most of the traffic),
-- each event after its endpoint was first seen. PII-free: names and emails are generated,
-- hosts live under reserved names, addresses in the documentation ranges (RFC 5737).
-- No table is materialized: every foreign key and lookup evaluates the parent's columns
-- at the picked row, so the events can be written at any size, identical on every run.
--
--   dfsynth -f sql/examples/network_events.sql
--
-- writes network_events/ as Parquet, one directory per tenant (PARTITIONED BY tenant_id).

CREATE OR REPLACE SYNTHETIC TABLE tenants (
  tenant_id BIGINT  GENERATED ALWAYS AS (sequence(1)) NOT NULL,
  name      VARCHAR GENERATED ALWAYS AS (company_name()) NOT NULL,
  plan      VARCHAR GENERATED ALWAYS AS (weighted(['free', 'team', 'enterprise'], [6, 3, 1])) NOT NULL
) WITH (rows = 20, seed = 1);

CREATE OR REPLACE SYNTHETIC TABLE users (
  user_id   BIGINT  GENERATED ALWAYS AS (unique_int(100000, 999999)) NOT NULL,
  tenant_id BIGINT  GENERATED ALWAYS AS (foreign_key('tenants', 'tenant_id', 'zipf', 1.0)) NOT NULL,
  first     VARCHAR GENERATED ALWAYS AS (first_name()) NOT NULL HIDDEN,
  last      VARCHAR GENERATED ALWAYS AS (last_name()) NOT NULL HIDDEN,
  name      VARCHAR GENERATED ALWAYS AS (first || ' ' || last) NOT NULL,
  email     VARCHAR GENERATED ALWAYS AS (email(first, last, user_id)) NOT NULL
) WITH (rows = 5000, seed = 2);

CREATE OR REPLACE SYNTHETIC TABLE endpoints (
  endpoint_id BIGINT    GENERATED ALWAYS AS (sequence(1)) NOT NULL,
  hostname    VARCHAR   GENERATED ALWAYS AS (hostname()) NOT NULL,
  ip          VARCHAR   GENERATED ALWAYS AS (ipv4()) NOT NULL,
  protocol    VARCHAR   GENERATED ALWAYS AS (weighted(['https', 'ssh', 'dns', 'smtp'], [70, 10, 15, 5])) NOT NULL,
  first_seen  TIMESTAMP GENERATED ALWAYS AS (timestamp_between(TIMESTAMP '2024-01-01 00:00:00', TIMESTAMP '2024-06-30 23:59:59')) NOT NULL
) WITH (rows = 2000, seed = 3);

CREATE OR REPLACE SYNTHETIC TABLE network_events (
  event_id    BIGINT    GENERATED ALWAYS AS (sequence(1)) NOT NULL,
  u           BIGINT    GENERATED ALWAYS AS (parent_row('users', 'zipf', 1.2)) NOT NULL HIDDEN,
  user_id     BIGINT    GENERATED ALWAYS AS (lookup('users', 'user_id', u)) NOT NULL,
  tenant_id   BIGINT    GENERATED ALWAYS AS (lookup('users', 'tenant_id', u)) NOT NULL,
  e           BIGINT    GENERATED ALWAYS AS (parent_row('endpoints', 'zipf', 1.1)) NOT NULL HIDDEN,
  endpoint_id BIGINT    GENERATED ALWAYS AS (lookup('endpoints', 'endpoint_id', e)) NOT NULL,
  seen        TIMESTAMP GENERATED ALWAYS AS (lookup('endpoints', 'first_seen', e)) NOT NULL HIDDEN,
  ts          TIMESTAMP GENERATED ALWAYS AS (to_timestamp_nanos(CAST(seen AS BIGINT) + CAST(exponential(0.00001) * 1e9 AS BIGINT))) NOT NULL,
  bytes       BIGINT    GENERATED ALWAYS AS (CAST(lognormal(8.0, 1.5) AS BIGINT)) NOT NULL,
  status      VARCHAR   GENERATED ALWAYS AS (weighted(['allowed', 'blocked', 'error'], [90, 8, 2])) NOT NULL
) WITH (rows = 1000000, seed = 4);

SELECT tenant_id, count(*) AS events, sum(bytes) AS bytes FROM network_events GROUP BY tenant_id ORDER BY events DESC LIMIT 5;

COPY network_events TO 'network_events/' STORED AS PARQUET PARTITIONED BY (tenant_id);
