"""Marginal fidelity of two synthesizers against the rows they learned from: per numeric
column the two-sample Kolmogorov–Smirnov statistic (scipy) between the source and each
synthesizer's rows, per categorical column the total variation distance, and their means.

    python bench_learn_fidelity.py SOURCE.parquet OURS.parquet SDV.parquet
"""
import sys

import pyarrow.parquet as pq
from scipy.stats import ks_2samp

source, ours, sdv = (pq.read_table(p).to_pandas() for p in sys.argv[1:4])
numeric = ["age", "income", "wait_s", "visits", "score"]
categorical = ["plan", "active"]
print(f"{'column':10} {'ours':>8} {'SDV':>8}")
totals = {"ours": [], "sdv": []}
for c in numeric:
    row = []
    for name, frame in (("ours", ours), ("sdv", sdv)):
        d = ks_2samp(source[c].dropna(), frame[c].dropna()).statistic
        totals[name].append(d)
        row.append(d)
    print(f"{c:10} {row[0]:8.4f} {row[1]:8.4f}  (KS)")
for c in categorical:
    row = []
    p = source[c].astype(str).value_counts(normalize=True)
    for name, frame in (("ours", ours), ("sdv", sdv)):
        q = frame[c].astype(str).value_counts(normalize=True)
        d = 0.5 * p.subtract(q, fill_value=0).abs().sum()
        totals[name].append(d)
        row.append(d)
    print(f"{c:10} {row[0]:8.4f} {row[1]:8.4f}  (TV)")
print(f"{'mean':10} {sum(totals['ours']) / len(totals['ours']):8.4f} {sum(totals['sdv']) / len(totals['sdv']):8.4f}")
emails = set(source["email"])
print("source emails in the output: ours", len(emails & set(ours["email"])), "SDV", len(emails & set(sdv["email"])))
