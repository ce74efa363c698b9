#!/usr/bin/env python3
"""Seeds the fuzz corpora (fuzz/corpus/<target>/) from the .slt files and tests: every SQL
statement for `ddl`, spider option strings, fan-out count specs, COPY options, aws.* options,
and generator calls with literal arguments encoded for `generator_args`. Idempotent: a seed's
file name is the hash of its bytes."""
import hashlib
import pathlib
import re
import struct

root = pathlib.Path(__file__).resolve().parent.parent
corpus = root / "fuzz" / "corpus"


def put(target, data):
    if isinstance(data, str):
        data = data.encode()
    d = corpus / target
    d.mkdir(parents=True, exist_ok=True)
    (d / hashlib.sha1(data).hexdigest()).write_bytes(data)


def statements(text):
    out, cur = [], []
    for line in text.splitlines():
        if line.startswith(("statement", "query", "#", "----")) or not line.strip():
            if cur:
                out.append("\n".join(cur))
                cur = []
            continue
        cur.append(line)
    if cur:
        out.append("\n".join(cur))
    return out


sql = []
for f in sorted((root / "sql").rglob("*.slt")):
    sql += statements(f.read_text())
for f in sorted((root / "sql" / "examples").glob("*.sql")):
    sql += [s for s in f.read_text().split(";\n") if s.strip()]
for s in sql:
    put("ddl", s)
    for m in re.finditer(r"spider\('(\w+)',\s*[^,)]+(?:,\s*[^,)]+)?,\s*'([^']*)'\)", s):
        put("spider_options", b"\x00" + m.group(2).encode())
    for m in re.finditer(r"count\s*=\s*'([^']*)'", s):
        put("fanout_count", b"\x02" + m.group(1).encode())
    for m in re.finditer(r"OPTIONS\s*\((.*)\)\s*$", s, re.S):
        put("copy_options", b"\x01" + m.group(1).encode())

aws = set(re.findall(r"'(aws\.\w+)'\s+'([^']*)'", (root / "tests" / "s3.rs").read_text()))
for k, v in aws:
    put("s3_options", f"{k}={v}")
put("s3_options", "\n".join(f"{k}={v}" for k, v in sorted(aws)))


def encode(arg):
    arg = arg.strip()
    if arg.upper() == "NULL":
        return bytes([3])
    if arg.startswith("'") and arg.endswith("'"):
        b = arg[1:-1].encode()[:31]
        return bytes([2 | (len(b) << 3)]) + b
    try:
        return bytes([0]) + struct.pack("<q", int(arg))
    except (ValueError, struct.error):
        pass
    try:
        return bytes([1]) + struct.pack("<d", float(arg))
    except ValueError:
        return None


calls = re.compile(r"\b([a-z_0-9]+)\(([^()]*)\)")
for s in sql:
    for name, args in calls.findall(s):
        parts = [a for a in args.split(",")] if args.strip() else []
        enc = [encode(a) for a in parts]
        if all(e is not None for e in enc):
            put("generator_args", name.encode() + b"\n" + b"".join(enc))

for d in sorted(corpus.iterdir()):
    print(f"{d.name}: {len(list(d.iterdir()))} seeds")
