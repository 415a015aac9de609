#!/bin/bash
# The oracle against a peer's labelled corpus: syzkaller's Linux console logs
# (ci/fixtures/syzkaller/report, each with the title syzkaller's parser must
# give, or none), fed to `memstress scan --json` (each log as if alone: see
# GAP below), scored as
# pkg/report/report_test.go reads their header:
#   found     a failure-class event in a log whose header has a TITLE
#   classed   the first such event (in log order) is of the kind the title's
#             report is (the table below)
#   titles    the event's title says "in FUNC" of the function syzkaller's
#             "... in FUNC" names (logs marked CORRUPTED, or titled "in corrupted", aside)
#   false     failure-class events in a log without a TITLE
# syzkaller's own failures (SYZFAIL, SYZFATAL, its Go runtime, lost
# connection, an unexpected reboot) hold no kernel report: not counted. The
# figures reached are the floor; the goal of issue 37 is printed beside them.
. "$(dirname "$0")/../lib.sh"

plan 5
out=$(MEMSTRESS=$MEMSTRESS CORPUS=$TOP/ci/fixtures/syzkaller/report /usr/bin/python3 - <<'PY'
import bisect, json, os, re, subprocess, sys

corpus, memstress = os.environ["CORPUS"], os.environ["MEMSTRESS"]
# syzkaller's own failures: no kernel report in them
SYZ_OWN = ("SYZFAIL", "SYZFATAL", "go runtime error", "lost connection",
           "no output from test machine", "unexpected kernel reboot",
           "executor failed", "panic: ")
# syzkaller's title or TYPE -> the memstress kinds that class it right; the
# first matching row wins (title prefixes, then TYPE)
KINDS = [
    (r"^(INFO: task hung|INFO: task can't die|INFO: rcu detected stall|BUG: soft lockup|"
     r"BUG: workqueue lockup|INFO: rcu)", {"hang"}),
    (r"^(possible deadlock|inconsistent lock state|INFO: trying to register non-static key|"
     r"INFO: suspicious RCU usage|INFO: possible|BUG: MAX_STACK_TRACE|BUG: MAX_LOCKDEP|"
     r"BUG: bad unlock balance|BUG: held lock freed|BUG: lock held|BUG: still has locks held|"
     r"BUG: Invalid wait context|WARNING: suspicious RCU usage|WARNING: possible|"
     r"WARNING: still has locks held|WARNING: nested lock|WARNING: inconsistent lock|"
     r"WARNING: HARDIRQ|WARNING: SOFTIRQ|WARNING: lock held|WARNING: bad unlock balance|"
     r"WARNING: held lock freed)", {"lockdep"}),
    # a DEBUG_LOCKS_WARN_ON() is a WARNING; lockdep's own report: either
    (r"^(WARNING: locking bug|BUG: workqueue leaked lock)", {"lockdep", "warning", "bug"}),
    (r"^trusty", {"bug", "warning"}),
    (r"^kernel stack overflow", {"oops", "panic"}),
    (r"^kernel panic", {"panic"}),
    (r"^kernel BUG", {"bug"}),
    (r"^(BUG: unable to handle|general protection fault|Unhandled fault|Internal error|"
     r"divide error|stack segment fault|PANIC: double fault|kernel stack overflow|int3|"
     r"BUG: stack guard page|BUG: TASK stack guard page|Alignment trap|"
     r"BUG: kernel NULL pointer|BUG: unable to handle kernel NULL)", {"oops"}),
    (r"^(KASAN|KFENCE|KMSAN|KCSAN|UBSAN|memory leak|BUG: |INFO: |VFS: |"
     r"unregister_netdevice|trusty|attempt to)", {"bug"}),
    (r"^WARNING", {"warning"}),
]
TYPES = {"HANG": {"hang"}, "LOCKDEP": {"lockdep"}, "WARNING": {"warning"},
         "REFCOUNT_WARNING": {"warning"}, "NULL-POINTER-DEREFERENCE": {"oops"}}

def kinds_for(title, typ):
    for rx, k in KINDS:
        if re.match(rx, title):
            return k
    return TYPES.get(typ, {"bug", "oops"})

def parse(path):
    data = open(path, "rb").read().replace(b"\r", b"")
    head, log, phase, prev_empty = {}, [], 0, False
    for ln in data.split(b"\n"):
        if phase == 0:
            if ln == b"":
                phase = 1
                continue
            k, _, v = ln.decode("utf-8", "replace").partition(": ")
            head.setdefault(k, v)
        else:
            if prev_empty and ln == b"REPORT:":
                break
            log.append(ln)
            prev_empty = ln == b""
    return head, b"\n".join(log)

def func_of(title):
    m = re.search(r" in ([A-Za-z0-9_.]+)$", title)
    return m.group(1) if m and m.group(1) != "corrupted" else None

# One scan of all the logs, each followed by GAP empty lines: longer than any
# report stays open without a line of its own (an OOM kill waits 512 lines
# for its oom_reaper line), so every log is read as if alone; checked once
# against a scan per log (the same failure events for all 747), and 50 times
# faster than a process per log on a loaded machine.
GAP = 1000
names = sorted(os.listdir(corpus), key=lambda s: (len(s), s))
buf, spans = [], []
for name in names:
    head, log = parse(os.path.join(corpus, name))
    lines = log.split(b"\n")
    spans.append((len(buf) + 1, name, head))
    buf.extend(lines)
    buf.extend([b""] * GAP)
r = subprocess.run([memstress, "scan", "--json", "-j1"], input=b"\n".join(buf) + b"\n",
                   capture_output=True, check=False)
events = {}
firsts = [s[0] for s in spans]
for e in json.loads(r.stdout or b"[]"):
    if e["severity"] == "failure":
        events.setdefault(bisect.bisect_right(firsts, e["lines"][0]) - 1, []).append(e)
results = []
for i, (_, name, head) in enumerate(spans):
    ev = sorted(events.get(i, []), key=lambda e: e["lines"][0])
    results.append((name, head, ev))

n = found = classed = titled = named = quiet = false = 0
misses = {"found": [], "classed": [], "false": [], "title": []}
for name, head, ev in results:
    title = head.get("TITLE")
    if title and title.startswith(SYZ_OWN):
        continue
    if not title:
        quiet += 1
        if ev:
            false += 1
            misses["false"].append(f"{name}: {ev[0]['kind']} {ev[0]['title']}")
        continue
    n += 1
    if not ev:
        misses["found"].append(f"{name}: {title}")
        continue
    found += 1
    first = ev[0]
    if first["kind"] in kinds_for(title, head.get("TYPE", "")):
        classed += 1
    else:
        misses["classed"].append(f"{name}: {title} -> {first['kind']} {first['title']}")
    fn = func_of(title)
    if fn and head.get("CORRUPTED") != "Y":
        titled += 1
        if re.search(r" in " + re.escape(fn) + r"($|[^A-Za-z0-9_])", first["title"]):
            named += 1
        else:
            misses["title"].append(f"{name}: {title} -> {first['title']}")

pct = lambda a, b: 100.0 * a / b if b else 100.0
print(f"found {found} {n} {pct(found, n):.1f}")
print(f"classed {classed} {found} {pct(classed, found):.1f}")
print(f"titles {named} {titled} {pct(named, titled):.1f}")
print(f"false {false} {quiet}")
if os.environ.get("SYZ_CORPUS_MISSES"):
    for k, v in misses.items():
        for s in v:
            print(f"miss-{k} {s}", file=sys.stderr)
PY
)
echo "$out" | sed 's/^/# /'
read -r _ found_n found_of found_pct <<<"$(echo "$out" | grep '^found ')"
read -r _ cl_n cl_of cl_pct <<<"$(echo "$out" | grep '^classed ')"
read -r _ ti_n ti_of ti_pct <<<"$(echo "$out" | grep '^titles ')"
read -r _ fa_n fa_of <<<"$(echo "$out" | grep '^false ')"
# floor: the figures this branch reached; goal: issue 37's targets
at_least() { /usr/bin/python3 -c "import sys; sys.exit(0 if float('$1') >= float('$2') else 1)"; echo $?; }
# (before issue 37's work, by this scorer: found 91.3, classed 97.2, titles 13.2, 6 false alarms)
ok "$(at_least "${found_pct:-0}" 98.6)" "found: $found_n of $found_of kernel reports ($found_pct %; floor 98.6, goal 98)"
ok "$(at_least "${cl_pct:-0}" 100.0)" "classed right: $cl_n of $cl_of ($cl_pct %; floor 100.0, goal 97)"
ok "$(at_least "${ti_pct:-0}" 86.1)" "titles name syzkaller's function: $ti_n of $ti_of ($ti_pct %; floor 86.1, goal 85)"
is "${fa_n:-x}" 0 "false alarms: ${fa_n:-?} of the $fa_of logs without a kernel report (goal 0)"
ok "$([ "${found_of:-0}" -ge 700 ] && echo 0)" "the corpus was read: ${found_of:-0} logs with a report"
done_testing
