# Helpers for smoke/boot-*.sh (sourced). Hand-made userdata in the planner's formats
# (services/planner/userdata/USERDATA.md), PKI made with openssl, machines run with
# $EKSA_TESTBED_BIN/machine-boot and destroyed on exit whatever happens.
set -euo pipefail
source "$EKSA_TESTBED_DIR/env"
MB="$EKSA_TESTBED_BIN/machine-boot"
[[ -x "$MB" ]] || { echo "FAIL: $MB not built" >&2; exit 1; }
BOOT_WORK=$(mktemp -d "$EKSA_TESTBED_DIR/boot-smoke.XXXXXX")
BOOT_MACHINES=()

boot_cleanup() {
  local m p pids
  pids=$(cat "$BOOT_WORK"/vm/*/pids/*.pid 2>/dev/null || true)
  for m in "${BOOT_MACHINES[@]}"; do "$MB" destroy --state "$BOOT_WORK/vm/$m" >/dev/null 2>&1 || true; done
  # Should destroy itself fail (e.g. the binary vanished), stop what the machines started: only
  # recorded PIDs whose command line still names this run's directory.
  for p in $pids; do
    grep -qF "$BOOT_WORK" "/proc/$p/cmdline" 2>/dev/null && kill -KILL "$p" 2>/dev/null || true
  done
  rm -rf "$BOOT_WORK"
}
trap boot_cleanup EXIT

fail() {
  local m
  echo "FAIL: $*" >&2
  for m in "${BOOT_MACHINES[@]}"; do
    echo "--- $m: $(cat "$BOOT_WORK/vm/$m/status" 2>/dev/null)" >&2
    tail -n 15 "$BOOT_WORK/vm/$m/boot.log" >&2 2>/dev/null || true
  done
  exit 1
}

# pki_ca NAME CN: a self-signed RSA CA in $BOOT_WORK/pki/NAME.{crt,key} (PKCS#1 key, as the planner writes).
pki_ca() {
  mkdir -p "$BOOT_WORK/pki"
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -sha256 -subj "/CN=$2" \
    -keyout "$BOOT_WORK/pki/$1.key" -out "$BOOT_WORK/pki/$1.crt" \
    -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign,digitalSignature 2>/dev/null
  openssl rsa -in "$BOOT_WORK/pki/$1.key" -traditional -out "$BOOT_WORK/pki/$1.key" 2>/dev/null
}

# pki_sa: the service-account key pair $BOOT_WORK/pki/sa.{key,pub}.
pki_sa() {
  openssl genrsa -traditional -out "$BOOT_WORK/pki/sa.key" 2048 2>/dev/null
  openssl rsa -in "$BOOT_WORK/pki/sa.key" -pubout -out "$BOOT_WORK/pki/sa.pub" 2>/dev/null
}

# ca_hash CRT: kubeadm's caCertHashes entry.
ca_hash() {
  echo "sha256:$(openssl x509 -pubkey -in "$1" | openssl pkey -pubin -outform der | sha256sum | cut -d' ' -f1)"
}

# new_token: a random kubeadm bootstrap token.
new_token() { echo "$(openssl rand -hex 3).$(openssl rand -hex 8)"; }

# wf PATH PERMS CONTENT_FILE: one write_files entry (literal block).
wf() {
  printf -- '- path: %s\n  owner: root:root\n  permissions: "%s"\n  content: |\n' "$1" "$2"
  sed 's/^/    /' "$3"
}

# cloud_config HOSTNAME COMMAND < write_files entries: a #cloud-config document on stdout.
cloud_config() {
  printf '#cloud-config\n'
  [[ -n "$1" ]] && printf 'hostname: %s\n' "$1"
  printf 'write_files:\n'
  cat
  printf 'runcmd:\n- "%s && mkdir -p /run/cluster-api && echo success > /run/cluster-api/bootstrap-success.complete"\n' "$2"
}

# boot_up NAME IP USERDATA_FILE [extra machine-boot flags]: runs `machine-boot up` (log in the
# state dir); returns its exit status. Sets BOOT_SECONDS.
boot_up() {
  local name=$1 ip=$2 ud=$3 start rc=0
  shift 3
  mkdir -p "$BOOT_WORK/vm/$name"
  [[ " ${BOOT_MACHINES[*]} " == *" $name "* ]] || BOOT_MACHINES+=("$name")
  printf 'instance-id: %s\nlocal-hostname: %s\n' "$name" "$name" >"$BOOT_WORK/vm/$name.metadata"
  start=$(date +%s.%N)
  "$MB" up --state "$BOOT_WORK/vm/$name" --name "$name" --ip "$ip" --userdata "$ud" \
    --metadata "$BOOT_WORK/vm/$name.metadata" "$@" >>"$BOOT_WORK/vm/$name/boot.log" 2>&1 || rc=$?
  BOOT_SECONDS=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.2f", e - s }')
  return $rc
}

# status NAME: the machine's status line.
status() { cat "$BOOT_WORK/vm/$1/status"; }

# admin NAME: kubectl with the machine's admin.conf.
admin() { local n=$1; shift; kubectl --kubeconfig "$BOOT_WORK/vm/$n/root/etc/kubernetes/admin.conf" "$@" 2>/dev/null; }

# node_ready ADMIN_MACHINE NODE: the Node's Ready condition status ("True").
node_ready() {
  admin "$1" get node "$2" -o jsonpath='{.status.conditions[?(@.type=="Ready")].status}'
}

# machine_pids NAME: the PIDs recorded for the machine's processes.
machine_pids() { cat "$BOOT_WORK/vm/$1"/pids/*.pid 2>/dev/null || true; }

# assert_no_process PID...: none of the PIDs is alive.
assert_no_process() {
  local p
  for p in "$@"; do
    [[ -z "$p" ]] && continue
    if [[ -e /proc/$p ]] && ! grep -q '^State:.*Z' "/proc/$p/status" 2>/dev/null; then
      fail "process $p still running: $(tr '\0' ' ' <"/proc/$p/cmdline")"
    fi
  done
}
