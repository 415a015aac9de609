#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# memstress: stress and regression harness for the kernel's memory
# management (memory-cgroup OOM, filesystem transactions, fault injection).
# Runs memstress scenarios on the running kernel, one at a time, and writes
# each check as a test case SCENARIO.CHECK (pass, fail or skip) into
# output/result.txt, a lava-test-set per scenario; a failed check's one-line
# reason goes into output/SCENARIO.CHECK.log, which send-to-lava.sh shows
# with the test case. Each scenario's KTAP and result.json are printed
# between markers, so the job log keeps them.
#
# memstress's exit codes: 0 pass, 1 a check failed, 4 skipped (these are
# results); 2 (usage or scenario error) and 3 (harness error) are not the
# kernel's doing: the scenario's reason is written to output/harness-error,
# for the test definition to raise (lava-test-raise), and no later scenario
# runs.

# shellcheck disable=SC1091
. ../../lib/sh-test-lib
OUTPUT="$(pwd)/output"
RESULT_FILE="${OUTPUT}/result.txt"
export RESULT_FILE
SCRIPTPATH="$(dirname "$(readlink -f "${0}")")"
# memstress's colours would be escape codes in the job log
NO_COLOR=1
export NO_COLOR

SCENARIOS="default"
DURATION=""
SKIPFILE=""
SKIP_INSTALL="false"
MEMSTRESS_VERSION=""
MEMSTRESS_URL=""
EXTRA_ARGS=""

usage() {
    echo "Usage: ${0} [-s 'SCENARIO...'] [-d DURATION] [-S SKIPFILE]
                    [-i true|false] [-v VERSION] [-u URL] [-e 'MEMSTRESS RUN OPTIONS']

  -s  scenario names (memstress list), globs of them ('memcg-*'), or .ini files
  -d  shorten every scenario to DURATION (e.g. 20s); empty keeps their own
  -S  skip file, 'SCENARIO REASON' per line (globs allowed): a file name in
      this directory, an absolute path or an http(s) URL
  -i  SKIP_INSTALL: true when the rootfs already has memstress
  -v  the version to install: a Debian package version, or a git tag or commit with -u
  -u  install from this URL: a .deb, or a git repository built with make
  -e  more 'memstress run' options, e.g. '--origin my_lab'" 1>&2
    exit 1
}

while getopts "s:d:S:i:v:u:e:h" o; do
    case "$o" in
        s) SCENARIOS="${OPTARG}" ;;
        d) DURATION="${OPTARG}" ;;
        S) SKIPFILE="${OPTARG}" ;;
        i) SKIP_INSTALL="${OPTARG}" ;;
        v) MEMSTRESS_VERSION="${OPTARG}" ;;
        u) MEMSTRESS_URL="${OPTARG}" ;;
        e) EXTRA_ARGS="${OPTARG}" ;;
        *) usage ;;
    esac
done

harness_error() {
    echo "$1" >"${OUTPUT}/harness-error"
    warn_msg "$1"
    exit 1
}

# The Debian package from the device's archive (memstress=VERSION with -v),
# a .deb from a URL, or a git repository at a tag or commit, built and
# installed in /usr/local.
install_memstress() {
    if [ "${SKIP_INSTALL}" = "true" ] || [ "${SKIP_INSTALL}" = "True" ]; then
        info_msg "memstress installation skipped"
        return 0
    fi
    case "${MEMSTRESS_URL}" in
        "")
            install_deps "memstress${MEMSTRESS_VERSION:+=${MEMSTRESS_VERSION}}"
            ;;
        *.deb)
            wget -O /tmp/memstress.deb "${MEMSTRESS_URL}" ||
                harness_error "cannot download ${MEMSTRESS_URL}"
            install_deps "/tmp/memstress.deb"
            ;;
        *)
            dist_name
            # shellcheck disable=SC2154 # dist: set by dist_name (sh-test-lib)
            case "${dist}" in
                debian|ubuntu)
                    install_deps "git gcc make pkgconf libinih-dev libjson-c-dev libcgroup-dev libarchive-dev libssl-dev zlib1g-dev stress-ng"
                    ;;
                *)
                    warn_msg "Unsupported distro: ${dist}! Build dependencies not installed."
                    ;;
            esac
            rm -rf memstress-src
            git clone "${MEMSTRESS_URL}" memstress-src ||
                harness_error "cannot clone ${MEMSTRESS_URL}"
            (
                cd memstress-src &&
                    git checkout -q "${MEMSTRESS_VERSION:-HEAD}" &&
                    make -j"$(nproc)" PREFIX=/usr/local &&
                    make install PREFIX=/usr/local
            ) || harness_error "cannot build memstress ${MEMSTRESS_VERSION} from ${MEMSTRESS_URL}"
            ;;
    esac
}

# The skip file as a path memstress can read.
fetch_skipfile() {
    case "${SKIPFILE}" in
        "") ;;
        http://*|https://*)
            wget -O "${OUTPUT}/skipfile" "${SKIPFILE}" ||
                harness_error "cannot download the skip file ${SKIPFILE}"
            SKIPFILE="${OUTPUT}/skipfile"
            ;;
        /*) ;;
        *) SKIPFILE="${SCRIPTPATH}/${SKIPFILE}" ;;
    esac
    [ -z "${SKIPFILE}" ] || [ -r "${SKIPFILE}" ] || harness_error "no skip file ${SKIPFILE}"
}

# One run's checks as result.txt lines, "SCENARIO.CHECK RESULT" or, with the
# figure the check judged, "SCENARIO.CHECK RESULT MEASUREMENT UNITS"
# (memstress report --format lava); each check's one-line reason is its
# log. A memstress without that view: from its KTAP, without figures (the
# comment before a result line is that check's reason).
ktap_cases() {
    awk '/^# / { why = substr($0, 3); next }
        /^(not )?ok [0-9]+ / {
            fail = ($1 == "not")
            check = fail ? $4 : $3
            if (match($0, / # SKIP /)) { res = "skip"; why = substr($0, RSTART + 8) }
            else if (match($0, / # ERROR /)) { res = "unknown"; why = substr($0, RSTART + 9) }
            else res = fail ? "fail" : "pass"
            print check, res, "-", "-", why
            why = ""
        }' "$1"
}

report_run() {
    name="$1"
    dir="$2"
    ktap="$3"
    report_set_start "${name}"
    # (report exits with the run's own code: what it printed tells)
    memstress report --format lava --no-write "${dir}" >"${OUTPUT}/${name}.cases" 2>/dev/null
    [ -s "${OUTPUT}/${name}.cases" ] || ktap_cases "${ktap}" >"${OUTPUT}/${name}.cases"
    while read -r check res figure units why; do
        [ -z "${why}" ] || echo "${why}" >"${OUTPUT}/${name}.${check}.log"
        if [ "${figure}" = "-" ]; then
            echo "${name}.${check} ${res}"
        else
            echo "${name}.${check} ${res} ${figure} ${units}"
        fi | tee -a "${RESULT_FILE}"
    done <"${OUTPUT}/${name}.cases"
    # shellcheck disable=SC2119 # it takes no argument
    report_set_stop
}

show_file() {
    echo "----- memstress $1 begin -----"
    cat "$2"
    echo "----- memstress $1 end -----"
}

run_scenario() {
    s="$1"
    name="$(basename "${s}" .ini)"
    info_msg "Running memstress scenario ${name}"
    # shellcheck disable=SC2086 # EXTRA_ARGS is a list of options
    memstress run -q --results "${OUTPUT}/runs" --run-id "${name}" \
        ${DURATION:+--set scenario.duration=${DURATION}} \
        ${SKIPFILE:+--exclude "${SKIPFILE}"} ${EXTRA_ARGS} "${s}" >"${OUTPUT}/${name}.out" 2>&1 </dev/null
    rc=$?
    cat "${OUTPUT}/${name}.out"
    dir="${OUTPUT}/runs/${name}"
    case "${rc}" in
        0|1|4) ;;
        *)
            harness_error "memstress ${name}: harness error (exit ${rc}): $(grep -v '^results:' "${OUTPUT}/${name}.out" | tail -1)"
            ;;
    esac
    [ -f "${dir}/result.json" ] || harness_error "memstress ${name}: exit ${rc} but no ${dir}/result.json"
    memstress report --format ktap --no-write "${dir}" >"${OUTPUT}/${name}.ktap" 2>/dev/null ||
        cp "${dir}/result.ktap" "${OUTPUT}/${name}.ktap"
    report_run "${name}" "${dir}" "${OUTPUT}/${name}.ktap"
    show_file "${name} result.ktap" "${OUTPUT}/${name}.ktap"
    show_file "${name} result.json" "${dir}/result.json"
}

! check_root && error_msg "This script must be run as root"
create_out_dir "${OUTPUT}"
install_memstress
command -v memstress >/dev/null 2>&1 || harness_error "memstress is not installed (SKIP_INSTALL=${SKIP_INSTALL})"
memstress version
fetch_skipfile

# scenario names and globs as memstress lists them; a name it does not know
# is kept, for memstress run to say so (a harness error); globs are for
# memstress, not for this shell
set -f
for w in ${SCENARIOS}; do
    if [ -f "${w}" ]; then
        echo "${w}"
    else
        memstress list --names "${w}" 2>/dev/null || echo "${w}"
    fi
done >"${OUTPUT}/scenarios"
set +f
while read -r s; do
    run_scenario "${s}"
done <"${OUTPUT}/scenarios"
