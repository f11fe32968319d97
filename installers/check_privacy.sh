#!/bin/sh
# Privacy check of an installed CaseLens: run `caselens selftest` with an empty HOME and TMPDIR, with no
# network (a fresh network namespace via `unshare -n`, when run as root) and every socket call traced by
# strace (when installed); fail if any file lands outside CaseLens's own folder or an internet socket is opened.
# Usage: sh installers/check_privacy.sh [/usr/bin/caselens]
set -eu
BIN=${1:-caselens}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/home" "$WORK/tmp"
RUN=""
if [ "$(id -u)" = 0 ] && command -v unshare >/dev/null 2>&1; then RUN="unshare -n"; fi
if command -v strace >/dev/null 2>&1; then RUN="$RUN strace -f -qq -e trace=socket,connect,bind,sendto -o $WORK/trace"; fi
echo "privacy: running $BIN selftest under: ${RUN:-plain (no unshare, no strace)}"
status=0
# shellcheck disable=SC2086
env -i PATH=/usr/bin:/bin HOME="$WORK/home" TMPDIR="$WORK/tmp" LANG=C.UTF-8 QT_QPA_PLATFORM=offscreen \
    $RUN "$BIN" selftest || status=$?
echo "privacy: selftest exit status $status"
echo "privacy: files written under HOME:"
(cd "$WORK/home" && find . -type f | sort | sed 's/^/  /')
outside=$(cd "$WORK/home" && find . -type f ! -path './.local/share/caselens/*' | wc -l)
left_tmp=$(find "$WORK/tmp" -mindepth 1 | wc -l)
echo "privacy: $outside files outside ~/.local/share/caselens; $left_tmp entries left in TMPDIR"
inet=0
if [ -f "$WORK/trace" ]; then
    echo "privacy: socket calls by family:"
    grep -o 'socket(AF_[A-Z0-9]*' "$WORK/trace" | sort | uniq -c | sed 's/^/  /' || true
    # Opening or binding a socket sends nothing (spaCy imports requests -> urllib3, whose import binds an IPv6
    # socket to [::1]:0 to probe for IPv6); a connect or sendto to an internet address would, so those fail.
    grep -E '^[0-9]+ +bind\(' "$WORK/trace" | sed 's/^/  note: /' || true
    inet=$(grep -c -E '(connect|sendto)\([0-9]+, .*sa_family=AF_INET6?' "$WORK/trace" || true)
    echo "privacy: $inet connect/sendto calls to internet addresses"
fi
[ "$status" = 0 ] && [ "$outside" = 0 ] && [ "$left_tmp" = 0 ] && [ "$inet" = 0 ] && { echo "privacy: OK"; exit 0; }
echo "privacy: FAILED"; exit 1
