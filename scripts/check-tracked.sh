#!/usr/bin/env bash
# Fails when a tracked file is a compiled binary (ELF, Mach-O, PE) or larger
# than 1 MiB: nothing built belongs in the repository, and .gitignore keeps
# the build outputs out of `git add`.
#
#   scripts/check-tracked.sh           the index (what the next commit holds)
#   scripts/check-tracked.sh REV       the tree of a commit, e.g. HEAD or 042cbcc
#
# It reads the blobs git stores, not the work tree, so a file changed but
# not added is judged as committed.
set -euo pipefail
cd "$(dirname "$0")/.."

max=$((1024 * 1024))

# Each tracked file, NUL-terminated: "<mode> <type> <object>\t<path>" from
# git ls-tree, "<mode> <object> <stage>\t<path>" from git ls-files.
if [ $# -gt 0 ]; then
	list() { git ls-tree -r -z --full-tree "$1"; }
	objfield=3
	what="$1"
else
	list() { git ls-files -s -z; }
	objfield=2
	what="the index"
fi

# The first bytes of a blob, as hex.
head_hex() { git cat-file blob "$1" | head -c "$2" | od -An -v -tx1 | tr -d ' \n'; }

# Whether the blob is a PE image: "MZ", then "PE\0\0" at the offset the
# little-endian word at 0x3c gives.
is_pe() {
	local h off
	h=$(head_hex "$1" 64)
	[ "${h:0:4}" = 4d5a ] && [ ${#h} -eq 128 ] || return 1
	off=$((16#${h:126:2}${h:124:2}${h:122:2}${h:120:2}))
	[ "$off" -lt $max ] || return 1
	[ "$(git cat-file blob "$1" | head -c $((off + 4)) | tail -c 4 | od -An -tx1 | tr -d ' \n')" = 50450000 ]
}

objs=()
paths=()
while IFS= read -r -d '' rec; do
	read -r -a meta <<<"${rec%%$'\t'*}"
	# Submodules (160000) and symbolic links (120000) hold no file.
	case ${meta[0]} in 160000 | 120000) continue ;; esac
	objs+=("${meta[$((objfield - 1))]}")
	paths+=("${rec#*$'\t'}")
done < <(list "${1:-}")
# The sizes, in one call rather than one per file.
mapfile -t sizes < <(printf '%s\n' "${objs[@]}" | git cat-file --batch-check='%(objectsize)')

bad=0
for i in "${!objs[@]}"; do
	obj=${objs[$i]} path=${paths[$i]} size=${sizes[$i]}
	if [ "$size" -gt $max ]; then
		echo "$path: $size bytes, over 1 MiB" >&2
		bad=1
	fi
	kind=
	case $(head_hex "$obj" 4) in
	7f454c46*) kind=ELF ;;
	feedface* | cefaedfe* | feedfacf* | cffaedfe*) kind=Mach-O ;;
	cafebabe* | bebafeca* | cafebabf* | bfbafeca*) kind="Mach-O universal (or Java class)" ;;
	4d5a*) is_pe "$obj" && kind=PE ;;
	esac
	if [ -n "$kind" ]; then
		echo "$path: a compiled binary ($kind)" >&2
		bad=1
	fi
done

if [ $bad -ne 0 ]; then
	echo "check-tracked: $what tracks build outputs or large files: 'git rm --cached' them and cover them in .gitignore" >&2
	exit 1
fi
echo "check-tracked: ${#objs[@]} files of $what, none a compiled binary or over 1 MiB"
