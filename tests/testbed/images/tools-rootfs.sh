#!/usr/bin/env bash
# The tools image's root file system: busybox, kubectl, git (with https), the CA bundle and the
# testbed's kind/clusterctl/flux stand-ins that exist in BIN_DIR, all at /usr/bin.
# Usage: tools-rootfs.sh ROOTFS BIN_DIR
set -euo pipefail
[[ $# -eq 2 ]] || { echo "usage: $0 ROOTFS BIN_DIR" >&2; exit 2; }
root=$1 bin=$2 here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
"$here/busybox-rootfs.sh" "$root"
command -v kubectl >/dev/null || { echo "tools-rootfs: kubectl not on PATH" >&2; exit 1; }
kubectl=$(readlink -f "$(command -v kubectl)")
[[ $(ldd "$kubectl" 2>&1 || true) == *"not a dynamic"* ]] || "$here/add-binaries.sh" "$root" "$kubectl"
mkdir -p "$root/usr/bin"
cp "$kubectl" "$root/usr/bin/kubectl"
"$here/add-binaries.sh" "$root" /usr/bin/git /usr/lib/git-core
mkdir -p "$root/usr/share/git-core"
cp -a /usr/share/git-core/templates "$root/usr/share/git-core/"
mkdir -p "$root/etc/ssl/certs"
cp -L /etc/ssl/certs/ca-certificates.crt "$root/etc/ssl/certs/"
for tool in kind clusterctl flux; do
  [[ -x "$bin/$tool" ]] && cp "$bin/$tool" "$root/usr/bin/$tool"
done
# git in the container commits as "eksa testbed" on main unless told otherwise.
printf '[user]\n\tname = eksa testbed\n\temail = testbed@eksa.invalid\n[init]\n\tdefaultBranch = main\n' \
  >"$root/etc/gitconfig"
