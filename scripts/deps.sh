#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Make sure the Debian packages whichalloc needs are installed: install the missing ones when
# run as root, otherwise print the exact apt-get line and fail.
#
# usage: scripts/deps.sh [build|scan|check|validate|history|browser|fuzz|parallel|all|ci]
# (all: what make and make check need; ci: that, plus make fuzz's and make html-test's.)
set -eu

build="gcc make pkg-config libsqlite3-dev libjansson-dev libssl-dev libpcre2-dev"
scan="coccinelle python3"
check="check sqlite3 git patch valgrind parallel"
# scripts/scan-parallel: GNU parallel, and rsync to bring shard databases back from ssh hosts
# (tests/shard/run runs it with parallel's local job slots, hence parallel in check).
parallel="parallel rsync openssh-client"
validate="linux-source-6.1 bc bison flex libelf-dev xz-utils"
# the second real tree, for history across versions (scripts/kernel-tree.sh 6.12).
history="linux-source-6.12 xz-utils"
# make html-test only (a large package, so not in check): the report in headless Chromium.
browser="chromium"
# make fuzz only: libFuzzer comes with clang's runtime libraries.
fuzz="clang libclang-rt-14-dev"

case "${1:-all}" in
build)    want="$build" ;;
scan)     want="$build $scan" ;;
check)    want="$build $scan $check" ;;
validate) want="$build $scan $validate" ;;
history)  want="$build $scan $history" ;;
browser)  want="$build $scan $browser" ;;
fuzz)     want="$build $fuzz" ;;
parallel) want="$build $scan $parallel" ;;
all)      want="$build $scan $check" ;;
ci)       want="$build $scan $check $fuzz $browser" ;;
*)        echo "usage: $0 [build|scan|check|validate|history|browser|fuzz|parallel|all|ci]" >&2; exit 2 ;;
esac

missing=
for pkg in $want; do
	status=$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null || true)
	[ "$status" = installed ] || missing="$missing $pkg"
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
	echo "whichalloc: installing missing Debian packages:$missing" >&2
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -q >&2 || { echo "whichalloc: apt-get update failed" >&2; exit 1; }
	# shellcheck disable=SC2086
	apt-get install -y -q --no-install-recommends $missing >&2 || {
		echo "whichalloc: apt-get install failed for:$missing" >&2; exit 1; }
	exit 0
fi

echo "whichalloc: missing Debian packages:$missing" >&2
echo "whichalloc: run as root:  apt-get install$missing" >&2
exit 1
