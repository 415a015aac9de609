#!/bin/bash
# fio works in the guest and shows its work (issue 34): a --kernel run of
# fio-fstx-mixed ends with fio's own JSON summary, every job having moved
# data, fio ending on its own --runtime (exit 0, not stopped by memstress),
# no "select() call in helper thread failed" in its log (the EINTR a second
# SIGTERM used to cause in fio 3.33's helper thread), and workloads.worked
# passing with fio's figures as its evidence. Then the same on memcg-protection,
# whose fio reader fills its cache.
. "$(dirname "$0")/../lib.sh"
need_kernel
command -v fio >/dev/null || skip_all "fio is not installed (ci/setup installs it)"

plan 10
mrun --kernel "$KERNEL" fio-fstx-mixed
is_rc 0 "fio-fstx-mixed passes in the guest"
d=$(last_run)
io() { json "$d/result.json" "[w for w in r['workloads'] if w['engine'] == 'fio'][0]$1"; }
is "$(io '["exit"]')" "exited 0" "fio ended on its own --runtime"
is "$(io '["fio"].__len__()')" 2 \
	"its JSON summary has both jobs"
is "$(json "$d/result.json" 'all(j["write_kib"] > 0 for w in r["workloads"] if w["engine"] == "fio" for j in w["fio"])')" True \
	"every job wrote data"
ok "$(grep -q 'select() call in helper thread failed' "$d"/workloads/io.0.log && echo 1 || echo 0)" \
	"no EINTR in fio's helper thread"
like "$(io '["work"]["evidence"]')" "^2 fio job\(s\): [0-9]+ KiB read, [1-9][0-9]* KiB written" \
	"workloads.worked's evidence for it: fio's own figures"
is "$(json "$d/result.json" '[c["status"] for c in r["checks"] if c["name"] == "workloads.worked"][0]')" pass \
	"workloads.worked passes"

mrun --kernel "$KERNEL" memcg-protection
is_rc 0 "memcg-protection passes in the guest"
d=$(last_run)
like "$(json "$d/result.json" '[w["work"]["evidence"] for w in r["workloads"] if w["engine"] == "fio"][0]')" \
	"fio job\(s\): [1-9][0-9]* KiB read" "its fio reader's summary shows the reads"
is "$(leftovers)" "" "nothing left running"
done_testing
