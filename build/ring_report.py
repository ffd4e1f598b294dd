#!/usr/bin/env python3
"""Turns the ring benchmarks' JMH JSON into docs/benchmarks.md's ring result tables.

    java -jar benchmarks/target/benchmarks.jar 'org.vmbussim.bench.Ring.*' -f 1 -wi 3 -w 1s -i 5 -r 1s \
         -prof gc -rf json -rff benchmarks/target/ring.json
    build/ring_report.py benchmarks/target/ring.json [more.json ...] [docs/benchmarks.md]

Later JSON files replace the rows of earlier ones (a re-run of some classes). With a doc path (a .md), replaces the text between <!-- ring:begin --> and <!-- ring:end --> in it; without, prints
the tables. Ratios are throughput ratios (> 1: the VMBus ring is faster), taken within the one run.
"""
import json
import sys

SIZES = ("64", "512", "4096")
BEGIN, END = "<!-- ring:begin -->", "<!-- ring:end -->"


def load(path):
    """Scores by (method or group, payload): (score, error, alloc B/op, secondary metrics)."""
    rows = {}
    for r in json.load(open(path)):
        name = r["benchmark"].rsplit(".", 1)[1]
        size = r.get("params", {}).get("payloadLength")
        m = r["primaryMetric"]
        sec = r.get("secondaryMetrics", {})
        alloc = sec.get("gc.alloc.rate.norm", {}).get("score")
        rows[(name, size)] = (m["score"], m["scoreError"], alloc, sec)
    return rows


def fmt(score, error, digits):
    return f"{score:.{digits}f} ± {error:.{digits}f}" if error == error else f"{score:.{digits}f}"


def alloc(value):
    return "–" if value is None else f"{value:.3f}"


def consumer(rows, group, size, method):
    """A JMH group's consumer score (messages per µs) and the group's allocation per op."""
    row = rows.get((group, size))
    if row is None:
        return None
    m = row[3].get(method)
    return (m["score"], m["scoreError"], row[2]) if m else None


def table(header, lines):
    out = ["| " + " | ".join(header) + " |", "|" + "---:|" * len(header)]
    out += ["| " + " | ".join(line) + " |" for line in lines]
    return "\n".join(out)


def render(rows):
    parts = []
    lines = []
    for s in SIZES:
        v, a, t = (rows.get((n, s)) for n in ("vmbusWriteRead", "agronaWriteReadCopying", "agronaWriteReadTouch"))
        if v and a and t:
            lines.append([f"{s} B", fmt(v[0], v[1], 1), fmt(a[0], a[1], 1), fmt(t[0], t[1], 1),
                          f"{a[0] / v[0]:.2f}×", f"{t[0] / v[0]:.2f}×", alloc(v[2])])
    parts.append("#### Per packet (Linux `hv_ringbuffer_write` shape: one publish, one fence, one signal decision "
                 "per packet)\n\nOne thread: write one packet, read it back (ns per message, lower is better)\n\n"
                 + table(["payload", "VMBus ring (hardened, copying reader)", "Agrona, copying consumer",
                          "Agrona, touch-only consumer", "VMBus vs Agrona copying (throughput ratio)",
                          "VMBus vs Agrona touch", "VMBus B/op"], lines))
    lines = []
    for s in SIZES:
        v = consumer(rows, "vmbus", s, "vmbusConsume")
        a = consumer(rows, "agronaCopying", s, "agronaCopyingConsume")
        t = consumer(rows, "agronaTouch", s, "agronaTouchConsume")
        if v and a and t:
            lines.append([f"{s} B", fmt(v[0], v[1], 2), fmt(a[0], a[1], 2), fmt(t[0], t[1], 2),
                          f"{v[0] / a[0]:.2f}×", f"{v[0] / t[0]:.2f}×", alloc(v[2])])
    parts.append("Two threads: producer and consumer (million messages/s received, higher is better)\n\n"
                 + table(["payload", "VMBus ring", "Agrona, copying consumer", "Agrona, touch-only consumer",
                          "VMBus vs Agrona copying", "VMBus vs Agrona touch", "VMBus B/op"], lines))
    lines = []
    for s in SIZES:
        v, a = rows.get(("vmbusBatchWriteRead", s)), rows.get(("agronaBatchWriteReadCopying", s))
        if v and a:
            lines.append([f"{s} B", fmt(v[0], v[1], 1), fmt(a[0], a[1], 1), f"{a[0] / v[0]:.2f}×",
                          alloc(v[2]), alloc(a[2])])
    parts.append("#### Batched, 16 messages per publish\n\nOne thread: write 16, read 16 (ns per message, lower is "
                 "better)\n\n"
                 + table(["payload", "VMBus ring, batch of 16 (one commit, one reader batch)",
                          "Agrona, 16 writes + `read(handler, 16)`, copying", "VMBus vs Agrona (throughput ratio)",
                          "VMBus B/op", "Agrona B/op"], lines))
    lines = []
    for s in SIZES:
        v = consumer(rows, "vmbusBatch", s, "vmbusBatchConsume")
        a = consumer(rows, "agronaBatchCopying", s, "agronaBatchConsume")
        if v and a:
            lines.append([f"{s} B", fmt(v[0], v[1], 2), fmt(a[0], a[1], 2), f"{v[0] / a[0]:.2f}×",
                          alloc(v[2]), alloc(a[2])])
    parts.append("Two threads: producer commits every 16 (million messages/s received, higher is better)\n\n"
                 + table(["payload", "VMBus ring, producer commits every 16",
                          "Agrona, 16 writes per op, `read(handler, 16)`, copying", "VMBus vs Agrona",
                          "VMBus B/op", "Agrona B/op"], lines))
    lines = []
    for s in ("64", "4096"):
        v, w, f = rows.get(("vmbusWriteRead", s)), rows.get(("writeOnly", s)), rows.get(("twoFullFences", s))
        floor, a = rows.get(("formatFloor", s)), rows.get(("agronaWriteReadCopying", s))
        if v and w and f:
            lines.append([f"{s} B", fmt(v[0], v[1], 1), fmt(w[0], w[1], 1), fmt(f[0], f[1], 1),
                          fmt(floor[0], floor[1], 1) if floor else "–", fmt(a[0], a[1], 1) if a else "–"])
    parts.append("#### Cost breakdown (ns per operation, same JMH run)\n\n"
                 + table(["payload", "VMBus write+read", "writer alone", "two full fences",
                          "packet format alone (no checks)", "Agrona write+read, copying"], lines))
    return "\n\n".join(parts)


def main():
    results = [a for a in sys.argv[1:] if a.endswith(".json")]
    docs = [a for a in sys.argv[1:] if a.endswith(".md")]
    rows = {}
    for path in results:
        rows.update(load(path))
    tables = render(rows)
    if not docs:
        print(tables)
        return
    doc = open(docs[0]).read()
    start, end = doc.index(BEGIN) + len(BEGIN), doc.index(END)
    open(docs[0], "w").write(doc[:start] + "\n\n" + tables + "\n\n" + doc[end:])


if __name__ == "__main__":
    main()
