#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Write hostile inputs for the fuzz targets into OUTDIR/{scenario,console,kmsg}:
garbage, binary, truncated captures and scenarios, CR/NUL soup, and lines of
1 MB. Deterministic (fixed seed), so a failure reproduces."""
import os
import random
import sys

top, out = sys.argv[1], sys.argv[2]
rnd = random.Random(20261122)
MB = 1 << 20


def put(target, name, data):
    d = os.path.join(out, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def files(d, suffix):
    p = os.path.join(top, d)
    return sorted(os.path.join(p, f) for f in os.listdir(p) if f.endswith(suffix))


def garbage(n, alphabet=None):
    if alphabet is None:
        return rnd.randbytes(n)
    return bytes(rnd.choice(alphabet) for _ in range(n))


captures = [open(f, "rb").read() for f in files("ci/fixtures", ".log")]
scenarios = [open(f, "rb").read() for f in files("workloads", ".ini")]
scenarios += [open(f, "rb").read() for f in files("ci/tests/scenarios/bad", ".ini")]
binary = open(sys.executable, "rb").read(2 * MB)  # an ELF file

for t in ("scenario", "console", "kmsg", "scanfile", "trace"):
    put(t, "empty", b"")
    put(t, "garbage-1k", garbage(1024))
    put(t, "garbage-1m", garbage(MB))
    put(t, "binary-elf", binary)
    put(t, "nul-soup", garbage(65536, b"\0\n\r[]=;# .:-T1C0"))
    put(t, "line-1m-A", b"A" * MB + b"\n")
    put(t, "line-4m-no-newline", b"x" * (4 * MB))

# console captures: cut anywhere, CRLF, interleaved, prefixes followed by 1 MB
prefix = b"[   12.345678][ T1234] "
for i, c in enumerate(captures):
    for k in range(8):
        put("console", f"cut-{i}-{k}", c[: rnd.randrange(len(c) + 1)])
    put("console", f"crlf-{i}", c.replace(b"\n", b"\r\n"))
    put("console", f"cr-only-{i}", c.replace(b"\n", b"\r"))
    lines = c.split(b"\n")
    rnd.shuffle(lines)
    put("console", f"shuffled-{i}", b"\n".join(lines))
    put("console", f"flipped-{i}", bytes(b ^ 0x20 if rnd.random() < 0.01 else b for b in c))
# lines cut short anywhere, the report around them kept: the target gives
# each line a block of its own size, so a rule that reads past the end of a
# line is caught (a kmsg record or the end of a mapped log has nothing after it)
for i, c in enumerate(captures):
    for k in range(4):
        put("console", f"lines-cut-{i}-{k}", b"\n".join(
            l[: rnd.randrange(len(l) + 1)] if rnd.random() < 0.3 else l for l in c.split(b"\n")))
# each start pattern with its line ending right after it (or a byte into it)
for n, head in enumerate([b"BUG: ", b"BUG: s", b"WARNING: ", b"WARNING: a", b"WARNING: possible circular locking",
                          b"INFO: task a:1 blocked", b"kernel BUG at a:", b"XFS (loop0): in",
                          b"EXT4-fs error (device loop0): in", b"Killed process 1 (a", b"oom-kill:"]):
    put("console", f"short-{n}", prefix + head + b"\n" + prefix + head)
put("console", "short-continuations", b"\n".join([
    prefix + b"INFO: task a:1 blocked for more than 1 seconds.", prefix + b"      Not", prefix + b"      Tai",
    prefix + b"WARNING: CPU: 0 PID: 1 at a.c:1 f+0x1/0x2", prefix + b"RIP: 0010:abc", prefix + b"RIP: 0010:",
    prefix + b"CPU: 0 PID: 12 Comm: x Tainted: ", prefix + b"Call Trace:", prefix + b" f+0x", prefix + b" f+"]))
for n, head in enumerate([
        b"Out of memory: Killed process ", b"Memory cgroup out of memory: Killed process 1 (",
        b"INFO: task ", b"WARNING: CPU: 0 PID: 1 at ", b"Call Trace:\n" + prefix + b" ",
        b"oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=",
        b"FAULT_INJECTION: forcing a failure.\n" + prefix + b"name failslab, interval 1, probability ",
        b"page allocation failure: order:", b"XFS (loop0): ", b"EXT4-fs error (device loop0): ",
        b"BUG: kernel NULL pointer dereference, address: ", b"mem_cgroup_out_of_memory+",
        b"watchdog: BUG: soft lockup - CPU#0 stuck for ", b"rcu: INFO: rcu_preempt self-detected stall"]):
    put("console", f"long-{n}", prefix + head + garbage(MB, b"0123456789abcdef(),:=/+ ") + b"\n" + prefix + head + b"\n")

# scanfile (parallel == sequential): captures cut and shuffled, a report
# spanning everything, lines of 1 MB at chunk boundaries
for i, c in enumerate(captures):
    put("scanfile", f"cut-{i}", c[: rnd.randrange(len(c) + 1)])
    lines = c.split(b"\n")
    rnd.shuffle(lines)
    put("scanfile", f"shuffled-{i}", b"\n".join(lines))
put("scanfile", "one-report", prefix + b"INFO: task x:1 blocked for more than 120 seconds.\n" +
    (prefix + b" schedule+0x1/0x2\n") * 20000)
put("scanfile", "long-lines", b"".join(prefix + b"OOM " + b"z" * rnd.randrange(MB + 10) + b"\n" for _ in range(3)))
put("scanfile", "all", b"".join(captures) * 3)

# kmsg records: valid headers with hostile text, broken headers, huge records
for n in range(64):
    recs = []
    for _ in range(rnd.randrange(1, 32)):
        seq, ts = rnd.randrange(1 << 40), rnd.randrange(1 << 50)
        hdr = rnd.choice([b"%d,%d,%d,-;" % (rnd.randrange(200), seq, ts),
                          b"%d,%d,%d,-,caller=T%d;" % (6, seq, ts, rnd.randrange(1 << 31)),
                          b"6,%d,%d,c,caller=C%d;" % (seq, ts, rnd.randrange(64)),
                          b"-1,-1,-1,-;", b"6,1;", b";", b"6,1,2,-,caller=" + b"T" * 40 + b";"])
        body = rnd.choice(captures).split(b"\n")
        text = b"\\x0a".join(body[rnd.randrange(len(body)):][:rnd.randrange(1, 40)])
        recs.append(hdr + text + rnd.choice([b"", b"\n SUBSYSTEM=block\n DEVICE=b7:0", b"\\x", b"\\x4"]))
    put("kmsg", f"records-{n}", b"\0".join(recs))
put("kmsg", "record-1m", b"6,1,2,-;" + b"\\x0a" * (MB // 4) + b"A" * MB)

# scenarios: cut anywhere, huge keys and values, deep nesting of sections, overrides
for i, s in enumerate(scenarios):
    for k in range(6):
        put("scenario", f"cut-{i}-{k}", s[: rnd.randrange(len(s) + 1)])
    lines = s.split(b"\n")
    rnd.shuffle(lines)
    put("scenario", f"shuffled-{i}", b"\n".join(lines))
    put("scenario", f"set-{i}", b"--set scenario.duration=" + garbage(64, b"0123456789smhKMG.") + b"\n" + s)
base = b"[scenario]\ndescription = x\nduration = 10s\n[cgroup]\nmemory.max = 64M\n[workload.a]\nengine = stress-ng\nargs = --vm 1\n"
put("scenario", "long-value", base.replace(b"--vm 1", b"--vm " + b"1" * MB))
put("scenario", "long-key", base + b"k" * MB + b" = 1\n")
put("scenario", "long-section", b"[" + b"workload." * (MB // 9) + b"]\n" + base)
put("scenario", "many-workloads", base + b"".join(b"[workload.w%d]\nengine = memhog\nsize = 1M\n" % i for i in range(3000)))
put("scenario", "sizes", base.replace(b"64M", b"99999999999999999999999T"))
put("scenario", "set-long", b"--set " + b"a." * (MB // 2) + b"=1\n" + base)
# issue 22's hostile forms: a byte order mark, long indents and names, other
# number syntaxes, traversal in names, pass-through options that name paths
put("scenario", "bom", b"\xef\xbb\xbf" + base)
put("scenario", "bom-twice", b"\xef\xbb\xbf\xef\xbb\xbf" + base)
put("scenario", "indent-header", base + b" " * 300 + b"[expect]\n" + b"\t" * 5000 + b"oom_kills = 99\n")
put("scenario", "header-200", base + b"[workload." + b"w" * 200 + b"]\nengine = memhog\nsize = 1M\n")
put("scenario", "name-41", base + b"[workload." + b"n" * 41 + b"]\nengine = memhog\nsize = 1M\n")
for n, num in enumerate([b"0x10M", b"1e3", b"inf", b"nan", b"-0", b"0b1", b"010", b"1..5", b".5M", b"+1"]):
    put("scenario", f"number-{n}", base.replace(b"64M", num) + b"[expect]\noom_kills = " + num + b"\n")
for n, name in enumerate([b"..", b".", b"../x", b"a/b", b"-x", b"x y", b"\xff", b"a" * 33]):
    put("scenario", f"name-{n}", base + b"[workload." + name + b"]\nengine = memhog\nsize = 1M\n")
    put("scenario", f"cgroup-{n}", base + b"[cgroup." + name + b"]\nmemory.max = 1M\n")
for n, opt in enumerate([b"mkfs_options = -l logdev=/dev/vda,size=64m", b"mkfs_options = -lsize=1m,logdev=/x",
                         b"mkfs_options = -d name=/x -f", b"mkfs_options = -qfKN -p /etc/passwd",
                         b"mkfs_options = -J device=/x", b"mkfs_options = '-E offset=1' -z /x",
                         b"mount_options = logdev=/x,rtdev=/y", b"mount_options = ,,,errors=panic",
                         b"mkfs_options = -" + b"l" * 1000, b"mount_options = " + b"noatime," * 5000]):
    put("scenario", f"fs-{n}", b"[scenario]\ndescription = x\n[fs]\ntype = xfs\n" + opt +
        b"\n[workload.t]\nengine = fstx\n")
for n, args in enumerate([b"--temp-path /etc --vm 1", b"--cpu-online 1", b"-j /x", b"--all 1",
                          b"--vm 1 --vm-bytes=1/2", b"--swap-ops 1"]):
    put("scenario", f"stress-ng-{n}", base.replace(b"--vm 1", args))
put("scenario", "fio-args", b"[scenario]\ndescription = x\n[fs]\ntype = xfs\n[workload.f]\nengine = fio\n"
    b"args = --name=x --filename=/dev/vda --exec_prerun=x --ioengine=external:/x\n")

# trace_pipe text, format files, kmemleak reports: cut, shuffled, flipped
pipe = open(os.path.join(top, "ci/fixtures/host-6.18-trace-pipe-kmalloc.txt"), "rb").read()
fmt = open(os.path.join(top, "ci/fixtures/host-6.18-mm_page_alloc.format"), "rb").read()
for i in range(16):
    put("trace", f"pipe-cut-{i}", pipe[: rnd.randrange(len(pipe) + 1)])
    put("trace", f"fmt-cut-{i}", fmt[: rnd.randrange(len(fmt) + 1)])
    put("trace", f"fmt-flip-{i}", bytes(b ^ 0x20 if rnd.random() < 0.02 else b for b in fmt))
put("trace", "fmt-deep", b"__print_flags(REC->gfp_flags, \"|\", {" + b"(" * 100000 + b"1" + b")" * 100000 + b", \"X\"}")
put("trace", "fmt-shifts", b"__print_flags(REC->gfp_flags, \"|\", " + b"{(1UL << 99), \"A\"}, " * 100 + b"{ 0, 0 }")
put("trace", "lines-odd", b"\n".join([b"a-1 [0] 1: x:", b"-1 [", b"] ", b"x-y-z-1 [999999999] ...: e:", b"CPU:",
    b"CPU:1 [LOST", b"=> ", b"=>", b"  comm-12 (  1) [001] d..1. 1.0: <stack trace>", b"c-1 [001] 1.0: kmalloc: ptr= gfp_flags="]))
put("trace", "kmemleak", b"unreferenced object 0x1 (size 1):\n  comm \"" + b"x" * 1000 + b"\", pid 1\n  backtrace (crc 1):\n" +
    b"    f+0x1/0x2\n" * 100 + b"unreferenced object 0x" + b"f" * 40 + b" (size 99999999999999999999999):\n")
