# Stand-ins for kind, clusterctl and flux (go/src/eksa.dev/testbed/cmd/{kind,clusterctl,flux},
# docs/standins.md). They are built with every testbed Go program into $(tb_go_bin); this peer
# starts nothing itself: it links the three into DIR/standins/bin and gives them a state dir.
# kind clusters (etcd + kube-apiserver pairs on $(tb_ip 20.N)) are started later by the tests'
# `kind create cluster`; standins_down deletes every one still running.
#
# Exports: EKSA_TESTBED_STANDINS_PATH  directory holding kind, clusterctl, flux (put it first
#                                      on PATH: PATH="$EKSA_TESTBED_STANDINS_PATH:$PATH")
#          EKSA_TESTBED_KIND_STATE     the kind stand-in's state (one dir per cluster)
#          EKSA_TESTBED_KIND_SUBNET    first three octets of kind cluster addresses ($(tb_ip 20))
# The stand-ins also read EKSA_TESTBED_KUBE_APISERVER / EKSA_TESTBED_ETCD (30-kube.sh),
# EKSA_TESTBED_GITHUB_URL (50-github.sh) and EKSA_TESTBED_CA (10-pki.sh) from the environment.
standins_packages=(git golang-gopkg-yaml.v3-dev)

STANDINS_TOOLS=(kind clusterctl flux)

standins_up() {
  local dir=$1 bin t
  bin="$dir/standins/bin"
  mkdir -p "$bin" "$dir/standins/kind"
  for t in "${STANDINS_TOOLS[@]}"; do
    [[ -x "$(tb_go_bin)/$t" ]] || tb_die "standins: $(tb_go_bin)/$t missing (tests/testbed/install)"
    ln -sf "$(tb_go_bin)/$t" "$bin/$t"
  done
  "$bin/kind" version >/dev/null || tb_die "standins: kind does not run"
  tb_export "$dir" EKSA_TESTBED_STANDINS_PATH "$bin"
  tb_export "$dir" EKSA_TESTBED_KIND_STATE "$dir/standins/kind"
  tb_export "$dir" EKSA_TESTBED_KIND_SUBNET "$(tb_ip 20)"
}

standins_status() {
  local dir=$1 n=0 c
  for c in "$dir"/standins/kind/clusters/*/; do [[ -d $c ]] && n=$((n + 1)); done
  [[ -x "$dir/standins/bin/kind" && -x "$dir/standins/bin/clusterctl" && -x "$dir/standins/bin/flux" ]] \
    && echo "standins: ok $dir/standins/bin (kind clusters: $n)"
}

# standins_down DIR: `kind delete cluster` for every recorded cluster (a throwaway kubeconfig,
# so no user file is edited); if the binary is gone, stops the recorded PIDs directly.
standins_down() {
  local dir=$1 state="$1/standins/kind" c name pidf pid
  [[ -d "$state/clusters" ]] || return 0
  for c in "$state"/clusters/*/; do
    [[ -d $c ]] || continue
    name=$(basename "$c")
    if [[ -x "$dir/standins/bin/kind" ]] && EKSA_TESTBED_KIND_STATE="$state" \
         "$dir/standins/bin/kind" delete cluster --name "$name" -q \
         --kubeconfig "$dir/standins/down.kubeconfig" 2>/dev/null; then
      continue
    fi
    for pidf in "$c/kube-apiserver.pid" "$c/etcd.pid"; do
      [[ -f $pidf ]] || continue
      pid=$(<"$pidf")
      if grep -qa -e kube-apiserver -e etcd "/proc/$pid/cmdline" 2>/dev/null; then
        kill -TERM "$pid" 2>/dev/null || true
        for _ in $(seq 50); do tb_alive "$pid" || break; sleep 0.1; done
        kill -KILL "$pid" 2>/dev/null || true
      fi
    done
  done
}
