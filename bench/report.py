#!/usr/bin/env python3
"""Turns bench/run.sh's hyperfine exports and peak-RSS files into the tables and target checks.

Usage: report.py RESULTS_DIR OUT_DIR [--elapsed S] [--runs N] [--machine TEXT] [--versions TEXT]
Prints the report; writes OUT_DIR/results.md and OUT_DIR/results.json.
"""
import argparse
import datetime
import json
import os
import statistics

SCENARIOS = [("initial", "initial sync"), ("noop", "no-op sync"), ("incremental", "incremental sync"),
             ("audit", "audit (every mirror tag)"), ("publish", "publish-tag --dry-run")]
TAGS = {"small": 70, "medium": 700, "large": 2000}


def load(results):
    rows = {}
    index = os.path.join(results, "index.tsv")
    if not os.path.exists(index):
        return rows
    for line in open(index):
        name, size, transport, ident = line.rstrip("\n").split("\t")
        data = json.load(open(os.path.join(results, ident + ".json")))
        entry = {}
        for r, key in zip(data["results"], ("rm", "git")):
            rss = [int(x) for x in open(os.path.join(results, f"{ident}.{key}.rss")).read().split() if x.isdigit()]
            codes = r.get("exit_codes") or []
            entry[key] = {
                "median_s": r["median"], "mean_s": r["mean"], "min_s": r["min"], "max_s": r["max"],
                "stddev_s": r.get("stddev"), "runs": len(r["times"]), "times_s": r["times"],
                "peak_mb": max(rss) / 1024 if rss else None,
                "failed_runs": sum(1 for c in codes if c not in (0, None)),
            }
        status = os.path.join(results, f"{name}-{size}.status")
        if os.path.exists(status):
            entry["checked_status"] = int(open(status).read())
        rows[(name, size, transport)] = entry
    return rows


def fmt_time(s):
    if s is None:
        return "n/a"
    return f"{s * 1000:.0f} ms" if s < 1 else f"{s:.2f} s"


def fmt_mb(mb):
    return "n/a" if mb is None else f"{mb:.0f}"


def ratio(e):
    return e["rm"]["median_s"] / e["git"]["median_s"]


def table(rows, transport, sizes, missing):
    out = ["| scenario | size | release-mirror median | git CLI median | ratio (rm/git) | peak MB release-mirror | peak MB git |",
           "|---|---|---:|---:|---:|---:|---:|"]
    for name, label in SCENARIOS:
        for size in sizes:
            e = rows.get((name, size, transport))
            if e is None:
                if (name, size) in missing:
                    out.append(f"| {label} | {size} | n/a (command missing) | | | | |")
                continue
            flag = ""
            if e["rm"]["failed_runs"] or e["git"]["failed_runs"]:
                flag = f" ⚠ failed runs: rm {e['rm']['failed_runs']}, git {e['git']['failed_runs']}"
            out.append(f"| {label} | {size} ({TAGS.get(size, '?')} tags) | {fmt_time(e['rm']['median_s'])} | "
                       f"{fmt_time(e['git']['median_s'])} | {ratio(e):.2f}×{flag} | {fmt_mb(e['rm']['peak_mb'])} | "
                       f"{fmt_mb(e['git']['peak_mb'])} |")
    return out


def scaling(rows):
    out = ["| release tags | no-op: release-mirror | no-op: git CLI | ratio | incremental: release-mirror | incremental: git CLI | ratio |",
           "|---:|---:|---:|---:|---:|---:|---:|"]
    for size in ("small", "medium", "large"):
        n, i = rows.get(("noop", size, "git")), rows.get(("incremental", size, "git"))
        if not n or not i:
            continue
        out.append(f"| {TAGS[size]} | {fmt_time(n['rm']['median_s'])} | {fmt_time(n['git']['median_s'])} | {ratio(n):.2f}× | "
                   f"{fmt_time(i['rm']['median_s'])} | {fmt_time(i['git']['median_s'])} | {ratio(i):.2f}× |")
    return out


def targets(rows, missing):
    res = []

    def get(name, size):
        return rows.get((name, size, "git"))

    n = get("noop", "large")
    if n:
        ok = n["rm"]["median_s"] < 0.050 and ratio(n) <= 0.1
        res.append(("no-op sync (large): < 50 ms and ≤ 0.1× the reference",
                    f"{fmt_time(n['rm']['median_s'])}, {ratio(n):.2f}×", ok))
    for size in ("small", "medium", "large"):
        i = get("incremental", size)
        if i:
            res.append((f"incremental sync ({size}): ≤ 0.3× the reference", f"{ratio(i):.2f}× "
                        f"({fmt_time(i['rm']['median_s'])} vs {fmt_time(i['git']['median_s'])})", ratio(i) <= 0.3))
    for size in ("small", "large"):
        i = get("initial", size)
        if i:
            res.append((f"initial sync ({size}): ≤ 1.0× the reference", f"{ratio(i):.2f}× "
                        f"({fmt_time(i['rm']['median_s'])} vs {fmt_time(i['git']['median_s'])})", ratio(i) <= 1.0))
    a = get("audit", "large")
    if a:
        speedup = a["git"]["median_s"] / a["rm"]["median_s"]
        res.append(("audit of 2,000 tags: < 2 s and ≥ 20× faster than the git-CLI loop",
                    f"{fmt_time(a['rm']['median_s'])}, {speedup:.1f}× faster", a["rm"]["median_s"] < 2 and speedup >= 20))
    elif ("audit", "large") in missing:
        res.append(("audit of 2,000 tags: < 2 s and ≥ 20× faster than the git-CLI loop", "n/a (command missing)", None))
    led = get("ledger", "large")
    if led:
        res.append(("ledger update with the Interface column (2,000 tags): < 2 s",
                    f"{fmt_time(led['rm']['median_s'])} ({fmt_time(led['git']['median_s'])} without the column)",
                    led["rm"]["median_s"] < 2))
    elif ("ledger", "large") in missing:
        res.append(("ledger update with the Interface column (2,000 tags): < 2 s", "n/a (command missing)", None))
    peaks = [(e["rm"]["peak_mb"], k) for k, e in rows.items() if k[2] == "git" and e["rm"]["peak_mb"] is not None]
    if peaks:
        worst, key = max(peaks)
        res.append(("peak memory of every scenario < 200 MB (smart protocol)",
                    f"max {worst:.0f} MB ({key[0]}, {key[1]})", worst < 200))
    return res


def main():
    p = argparse.ArgumentParser()
    p.add_argument("results")
    p.add_argument("out")
    p.add_argument("--elapsed", type=int, default=0)
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--machine", default="")
    p.add_argument("--versions", default="")
    a = p.parse_args()
    rows = load(a.results)
    missing = set()
    mpath = os.path.join(a.results, "missing.tsv")
    if os.path.exists(mpath):
        missing = {tuple(line.split()) for line in open(mpath) if line.strip()}

    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    lines = [f"# release-mirror vs the git CLI — {now}", "",
             f"Machine: {a.machine}. {a.versions}. Medians of {a.runs} runs (hyperfine) after a warm-up; "
             "peak RSS = the largest process's maximum resident set (GNU time), over the timed runs.", "",
             "## Smart protocol (git daemon on 127.0.0.1)", ""]
    lines += table(rows, "git", ["small", "large"], missing)
    lines += ["", "## ledger update: with the Interface column against without it (publish.entry = \"\")", "",
              "| size | with the column | without | surfaces' share | peak MB (with / without) |", "|---|---:|---:|---:|---:|"]
    for size in ("small", "large"):
        e = rows.get(("ledger", size, "git"))
        if e:
            share = 1 - e["git"]["median_s"] / e["rm"]["median_s"]
            lines.append(f"| {size} ({TAGS.get(size, '?')} tags) | {fmt_time(e['rm']['median_s'])} | {fmt_time(e['git']['median_s'])} | "
                         f"{share * 100:.0f} % | {fmt_mb(e['rm']['peak_mb'])} / {fmt_mb(e['git']['peak_mb'])} |")
    lines += ["", "## Scaling with the number of release tags (smart protocol)", ""]
    lines += scaling(rows)
    lines += ["", "## file:// and plain-path transports (small upstream, 3 runs each; libgit2 uses its in-process local transport)", ""]
    for transport in ("file", "path"):
        t = table(rows, transport, ["small"], set())
        if len(t) > 2:
            lines += [f"`{transport}`:", ""] + t + [""]
    lines += ["## Targets", "", "| target | measured | |", "|---|---|---|"]
    for target, measured, ok in targets(rows, missing):
        lines.append(f"| {target} | {measured} | {'met' if ok else 'n/a' if ok is None else 'MISSED'} |")
    bad = {k: v for k, v in rows.items() if "checked_status" in v and v["checked_status"] != 0}
    for (name, size, _), v in bad.items():
        lines.append(f"\nnote: {name} ({size}) exited {v['checked_status']} before timing (see bench/out/work/results)")
    if a.elapsed:
        lines += ["", f"bench/run.sh took {a.elapsed // 60} min {a.elapsed % 60} s."]
    text = "\n".join(lines) + "\n"
    print(text)
    open(os.path.join(a.out, "results.md"), "w").write(text)
    json.dump({"date": now, "machine": a.machine, "versions": a.versions, "runs": a.runs, "elapsed_s": a.elapsed,
               "results": [{"scenario": k[0], "size": k[1], "transport": k[2], **v} for k, v in rows.items()]},
              open(os.path.join(a.out, "results.json"), "w"), indent=1)


if __name__ == "__main__":
    main()
