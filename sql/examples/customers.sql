-- A PII-free customer table: people with names in three locales, emails derived from their
-- names (unique by the customer id), a coherent US postal address with a fictional phone
-- number, a card on a documented test BIN, an IBAN and an IP address from the documentation
-- ranges. Identical on every run, at any size, under any partitioning.
--
--   dfsynth -f sql/examples/customers.sql
--
-- Change `rows` for any size: nothing is materialized before the COPY streams it out.

CREATE OR REPLACE SYNTHETIC TABLE customers (
  id         BIGINT  GENERATED ALWAYS AS (sequence(1)) NOT NULL,
  locale     VARCHAR GENERATED ALWAYS AS (weighted(['en_US', 'de_DE', 'fr_FR'], [6, 2, 2])) NOT NULL,
  first_name VARCHAR GENERATED ALWAYS AS (first_name(locale)) NOT NULL,
  last_name  VARCHAR GENERATED ALWAYS AS (last_name(locale)) NOT NULL,
  email      VARCHAR GENERATED ALWAYS AS (email(first_name, last_name, id)) NOT NULL,
  username   VARCHAR GENERATED ALWAYS AS (username(first_name, last_name)) NOT NULL,
  birth_date DATE    GENERATED ALWAYS AS (date_between(DATE '1945-01-01', DATE '2006-12-31')) NOT NULL,
  -- One address draw per customer: street, city, state, ZIP and phone agree.
  addr_key   BIGINT  GENERATED ALWAYS AS (unique_int(0, 999999999999)) NOT NULL HIDDEN,
  street     VARCHAR GENERATED ALWAYS AS (street_address('en_US', addr_key)) NOT NULL,
  city       VARCHAR GENERATED ALWAYS AS (city('en_US', addr_key)) NOT NULL,
  state      VARCHAR GENERATED ALWAYS AS (state_abbr('en_US', addr_key)) NOT NULL,
  zip        VARCHAR GENERATED ALWAYS AS (postcode('en_US', addr_key)) NOT NULL,
  phone      VARCHAR GENERATED ALWAYS AS (phone('en_US', addr_key)) NOT NULL,
  company    VARCHAR GENERATED ALWAYS AS (company_name()) NOT NULL,
  job        VARCHAR GENERATED ALWAYS AS (job_title()) NOT NULL,
  card       VARCHAR GENERATED ALWAYS AS (credit_card()) NOT NULL,
  iban       VARCHAR GENERATED ALWAYS AS (iban('DE')) NOT NULL,
  last_ip    VARCHAR GENERATED ALWAYS AS (ipv4()) NOT NULL,
  signup     DATE    GENERATED ALWAYS AS (date_between(DATE '2015-01-01', DATE '2025-12-31')) NOT NULL
) WITH (rows = 1000000, seed = 42);

SELECT id, first_name, last_name, email, street, city, state, zip, phone FROM customers LIMIT 5;

SELECT locale, count(*) AS customers, count(DISTINCT email) AS emails FROM customers GROUP BY locale ORDER BY locale;

COPY customers TO 'customers.parquet';
