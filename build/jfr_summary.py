#!/usr/bin/env python3
"""Summarises a JFR recording by where it allocates or where it spends CPU, for docs/benchmarks.md.

Usage:
  jfr print --json --events jdk.ObjectAllocationSample REC.jfr > alloc.json
  build/jfr_summary.py alloc.json [--depth N] [--top N] [--module]
  jfr print --json --events jdk.ExecutionSample REC.jfr > cpu.json
  build/jfr_summary.py cpu.json [--depth N] [--top N] [--module]

Allocation samples are weighted by their bytes, execution samples count one each. --depth N groups by the
top N frames; --module instead charges each sample to the first frame in an org.vmbussim class (the module's
package) that is on its stack, or to the first frame when none is, so the totals read per component.
Threads named in --thread (a substring) limit the samples to those threads. --inclusive ranks methods by
the share of samples with the method anywhere on the stack (time spent in it and below).
"""

import argparse
import collections
import json


def frames(event):
    trace = event["values"].get("stackTrace")
    if not trace:
        return []
    return [(f["method"]["type"]["name"].replace("/", "."), f["method"]["name"], f.get("lineNumber"))
            for f in trace["frames"]]


def label(frame):
    cls, method, line = frame
    return f"{cls.rsplit('.', 1)[-1]}.{method}:{line}"


def component(stack):
    for cls, method, _ in stack:
        if cls.startswith("org.vmbussim."):
            parts = cls.split(".")
            return ".".join(parts[2:4]) + " " + parts[-1].split("$")[0] + "." + method
    return label(stack[0]) if stack else "(no stack)"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("json")
    parser.add_argument("--depth", type=int, default=4)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--module", action="store_true")
    parser.add_argument("--thread", default=None)
    parser.add_argument("--inclusive", action="store_true",
                        help="rank methods by the share of samples whose stack contains them (org.vmbussim "
                             "methods and JDK/Netty entry points named in --also)")
    parser.add_argument("--also", default="Mac.getInstance,Mac.doFinal,DateTimeFormatter.format,"
                                          "EmbeddedChannel.<init>,LockSupport.park,LockSupport.unpark")
    args = parser.parse_args()
    with open(args.json, encoding="utf-8") as f:
        events = json.load(f)["recording"]["events"]
    totals = collections.Counter()
    for e in events:
        values = e["values"]
        if args.thread:
            thread = (values.get("eventThread") or values.get("sampledThread") or {}).get("javaName") or ""
            if args.thread not in thread:
                continue
        weight = values.get("weight", 1)
        stack = frames(e)
        if args.inclusive:
            also = set(args.also.split(","))
            seen = set()
            for cls, method, _ in stack:
                short = cls.rsplit(".", 1)[-1] + "." + method
                if cls.startswith("org.vmbussim.") or short in also:
                    seen.add(short)
            for key in seen:
                totals[key] += weight
            totals["(all samples)"] += weight
            continue
        key = component(stack) if args.module else " < ".join(label(fr) for fr in stack[:args.depth])
        totals[key] += weight
    grand = (totals["(all samples)"] if args.inclusive else sum(totals.values())) or 1
    for key, weight in totals.most_common(args.top):
        print(f"{weight / grand * 100:5.1f}%  {key}")
    print(f"({len(events)} samples, total weight {grand:,})")


if __name__ == "__main__":
    main()
