#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Print the path of an extracted Debian linux-source tree (6.1 unless a version is given),
# installing the package if needed and extracting its tarball once into a cache directory
# that every script shares: ${WHICHALLOC_CACHE:-$HOME/.cache/whichalloc}.
#
# usage: scripts/kernel-tree.sh [6.1|6.12]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
version=${1:-6.1}
case "$version" in
6.1)  "$here/deps.sh" validate >&2 ;;
6.12) "$here/deps.sh" history >&2 ;;
*)    echo "usage: $0 [6.1|6.12]" >&2; exit 2 ;;
esac
pkg=linux-source-$version
cache=${WHICHALLOC_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/whichalloc}
tarball=$(dpkg -L "$pkg" | grep -E "/$pkg\\.tar\\.(xz|bz2|gz)\$" | head -n 1)
[ -n "$tarball" ] || { echo "kernel-tree: $pkg ships no tarball?" >&2; exit 1; }
tree="$cache/$pkg"
if [ ! -f "$tree/.whichalloc-extracted" ]; then
	mkdir -p "$cache"
	tmp=$(mktemp -d "$cache/extract.XXXXXX")
	trap 'rm -rf "$tmp"' EXIT INT TERM
	echo "kernel-tree: extracting $tarball into $cache (once)" >&2
	tar -xf "$tarball" -C "$tmp"
	rm -rf "$tree"
	mv "$tmp/$pkg" "$tree"
	: > "$tree/.whichalloc-extracted"
fi
echo "$tree"
