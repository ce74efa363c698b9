-- A SpatialBench-class dataset (Apache Sedona SpatialBench's star schema): trips with
-- pickup and drop-off points, customers, drivers, vehicles, buildings (polygons) and zones
-- (boxes), written to Parquet (GeoParquet for the geometry columns). Nothing is
-- materialized first: every table is identical on every run and under any partitioning.
--
--   dfsynth -f sql/examples/spatialbench.sql            # scale factor 1, into spatialbench/
--
-- Row counts follow SpatialBench per scale factor SF: trip 6,000,000·SF, customer
-- 30,000·SF, driver 500·SF, vehicle 100·SF, building 20,000·(1 + log2 SF), zone 156,095
-- (SF < 10). This script is written for SF = 1: for another SF change the `rows` below
-- (tests/it/spatialbench.rs runs it at SF 0.01 by rewriting them).
--
-- Where it deviates from SpatialBench (which generates with its own RNG, so no generator
-- can match its bytes):
-- * pickups cluster around 2,000 cities whose popularity follows a Pareto law (one level
--   of clustering: SpatialBench uses a two-level "hierarchical Thomas" process over eight
--   continent boxes): cities lie uniformly in longitude -180..180, latitude -55..70:
-- * drop-offs lie at a lognormal distance (degrees) in a uniform direction from the pickup:
--   fare = distance · 100 · uniform(1.5, 3.0), tip 0–30 % of the fare, duration 3,600 s per
--   0.05 degrees, as SpatialBench derives them from a distance model:
-- * buildings are Spider polygons (3–7 vertices) over the same world box, not clustered:
-- * zones are 156,095 Spider parcel boxes tiling the world box, not Overture Maps division
--   areas (SpatialBench downloads those: no synthetic generator can produce them):
-- * names, addresses and phones come from the PII-free semantic generators (reserved phone
--   ranges), not TPC-H's text grammar.

CREATE OR REPLACE SYNTHETIC TABLE customer (
  c_custkey BIGINT  GENERATED ALWAYS AS (sequence(1)) NOT NULL,
  c_name    VARCHAR GENERATED ALWAYS AS (full_name()) NOT NULL,
  c_address VARCHAR GENERATED ALWAYS AS (street_address()) NOT NULL,
  c_region  VARCHAR GENERATED ALWAYS AS (choice(['AFRICA', 'AMERICA', 'ASIA', 'EUROPE', 'MIDDLE EAST'])) NOT NULL,
  c_nation  VARCHAR GENERATED ALWAYS AS (country()) NOT NULL,
  c_phone   VARCHAR GENERATED ALWAYS AS (phone()) NOT NULL
) WITH (rows = 30000, seed = 101);

CREATE OR REPLACE SYNTHETIC TABLE driver (
  d_driverkey BIGINT  GENERATED ALWAYS AS (sequence(1)) NOT NULL,
  d_name      VARCHAR GENERATED ALWAYS AS (full_name()) NOT NULL,
  d_address   VARCHAR GENERATED ALWAYS AS (street_address()) NOT NULL,
  d_region    VARCHAR GENERATED ALWAYS AS (choice(['AFRICA', 'AMERICA', 'ASIA', 'EUROPE', 'MIDDLE EAST'])) NOT NULL,
  d_nation    VARCHAR GENERATED ALWAYS AS (country()) NOT NULL,
  d_phone     VARCHAR GENERATED ALWAYS AS (phone()) NOT NULL
) WITH (rows = 500, seed = 102);

CREATE OR REPLACE SYNTHETIC TABLE vehicle (
  v_vehiclekey BIGINT  GENERATED ALWAYS AS (sequence(1)) NOT NULL,
  v_mfgr       VARCHAR GENERATED ALWAYS AS (pattern('Manufacturer#[1-5]')) NOT NULL,
  v_brand      VARCHAR GENERATED ALWAYS AS (pattern('Brand#[1-5][1-5]')) NOT NULL,
  v_type       VARCHAR GENERATED ALWAYS AS (choice(['SEDAN', 'SUV', 'VAN', 'TRUCK', 'MOTORCYCLE'])) NOT NULL,
  v_comment    VARCHAR GENERATED ALWAYS AS (sentence()) NOT NULL
) WITH (rows = 100, seed = 103);

-- Pickup hot spots (not written out).
CREATE OR REPLACE SYNTHETIC TABLE cities (
  lon DOUBLE GENERATED ALWAYS AS (uniform(-180.0, 180.0)) NOT NULL,
  lat DOUBLE GENERATED ALWAYS AS (uniform(-55.0, 70.0)) NOT NULL
) WITH (rows = 2000, seed = 104);

CREATE OR REPLACE SYNTHETIC TABLE trip (
  t_tripkey     BIGINT         GENERATED ALWAYS AS (sequence(1)) NOT NULL,
  t_custkey     BIGINT         GENERATED ALWAYS AS (foreign_key('customer', 'c_custkey')) NOT NULL,
  t_driverkey   BIGINT         GENERATED ALWAYS AS (foreign_key('driver', 'd_driverkey')) NOT NULL,
  t_vehiclekey  BIGINT         GENERATED ALWAYS AS (foreign_key('vehicle', 'v_vehiclekey')) NOT NULL,
  t_pickuptime  TIMESTAMP(3)   GENERATED ALWAYS AS (CAST(timestamp_between(TIMESTAMP '1992-01-01 00:00:00', TIMESTAMP '1998-12-31 23:59:59') AS TIMESTAMP(3))) NOT NULL,
  city          BIGINT         GENERATED ALWAYS AS (parent_row('cities', 'pareto', 0.8)) NOT NULL HIDDEN,
  px            DOUBLE         GENERATED ALWAYS AS (lookup('cities', 'lon', city) + normal(0.0, 0.05)) NOT NULL HIDDEN,
  py            DOUBLE         GENERATED ALWAYS AS (lookup('cities', 'lat', city) + normal(0.0, 0.05)) NOT NULL HIDDEN,
  dist          DOUBLE         GENERATED ALWAYS AS (lognormal(-3.5, 0.8)) NOT NULL HIDDEN,
  angle         DOUBLE         GENERATED ALWAYS AS (uniform(0.0, 6.283185307179586)) NOT NULL HIDDEN,
  -- DataFusion types cos, sin and to_timestamp_millis as nullable: NOT NULL is checked as
  -- the rows are generated.
  dx            DOUBLE         GENERATED ALWAYS AS (px + dist * cos(angle)) NOT NULL HIDDEN,
  dy            DOUBLE         GENERATED ALWAYS AS (py + dist * sin(angle)) NOT NULL HIDDEN,
  t_dropofftime TIMESTAMP(3)   GENERATED ALWAYS AS (to_timestamp_millis(CAST(t_pickuptime AS BIGINT) + CAST(dist * 72000000 AS BIGINT))) NOT NULL,
  fare          DOUBLE         GENERATED ALWAYS AS (dist * 100 * uniform(1.5, 3.0)) NOT NULL HIDDEN,
  tip_share     DOUBLE         GENERATED ALWAYS AS (uniform(0.0, 0.3)) NOT NULL HIDDEN,
  t_fare        DECIMAL(15, 5) GENERATED ALWAYS AS (CAST(fare AS DECIMAL(15, 5))) NOT NULL,
  t_tip         DECIMAL(15, 5) GENERATED ALWAYS AS (CAST(fare * tip_share AS DECIMAL(15, 5))) NOT NULL,
  t_totalamount DECIMAL(15, 5) GENERATED ALWAYS AS (CAST(fare * (1 + tip_share) AS DECIMAL(15, 5))) NOT NULL,
  t_distance    DECIMAL(15, 5) GENERATED ALWAYS AS (CAST(dist AS DECIMAL(15, 5))) NOT NULL,
  t_pickuploc   BYTEA          GENERATED ALWAYS AS (st_point(px, py)) NOT NULL,
  t_dropoffloc  BYTEA          GENERATED ALWAYS AS (st_point(dx, dy))
) WITH (rows = 6000000, seed = 105);

CREATE OR REPLACE SYNTHETIC TABLE building (
  b_buildingkey BIGINT  GENERATED ALWAYS AS (sequence(1)) NOT NULL,
  b_name        VARCHAR GENERATED ALWAYS AS (pattern('[a-z]{4,10} [A-Z][a-z]{3,8}')) NOT NULL,
  b_boundary    BYTEA   GENERATED ALWAYS AS (spider_geometry('uniform', 'geometry=polygon maxsize=0.0005 segments=3..7 affine=360,0,-180,0,125,-55')) NOT NULL
) WITH (rows = 20000, seed = 106);

CREATE OR REPLACE SYNTHETIC TABLE zone (
  z_zonekey  BIGINT  GENERATED ALWAYS AS (sequence(1)) NOT NULL,
  z_name     VARCHAR GENERATED ALWAYS AS (city()) NOT NULL,
  z_subtype  VARCHAR GENERATED ALWAYS AS (weighted(['microhood', 'macrohood', 'county'], [6, 3, 1])) NOT NULL,
  z_boundary BYTEA   GENERATED ALWAYS AS (spider_geometry('parcel', 'cardinality=156095 geometry=box dither=0.1 affine=360,0,-180,0,125,-55')) NOT NULL
) WITH (rows = 156095, seed = 107);

COPY customer TO 'spatialbench/customer.parquet';
COPY driver   TO 'spatialbench/driver.parquet';
COPY vehicle  TO 'spatialbench/vehicle.parquet';
COPY trip     TO 'spatialbench/trip.parquet';
COPY building TO 'spatialbench/building.parquet';
COPY zone     TO 'spatialbench/zone.parquet';
