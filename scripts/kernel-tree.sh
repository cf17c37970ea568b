#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Print the path of an extracted linux-source-6.1 tree, extracting Debian's tarball once into
# a cache directory that every script shares: ${WHICHALLOC_CACHE:-$HOME/.cache/whichalloc}.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
"$here/deps.sh" validate >&2
cache=${WHICHALLOC_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/whichalloc}
tarball=$(dpkg -L linux-source-6.1 | grep -E '/linux-source-6\.1\.tar\.(xz|bz2|gz)$' | head -n 1)
[ -n "$tarball" ] || { echo "kernel-tree: linux-source-6.1 ships no tarball?" >&2; exit 1; }
tree="$cache/linux-source-6.1"
if [ ! -f "$tree/.whichalloc-extracted" ]; then
	mkdir -p "$cache"
	tmp=$(mktemp -d "$cache/extract.XXXXXX")
	trap 'rm -rf "$tmp"' EXIT INT TERM
	echo "kernel-tree: extracting $tarball into $cache (once)" >&2
	tar -xf "$tarball" -C "$tmp"
	rm -rf "$tree"
	mv "$tmp/linux-source-6.1" "$tree"
	: > "$tree/.whichalloc-extracted"
fi
echo "$tree"
