#!/usr/bin/env bash
# Nothing the testbed started listens on a non-loopback address: every TCP/UDP listener whose
# process's command line names the testbed's directory is bound to 127.0.0.0/8 (or ::1).
set -euo pipefail
source "$EKSA_TESTBED_DIR/env"
fail() { echo "FAIL: $*" >&2; exit 1; }
ours=0
while read -r proto local pid; do
  cmd=$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null) || continue
  [[ $cmd == *"$EKSA_TESTBED_DIR"* ]] || continue
  ours=$((ours + 1))
  host=${local%:*}
  host=${host#[}; host=${host%]}
  [[ $host == 127.* || $host == ::1 ]] || fail "$proto $local is not loopback: pid $pid ($cmd)"
done < <(ss -ltnupH | sed -nE 's/^(tcp|udp) +[A-Z]+ +[0-9]+ +[0-9]+ +([^ ]+) .*pid=([0-9]+).*/\1 \2 \3/p')
(( ours >= 4 )) || fail "found only $ours testbed listeners (vCenter, git, GitHub, control API expected)"
echo "ok: $ours testbed listeners, all on loopback"
