# Shared helpers for tests/testbed/{install,up,down,status}. Sourced, never run.
#
# Contract for a peer file lib/peers/NN-<peer>.sh (sourced by every script; NN orders them):
#   <peer>_packages=(...)    Debian packages the peer needs (install unions them, one apt run)
#   <peer>_install           builds/caches what the peer needs; idempotent, fast when cached
#   <peer>_up DIR            starts the peer in DIR/<peer>/, records PIDs with tb_pid, writes its
#                            exports with tb_export, returns only once the peer answers
#   <peer>_status DIR        prints one line "<peer>: ok ..." or returns non-zero
#   <peer>_down DIR          optional; the default stops the PIDs tb_pid recorded (SIGTERM, then
#                            SIGKILL after 5 s); DIR is removed by `down` itself afterwards
# Peers start in file-name order; down runs in reverse.
#
# Addresses (loopback only; 127.0.0.0/8 all routes to lo on Linux, no setup needed):
#   127.0.10.1  vCenter simulator (:443 https /sdk /rest; :8989 http control API)
#   127.0.10.2  git smart HTTP (lighttpd, :8080 http, :8443 https)
#   127.0.10.3  GitHub REST fixture (:443 https)
#   127.0.20.N  kind stand-in clusters (one address per cluster)
#   127.0.100.1 - 127.0.199.254   DHCP range the simulator hands to powered-on VMs
#   127.0.50.x  reserved for control-plane endpoints in test specs
# TB_NET (default 127.0) is the prefix of all of these, so two testbeds can coexist with
# TB_NET=127.1 etc.

set -euo pipefail

TB_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TB_NET="${TB_NET:-127.0}"
TB_PEERS=()   # filled from lib/peers/NN-<peer>.sh below

# Slow artefacts live outside the work tree, keyed by version, so fresh clones reuse them.
if [[ -z "${TB_CACHE:-}" ]]; then
  TB_CACHE=/var/cache/eksa/testbed
  if ! mkdir -p "$TB_CACHE" 2>/dev/null || [[ ! -w "$TB_CACHE" ]]; then
    TB_CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/eksa/testbed"
  fi
fi
mkdir -p "$TB_CACHE"

tb_log() { printf 'testbed: %s\n' "$*" >&2; }
tb_die() { printf 'testbed: error: %s\n' "$*" >&2; exit 1; }

tb_as_root() {
  if [[ $EUID -eq 0 ]]; then "$@"
  elif command -v sudo >/dev/null; then sudo "$@"
  else tb_die "not root and no sudo: cannot run $*"; fi
}

# tb_apt PKG...: installs the packages that are missing, in one apt run.
tb_apt() {
  local missing=() p status
  for p in "$@"; do
    status="$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)"
    [[ "$status" == "install ok installed" ]] || missing+=("$p")
  done
  [[ ${#missing[@]} -eq 0 ]] && return 0
  tb_log "installing ${missing[*]}"
  tb_as_root apt-get -qq -o DPkg::Lock::Timeout=120 update
  tb_as_root env DEBIAN_FRONTEND=noninteractive apt-get -qq -o DPkg::Lock::Timeout=120 \
    install -y --no-install-recommends "$@" </dev/null >/dev/null
}

# tb_ip HOST_PART: "10.1" -> "127.0.10.1" under TB_NET.
tb_ip() { printf '%s.%s' "$TB_NET" "$1"; }

# tb_wait_port HOST PORT [SECONDS]: waits until a TCP connect succeeds.
tb_wait_port() {
  local host=$1 port=$2 limit=${3:-30} start=$SECONDS
  until (exec 3<>"/dev/tcp/$host/$port") 2>/dev/null; do
    (( SECONDS - start < limit )) || return 1
    sleep 0.1
  done
}

# tb_pid DIR NAME PID: records a process `down` must stop.
tb_pid() { mkdir -p "$1/pids"; echo "$3" >"$1/pids/$2"; }

# tb_stop_pids DIR [PREFIX [GRACE]]: SIGTERM every recorded PID (matching PREFIX), SIGKILL after
# GRACE seconds (default 5).
tb_stop_pids() {
  local dir=$1 prefix=${2:-} grace=${3:-5} f pid pids=()
  [[ -d "$dir/pids" ]] || return 0
  for f in "$dir/pids/$prefix"*; do
    [[ -f "$f" ]] || continue
    pid=$(<"$f")
    kill -TERM "$pid" 2>/dev/null && pids+=("$pid")
    rm -f "$f"
  done
  local deadline=$((SECONDS + grace))
  for pid in "${pids[@]}"; do
    while tb_alive "$pid" && (( SECONDS < deadline )); do sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  done
}

# tb_alive PID: the process exists and has not exited. Once `up` returns, peers belong to the
# sandbox's init, which may reap them late: a zombie (state Z) has stopped.
tb_alive() {
  local stat
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  stat=${stat##*) }
  [[ ${stat%% *} != Z ]]
}

# tb_require_free IP PORT: fails naming the address when something already listens there (another
# testbed on the same TB_NET would otherwise answer in place of this one's peer).
tb_require_free() {
  if (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; then
    tb_die "$1:$2 is already in use (another testbed on TB_NET=$TB_NET? down it or pick another TB_NET)"
  fi
}

# tb_export DIR NAME VALUE: appends `export NAME=<quoted VALUE>` to DIR/env.
tb_export() { printf 'export %s=%q\n' "$2" "$3" >>"$1/env"; }

# tb_issue_cert DIR NAME SANS: a 2048-bit key and a certificate for SANS ("IP:127.0.10.1,DNS:x")
# signed by the run's CA (DIR/pki/ca.crt); writes DIR/pki/NAME.{crt,key}.
tb_issue_cert() {
  local dir=$1 name=$2 sans=$3 pki="$1/pki"
  openssl req -new -newkey rsa:2048 -nodes -keyout "$pki/$name.key" -subj "/CN=$name" \
    -out "$pki/$name.csr" 2>/dev/null
  openssl x509 -req -in "$pki/$name.csr" -CA "$pki/ca.crt" -CAkey "$pki/ca.key" \
    -CAcreateserial -days 30 -sha256 -out "$pki/$name.crt" \
    -extfile <(printf 'subjectAltName=%s\nextendedKeyUsage=serverAuth,clientAuth\n' "$sans") \
    2>/dev/null
  rm -f "$pki/$name.csr"
  chmod 600 "$pki/$name.key"
}

# Go programs of the testbed (go/src/eksa.dev/testbed/cmd/<name>) build in GOPATH mode against
# Debian's Go source tree only; nothing is downloaded.
TB_GOPATH="$TB_ROOT/go:/usr/share/gocode"
tb_go_env() {
  env GO111MODULE=off GOPATH="$TB_GOPATH" GOFLAGS= GOPROXY=off GOTOOLCHAIN=local \
    CGO_ENABLED=0 GOCACHE="$TB_CACHE/gocache" "$@"
}

# tb_go_bin_init: sets and exports TB_GO_BIN, the directory holding the built testbed Go programs,
# keyed by a hash of the Go sources, the Go version and the Debian Go packages' versions, unless
# it is set already. Call it in the script's own shell (not in $(…)), once, before anything uses
# tb_go_bin: the whole process tree then sees one directory, even if Go sources change meanwhile.
tb_go_bin_init() {
  [[ -n "${TB_GO_BIN:-}" ]] && return 0
  local key
  key=$( { go version; dpkg-query -W 'golang-*-dev' 2>/dev/null;
           find "$TB_ROOT/go/src" -type f -name '*.go' -print0 | sort -z | xargs -0 cat; } \
         | sha256sum | cut -c1-16)
  export TB_GO_BIN="$TB_CACHE/go-bin-$key"
}

# tb_go_bin: $TB_GO_BIN (tb_go_bin_init must have run).
tb_go_bin() { printf '%s' "${TB_GO_BIN:?tb_go_bin_init first}"; }

# tb_go_build_all: builds every go/src/eksa.dev/testbed/cmd/* into $(tb_go_bin) once. Each build
# goes to its own temporary directory, renamed into place only if no complete one is there yet,
# so concurrent builds of the same key cannot leave a partial directory behind.
tb_go_build_all() {
  local out tmp cmd
  out=$(tb_go_bin)
  [[ -f "$out/.complete" ]] && return 0
  tmp=$(mktemp -d "$out.tmp.XXXXXX")
  for cmd in "$TB_ROOT"/go/src/eksa.dev/testbed/cmd/*/; do
    compgen -G "$cmd*.go" >/dev/null || continue  # an empty folder is not a program
    cmd=$(basename "$cmd")
    tb_log "building $cmd"
    tb_go_env go build -o "$tmp/$cmd" "eksa.dev/testbed/cmd/$cmd" || { rm -rf "$tmp"; return 1; }
  done
  touch "$tmp/.complete"
  if [[ -f "$out/.complete" ]] || ! mv -T "$tmp" "$out" 2>/dev/null; then
    rm -rf "$tmp"  # another build finished first
  fi
  [[ -f "$out/.complete" ]] || tb_die "building the testbed programs into $out failed"
  # Keep the five newest builds (older source states); a running testbed keeps its open files.
  ls -1dt "$TB_CACHE"/go-bin-*/ 2>/dev/null | grep -v "\.tmp\." | tail -n +6 | xargs -r rm -rf
}

for _tb_peer in "$TB_ROOT"/lib/peers/[0-9][0-9]-*.sh; do
  # shellcheck source=/dev/null
  source "$_tb_peer"
  _tb_peer=${_tb_peer##*/[0-9][0-9]-}
  TB_PEERS+=("${_tb_peer%.sh}")
done
unset _tb_peer
