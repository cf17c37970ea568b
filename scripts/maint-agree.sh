#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Compare whichalloc's MAINTAINERS attribution (driver/maintainers.c) with the tree's own
# scripts/get_maintainer.pl on a reproducible sample of the tree's files.
#
# usage: scripts/maint-agree.sh [-s STEP] [-g GLOB] [-t SECONDS] [-v] TREE [N]
#
#   TREE      a kernel tree (its top: MAINTAINERS and scripts/get_maintainer.pl)
#   N         at most N files (default 400)
#   -s STEP   take every STEP-th file of the sorted list of files (default 50)
#   -g GLOB   which files (find -name GLOB; default '*.c')
#   -t SECS   stop asking get_maintainer.pl after SECS seconds (default 600)
#   -v        also print every file that agrees
#
# For each file it runs, from the tree top,
#   get_maintainer.pl --nogit --nogit-fallback --no-email --no-l --no-keywords --subsystem -f FILE
# which prints the matching sections' titles, first named first, and compares them with
# tests/unit/maint_lookup (built here with gcc against driver/maintainers.c). Sections that
# match equally specifically come out of get_maintainer.pl in Perl's hash order, which is
# random per process; the script fixes PERL_HASH_SEED so that a run is reproducible, and
# counts a different first name of equal score as a tie, not as a disagreement.
#
# Prints one line per disagreement (DIFF) and tie (TIE), then the totals. Exits 0 when every
# first-named subsystem agrees or ties, 1 when one disagrees, 2 on a usage or setup error.
set -eu

step=50
glob='*.c'
limit=600
verbose=0
usage="usage: $0 [-s STEP] [-g GLOB] [-t SECONDS] [-v] TREE [N]"

while getopts s:g:t:v opt; do
	case $opt in
	s) step=$OPTARG ;;
	g) glob=$OPTARG ;;
	t) limit=$OPTARG ;;
	v) verbose=1 ;;
	*) echo "$usage" >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
if [ $# -lt 1 ] || [ $# -gt 2 ]; then
	echo "$usage" >&2
	exit 2
fi
tree=$1
n=${2:-400}
for v in "$step" "$n" "$limit"; do
	case $v in
	''|*[!0-9]*|0) echo "maint-agree: '$v' is not a positive number; $usage" >&2; exit 2 ;;
	esac
done

top=$(cd "$(dirname "$0")/.." && pwd)
if [ ! -f "$tree/MAINTAINERS" ] || [ ! -f "$tree/scripts/get_maintainer.pl" ]; then
	echo "maint-agree: '$tree' has no MAINTAINERS or scripts/get_maintainer.pl;" \
		"give the top of a kernel tree (e.g. scripts/kernel-tree.sh prints one)" >&2
	exit 2
fi
tree=$(cd "$tree" && pwd)
for tool in gcc perl find sort awk; do
	command -v "$tool" >/dev/null 2>&1 || {
		echo "maint-agree: '$tool' is not installed; run scripts/deps.sh" >&2
		exit 2
	}
done

work=$(mktemp -d "${TMPDIR:-/tmp}/maint-agree.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM

gcc -std=c11 -D_GNU_SOURCE -O2 -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
	-Wmissing-prototypes -I"$top/driver" -o "$work/maint_lookup" \
	"$top/tests/unit/maint_lookup.c" "$top/driver/maintainers.c" "$top/driver/maint-lookup.c" \
	"$top/driver/maint-regex.c" "$top/driver/tree-read.c" \
	"$top/driver/util.c" "$top/driver/termsafe.c" -lpcre2-8 || {
	echo "maint-agree: cannot build tests/unit/maint_lookup; fix the compiler errors above" >&2
	exit 2
}

# The sample: every STEP-th file in byte order, at most N.
(cd "$tree" && find . -type f -name "$glob" -not -path './.git/*') | sed 's|^\./||' |
	LC_ALL=C sort | awk -v step="$step" -v n="$n" \
		'(NR - 1) % step == 0 { print; if (++c == n) exit }' >"$work/files"
total=$(wc -l <"$work/files")
[ "$total" -gt 0 ] || {
	echo "maint-agree: no file named '$glob' in $tree; try another -g" >&2
	exit 2
}

"$work/maint_lookup" -a "$tree/MAINTAINERS" <"$work/files" >"$work/ours" || {
	echo "maint-agree: maint_lookup failed on $tree/MAINTAINERS (message above)" >&2
	exit 2
}

# get_maintainer.pl prints the sections of all its -f files as one list, so one run a file.
start=$(date +%s)
: >"$work/theirs"
while IFS= read -r f; do
	if [ $(($(date +%s) - start)) -ge "$limit" ]; then
		echo "maint-agree: stopped after $limit s; raise -t or lower N for a full run" >&2
		break
	fi
	if ! out=$(cd "$tree" && PERL_HASH_SEED=0 PERL_PERTURB_KEYS=0 nice perl \
		scripts/get_maintainer.pl --nogit --nogit-fallback --no-email --no-l \
		--no-keywords --subsystem -f "$f" 2>"$work/err"); then
		echo "maint-agree: get_maintainer.pl failed on $f: $(head -c 300 "$work/err")" >&2
		exit 2
	fi
	{
		printf '%s' "$f"
		printf '%s\n' "$out" | sed 's/[[:space:]]*$//' | awk 'NF { printf "\t%s", $0 }'
		printf '\n'
	} >>"$work/theirs"
done <"$work/files"

# Compare: theirs is "PATH<TAB>TITLE...", ours is "PATH<TAB>SCORE:TITLE...".
awk -F '\t' -v verbose="$verbose" '
function strip(s) { sub(/[[:space:]]+$/, "", s); return s }
NR == FNR {
	ours_n[$1] = NF - 1
	for (i = 2; i <= NF; i++) {
		t = $i; sc = t; sub(/:.*/, "", sc); sub(/^[^:]*:/, "", t)
		ours_t[$1, i - 1] = strip(t); ours_s[$1, i - 1] = sc + 0
		score[$1, strip(t)] = sc + 0
	}
	next
}
{
	f = $1; m++
	first = NF >= 2 ? $2 : ""
	ofirst = ours_n[f] ? ours_t[f, 1] : ""
	# The whole list, with equally specific sections in any order.
	same = (NF - 1 == ours_n[f])
	for (i = 2; same && i <= NF; i++) {
		if (!((f, $i) in score) || score[f, $i] != ours_s[f, i - 1])
			same = 0
	}
	full += same
	if (first == ofirst) {
		agree++
		if (verbose)
			printf "OK   %s: %s\n", f, first
	} else if (first != "" && (f, first) in score && score[f, first] == ours_s[f, 1]) {
		tie++
		printf "TIE  %s: get_maintainer.pl: %s | whichalloc: %s (both score %d)\n",
			f, first, ofirst, ours_s[f, 1]
	} else {
		diff++
		printf "DIFF %s: get_maintainer.pl: %s | whichalloc: %s\n", f, first, ofirst
	}
}
END {
	printf "first-named subsystem: %d agree of %d", agree, m
	if (tie)
		printf " (%d more name an equally scored section, which %s", tie,
			"get_maintainer.pl orders at random)"
	printf "\nwhole ordered list (equal scores in any order): %d agree of %d\n", full, m
	printf "disagreements: %d\n", diff
	exit diff ? 1 : 0
}' "$work/ours" "$work/theirs"
