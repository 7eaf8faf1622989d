#!/usr/bin/env bash
# Fills ROOTFS (created if missing) with a busybox-static userland: /bin/busybox and every applet
# as a symlink in /bin, root's passwd/group entries, and the empty mount points a container needs.
# Usage: busybox-rootfs.sh ROOTFS
set -euo pipefail
[[ $# -eq 1 ]] || { echo "usage: $0 ROOTFS" >&2; exit 2; }
root=$1
bb=/bin/busybox
"$bb" --help 2>&1 | head -1 | grep -q '^BusyBox' || { echo "$bb is not busybox (apt-get install busybox-static)" >&2; exit 1; }
[[ $(ldd "$bb" 2>&1 || true) == *"not a dynamic"* ]] || { echo "$bb is not static" >&2; exit 1; }
mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,etc,tmp,proc,sys,dev,root,run,var/tmp}
chmod 1777 "$root/tmp" "$root/var/tmp"
cp "$bb" "$root/bin/busybox"
for applet in $("$bb" --list); do
  [[ -e "$root/bin/$applet" ]] || ln -s busybox "$root/bin/$applet"
done
printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' >"$root/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' >"$root/etc/group"
printf 'hosts: files dns\n' >"$root/etc/nsswitch.conf"
