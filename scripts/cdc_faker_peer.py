#!/usr/bin/env python3
"""The CDC peer benchmark, "the way users do it today": a Python loop with Faker that writes
a Debezium-envelope change feed of a customers table (id, name, email, tier).

usage: cdc_faker_peer.py EVENTS OUT.json      (needs Faker: the venv of scripts/geo-venv.sh)

Each event is a create (a new customer: Faker first_name and safe_email, tier gold/silver/
bronze with weights 1/3/6), an update of a random live customer (new name with p 0.3, new
tier with p 0.5, at least one of the two) or a delete of a random live customer, in the mix
1 create : 2 updates : 0.1 deletes, keeping the live rows in a dict. One json.dumps line per
event (before, after, source{ts_ms, table, txId, lsn}, op, ts_ms). Seeded: Faker.seed(42),
random.seed(42). Prints `events=<n> seconds=<s> events_per_s=<r>` on stdout, timing only the
generation and writing loop.
"""
import json
import random
import sys
import time

from faker import Faker

events, out = int(sys.argv[1]), sys.argv[2]
Faker.seed(42)
random.seed(42)
fake = Faker()
TIERS, WEIGHTS = ["gold", "silver", "bronze"], [1, 3, 6]
BASE_MS = 1767225600000  # 2026-01-01T00:00:00Z

live = {}  # id -> row
ids, pos = [], {}  # the live ids as a list (for random.choice) and each one's index in it
next_id = 1

start = time.perf_counter()
with open(out, "w", encoding="utf-8") as f:
    for lsn in range(1, events + 1):
        r = random.random() * 3.1
        if r < 1.0 or not ids:
            before = None
            after = {"id": next_id, "name": fake.first_name(), "email": fake.safe_email(),
                     "tier": random.choices(TIERS, WEIGHTS)[0]}
            live[next_id] = after
            pos[next_id] = len(ids)
            ids.append(next_id)
            next_id += 1
            op = "c"
        elif r < 3.0:
            cid = random.choice(ids)
            before = live[cid]
            after = dict(before)
            new_name = new_tier = False
            while not (new_name or new_tier):
                new_name, new_tier = random.random() < 0.3, random.random() < 0.5
            while new_name and after["name"] == before["name"]:
                after["name"] = fake.first_name()
            while new_tier and after["tier"] == before["tier"]:
                after["tier"] = random.choices(TIERS, WEIGHTS)[0]
            live[cid] = after
            op = "u"
        else:
            cid = random.choice(ids)
            before, after = live.pop(cid), None
            i, last = pos.pop(cid), ids.pop()
            if last != cid:
                ids[i], pos[last] = last, i
            op = "d"
        ts = BASE_MS + lsn
        f.write(json.dumps({"before": before, "after": after,
                            "source": {"ts_ms": ts, "table": "customers", "txId": lsn, "lsn": lsn},
                            "op": op, "ts_ms": ts}) + "\n")
seconds = time.perf_counter() - start
print(f"events={events} seconds={seconds:.3f} events_per_s={events / seconds:.0f}")
