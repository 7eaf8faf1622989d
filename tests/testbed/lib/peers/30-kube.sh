# Kubernetes binaries: etcd 3.4 (Debian etcd-server/etcd-client) and kube-apiserver v1.20.2 built
# from Debian's kubernetes source (docs/kube.md, PEER_RECIPES.md §3). This peer starts nothing:
# kube_up only exports where the binaries are; the kind stand-in (internal/kube) and the
# machine-boot simulation start etcd + kube-apiserver pairs themselves.
#
# Exports: EKSA_TESTBED_KUBE_APISERVER  path of the cached kube-apiserver binary
#          EKSA_TESTBED_ETCD            path of etcd (and EKSA_TESTBED_ETCDCTL of etcdctl)
kube_packages=(etcd-server etcd-client golang-go dpkg-dev jq rsync make
  golang-github-modern-go-reflect2-dev golang-gopkg-yaml.v3-dev golang-github-burntsushi-toml-dev)

# kube_src_version: the Debian source version of kubernetes (the same as its kubectl package's).
kube_src_version() {
  apt-cache show kubernetes-client 2>/dev/null | awk '/^Version:/ {print $2; exit}'
}

# kube_reflect2_version: the version of Debian's reflect2 that replaces the vendored copy.
kube_reflect2_version() {
  dpkg-query -W -f='${Version}' golang-github-modern-go-reflect2-dev 2>/dev/null
}

# kube_apiserver_path: where the cached binary lives (or will), keyed by both versions.
kube_apiserver_path() {
  local src r2
  src=$(kube_src_version)
  r2=$(kube_reflect2_version)
  [[ -n "$src" && -n "$r2" ]] || return 1
  printf '%s/kube-apiserver-%s-%s/kube-apiserver' "$TB_CACHE" "$src" "$r2"
}

# kube_mirror_uri: the URI of the configured Debian main archive (not debian-security).
kube_mirror_uri() {
  local f
  for f in /etc/apt/sources.list.d/*.sources; do
    [[ -f "$f" ]] || continue
    awk '/^URIs:/ && $2 !~ /security/ {print $2; exit}' "$f"
  done | head -n1
}

# kube_install: builds kube-apiserver once per (source version, reflect2 version); ~6 min cold.
# The temporary deb-src entry and the 1.5 GB build tree are removed whatever happens.
kube_install() {
  local out
  out=$(kube_apiserver_path) || tb_die "kube: cannot tell kubernetes/reflect2 versions (apt-get update?)"
  if [[ -x "$out" ]]; then
    tb_log "kube-apiserver cached: $out"
    return 0
  fi
  ( kube_build "$out" )
}

# kube_build OUT: runs in a subshell (its EXIT trap cleans up).
kube_build() {
  local out=$1 uri src_list=/etc/apt/sources.list.d/eksa-testbed-src.sources tmp srcdir start=$SECONDS
  uri=$(kube_mirror_uri)
  [[ -n "$uri" ]] || tb_die "kube: no Debian mirror URI in /etc/apt/sources.list.d/*.sources"
  tmp=$(mktemp -d "$TB_CACHE/kube-build.XXXXXX")
  # shellcheck disable=SC2064
  trap "tb_as_root rm -f '$src_list'; rm -rf '$tmp'" EXIT
  tb_log "building kube-apiserver $(kube_src_version) from Debian source (~6 min)"
  printf 'Types: deb-src\nURIs: %s\nSuites: bookworm bookworm-updates\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
    "$uri" | tb_as_root tee "$src_list" >/dev/null
  tb_as_root apt-get -qq -o DPkg::Lock::Timeout=120 update
  (cd "$tmp" && apt-get source -qq "kubernetes=$(kube_src_version)" >"$tmp/source.log" 2>&1) \
    || { cat "$tmp/source.log" >&2; tb_die "kube: apt-get source kubernetes failed"; }
  tb_as_root rm -f "$src_list"
  tb_as_root apt-get -qq -o DPkg::Lock::Timeout=120 update || true
  srcdir=$(find "$tmp" -mindepth 1 -maxdepth 1 -type d -name 'kubernetes-*' | head -n1)
  [[ -n "$srcdir" ]] || tb_die "kube: no source tree unpacked in $tmp"
  # The vendored reflect2 1.0.1 crashes under Go >= 1.18 on the first custom-resource create.
  rm -rf "$srcdir/vendor/github.com/modern-go/reflect2"
  cp -a /usr/share/gocode/src/github.com/modern-go/reflect2 "$srcdir/vendor/github.com/modern-go/reflect2"
  rm -f "$srcdir/vendor/github.com/modern-go/reflect2/go.mod"
  (cd "$srcdir" && env GOFLAGS= GOPROXY=off GOTOOLCHAIN=local make WHAT=cmd/kube-apiserver \
    >"$tmp/build.log" 2>&1) \
    || { tail -n 30 "$tmp/build.log" >&2; tb_die "kube: make WHAT=cmd/kube-apiserver failed"; }
  mkdir -p "$(dirname "$out")"
  cp "$srcdir/_output/bin/kube-apiserver" "$out.tmp"
  mv "$out.tmp" "$out"
  tb_log "kube-apiserver built in $((SECONDS - start)) s: $out"
}

kube_up() {
  local dir=$1 bin
  bin=$(kube_apiserver_path) || tb_die "kube: versions unknown (run tests/testbed/install)"
  [[ -x "$bin" ]] || tb_die "kube: $bin missing (run tests/testbed/install)"
  command -v etcd >/dev/null || tb_die "kube: etcd missing (run tests/testbed/install)"
  tb_export "$dir" EKSA_TESTBED_KUBE_APISERVER "$bin"
  tb_export "$dir" EKSA_TESTBED_ETCD "$(command -v etcd)"
  tb_export "$dir" EKSA_TESTBED_ETCDCTL "$(command -v etcdctl)"
}

kube_status() {
  local dir=$1 bin
  bin=$(grep -o 'EKSA_TESTBED_KUBE_APISERVER=.*' "$dir/env" | cut -d= -f2-)
  bin=$(eval "printf %s $bin")
  [[ -x "$bin" ]] && command -v etcd >/dev/null && echo "kube: ok $bin"
}
