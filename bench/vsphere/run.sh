#!/usr/bin/env bash
# bench/vsphere/run.sh BUILD_DIR [bench flags...]: runs eksa_vsphere_clone_bench against a vCenter
# simulator of its own — the testbed's vcsim (tests/testbed/docs/vcenter.md) alone, without the
# other peers — on a loopback address no testbed uses (BENCH_VCENTER_IP, default
# 127.46.10.1:8443), with a 2048-bit certificate and credentials made for the run, its datastores
# in a temp dir. The simulator is stopped (SIGTERM, by PID) and the dir removed on exit.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
[[ $# -ge 1 ]] || { echo "usage: bench/vsphere/run.sh BUILD_DIR [--vms N] [--rounds R]" >&2; exit 2; }
build=$1
shift
bench="$build/bench/eksa_vsphere_clone_bench"
[[ -x "$bench" ]] || { echo "bench/vsphere: $bench is not built" >&2; exit 1; }

# shellcheck source=../../tests/testbed/lib/common.sh
source "$root/tests/testbed/lib/common.sh"  # tb_go_bin_init, tb_go_build_all, tb_go_bin, tb_require_free
tb_go_bin_init
tb_go_build_all

addr="${BENCH_VCENTER_IP:-127.46.10.1:8443}"
ip="${addr%:*}"
port="${addr##*:}"
[[ "$ip" == 127.* ]] || { echo "bench/vsphere: $ip is not a loopback address" >&2; exit 1; }
tb_require_free "$ip" "$port"

dir="$(mktemp -d /tmp/eksa-vsphere-bench.XXXXXX)"
pid=""
cleanup() {
  if [[ -n "$pid" ]] && kill -TERM "$pid" 2>/dev/null; then
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -rf "$dir"
}
trap cleanup EXIT

openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=$ip" \
  -addext "subjectAltName=IP:$ip" -keyout "$dir/vcenter.key" -out "$dir/vcenter.crt" 2>/dev/null
user="bench-$(openssl rand -hex 4)@vsphere.local"
pass="$(openssl rand -base64 18 | tr '+/' '-_')"
"$(tb_go_bin)/vcsim" -l "$addr" -control "" -tlscert "$dir/vcenter.crt" \
  -tlskey "$dir/vcenter.key" -username "$user" -password "$pass" \
  -datastore-dir "$dir/datastores" >"$dir/vcsim.out" 2>"$dir/vcsim.log" </dev/null &
pid=$!
for _ in $(seq 300); do
  grep -q '^vcsim: ready' "$dir/vcsim.out" 2>/dev/null && break
  kill -0 "$pid" 2>/dev/null || { tail -5 "$dir/vcsim.log" >&2; exit 1; }
  sleep 0.05
done
grep -q '^vcsim: ready' "$dir/vcsim.out" || { echo "bench/vsphere: vcsim not ready" >&2; exit 1; }

export EKSA_TESTBED_VCENTER_SERVER="$ip"
export EKSA_TESTBED_VCENTER_PORT="$port"
export EKSA_TESTBED_VCENTER_USERNAME="$user"
export EKSA_TESTBED_VCENTER_PASSWORD="$pass"
EKSA_TESTBED_VCENTER_THUMBPRINT="$(openssl x509 -in "$dir/vcenter.crt" -noout -fingerprint -sha1 |
  cut -d= -f2)"
export EKSA_TESTBED_VCENTER_THUMBPRINT
export EKSA_TESTBED_VCENTER_DATACENTER=DC0
export EKSA_TESTBED_VCENTER_NETWORK="/DC0/network/VM Network"
export EKSA_TESTBED_VCENTER_DATASTORE=/DC0/datastore/LocalDS_0
export EKSA_TESTBED_VCENTER_RESOURCE_POOL=/DC0/host/DC0_C0/Resources
export EKSA_TESTBED_VCENTER_FOLDER=/DC0/vm
export EKSA_TESTBED_VCENTER_SOURCE_VM=/DC0/vm/DC0_C0_RP0_VM0
"$bench" "$@"
