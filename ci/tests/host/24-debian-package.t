#!/bin/bash
# The Debian package, as a distribution would take it: built from a copy of
# the tree (build_deb in lib.sh) with `dpkg-buildpackage -us -uc` (source and
# binary), lintian with no error or warning, the binary hardened (relro,
# bindnow, fortify), and the autopkgtest run by autopkgtest itself on this
# machine (the null virt-server: the .deb is installed here, the built-in
# default scenario runs as root on this kernel, and the package is purged
# again unless it was installed before).
. "$(dirname "$0")/../lib.sh"
need_root
for t in dpkg-buildpackage dh lintian autopkgtest; do
	command -v "$t" >/dev/null || skip_all "$t is not installed (ci/setup installs debhelper, lintian, autopkgtest)"
done
git -C "$TOP" rev-parse --git-dir >/dev/null 2>&1 || skip_all "$TOP is not a git tree (the package is built from git archive)"
command -v stress-ng >/dev/null || skip_all "stress-ng is not installed (the default scenario runs it)"
plan 9

before=$(dpkg-query -W -f='${Status}' memstress 2>/dev/null)
purge() { [ "$before" = "install ok installed" ] || dpkg --purge memstress >/dev/null 2>&1; at_exit; }
trap purge EXIT

src=$TMP/src/memstress
SECONDS=0
deb=$(build_deb "$TMP/src")
rc=$?
version=$(cd "$src" && dpkg-parsechangelog -S Version)
arch=$(dpkg-architecture -q DEB_HOST_ARCH)
diag "dpkg-buildpackage: ${SECONDS}s"
is "$rc" 0 "dpkg-buildpackage -us -uc builds $version"
[ "$rc" = 0 ] || tail -30 "$TMP/src/build.log" | sed 's/^/#   build: /' >&2
files=$(dpkg-deb -c "$deb" 2>/dev/null | awk '{ print $6 }')
missing=
for f in ./usr/bin/memstress ./usr/share/man/man1/memstress.1.gz \
	./usr/share/bash-completion/completions/memstress \
	./usr/share/memstress/workloads/default.ini ./usr/share/memstress/kconfig/requirements.config; do
	printf '%s\n' "$files" | grep -qxF "$f" || missing+=" $f"
done
is "$missing" "" "the .deb holds the program, the man page, the completion, the scenarios and the kernel configs"

# the source and the binary package (one .changes), every tag up to
# pedantic shown; an error or a warning fails, and so does lintian failing
SECONDS=0
lint=$(lintian --pedantic -I --fail-on error,warning "$TMP/src/memstress_${version}_$arch.changes" 2>&1)
rc=$?
diag "lintian: ${SECONDS}s"
lint=$(printf '%s\n' "$lint" | grep -v '^running with root privileges')
printf '%s\n' "$lint" | grep . | sed 's/^/# lintian: /'
is "$rc:$(printf '%s\n' "$lint" | grep -E '^[EW]: ')" "0:" "lintian: no error or warning on the source and binary packages"

bin=$src/debian/memstress/usr/bin/memstress
like "$(readelf -d "$bin" 2>&1)" 'BIND_NOW' "the binary is linked with -z now (hardening=+all)"
like "$(readelf -lW "$bin" 2>&1)" 'GNU_RELRO' "and -z relro"
like "$(readelf -sW --dyn-syms "$bin" 2>&1)" '__[a-z]+_chk' "and built with _FORTIFY_SOURCE (it calls __*_chk)"

# the autopkgtest: the .deb and the unpacked source (for debian/tests)
out=$TMP/autopkgtest
SECONDS=0
autopkgtest -o "$out" "$deb" "$src/" -- null >"$TMP/autopkgtest.log" 2>&1
rc=$?
diag "autopkgtest: ${SECONDS}s"
is "$rc" 0 "autopkgtest on this machine (null virt-server) passes"
[ "$rc" = 0 ] || tail -40 "$TMP/autopkgtest.log" | sed 's/^/#   autopkgtest: /' >&2
like "$(cat "$out/summary" 2>/dev/null)" '^default-scenario +PASS' "its default-scenario test passed, as root, on the installed package"
r=$(find "$out/artifacts/results" -name result.json 2>/dev/null | head -1)
is "$([ -n "$r" ] && json "$r" 'r["verdict"]')" pass "and kept its run: result.json says pass"
done_testing
