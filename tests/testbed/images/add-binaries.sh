#!/usr/bin/env bash
# Copies executables (or whole directories of them) into ROOTFS at the same paths, with every
# shared library they load (ldd's closure, the dynamic loader included) at its host path.
# Usage: add-binaries.sh ROOTFS PATH...
set -euo pipefail
[[ $# -ge 2 ]] || { echo "usage: $0 ROOTFS PATH..." >&2; exit 2; }
root=$1; shift
libs=()
for path in "$@"; do
  [[ -e $path ]] || { echo "add-binaries: $path missing" >&2; exit 1; }
  mkdir -p "$root$(dirname "$path")"
  cp -a "$path" "$root$(dirname "$path")/"
  while IFS= read -r -d '' f; do
    [[ -f $f && -x $f ]] || continue
    # ldd prints "name => /path (addr)" or "/path (addr)"; static files print no path.
    while read -r lib; do libs+=("$lib"); done < <(ldd "$f" 2>/dev/null | grep -o '/[^ ]*' || true)
  done < <(find "$path" -print0)
done
for lib in $(printf '%s\n' "${libs[@]}" | sort -u); do
  [[ -e "$root$lib" ]] && continue
  mkdir -p "$root$(dirname "$lib")"
  cp -L "$lib" "$root$lib"
done
