#!/usr/bin/env bash
# Renders the snapshots in this directory from the stand-ins' CRD tables
# (go/src/eksa.dev/testbed/internal/standin/crds), the single source: the stand-ins install
# what they print here. Run after changing the tables; standin smoke tests do not read these
# files, they are for people and for tests that want to kubectl apply the CRDs themselves.
# Usage: tests/testbed/manifests/render.sh [BIN_DIR]   (default: build into a temp dir)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$here/../lib/common.sh"
bin=${1:-}
if [[ -z $bin ]]; then
  bin=$(mktemp -d); trap 'rm -rf "$bin"' EXIT
  for t in clusterctl flux; do tb_go_env go build -o "$bin/$t" "eksa.dev/testbed/cmd/$t"; done
fi
"$bin/clusterctl" generate provider --core cluster-api >"$here/capi-core.yaml"
"$bin/clusterctl" generate provider --bootstrap kubeadm >"$here/capi-bootstrap-kubeadm.yaml"
"$bin/clusterctl" generate provider --control-plane kubeadm >"$here/capi-control-plane-kubeadm.yaml"
"$bin/clusterctl" generate provider --infrastructure vsphere >"$here/capi-infrastructure-vsphere.yaml"
"$bin/clusterctl" generate provider --bootstrap etcdadm-bootstrap >"$here/capi-bootstrap-etcdadm-bootstrap.yaml"
"$bin/clusterctl" generate provider --bootstrap etcdadm-controller >"$here/capi-bootstrap-etcdadm-controller.yaml"
"$bin/flux" install --export --components-extra image-reflector-controller,image-automation-controller >"$here/flux.yaml"
echo "rendered into $here"
