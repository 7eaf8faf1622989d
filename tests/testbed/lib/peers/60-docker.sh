# Docker Engine API: `podman system service` on unix://DIR/docker.sock with all of podman's state
# under DIR/docker (runc, cgroupfs, overlay, file events, file locks). Images come from rootfs
# tars cached in $TB_CACHE/images (no registry): localhost/eksa-testbed/busybox:<key> and the
# tools image localhost/eksa-testbed/tools:<key> (kubectl, git, kind/clusterctl/flux stand-ins).
# Containers get no network but their own loopback unless they ask for host networking.
# docs/docker.md.
docker_packages=(podman runc conmon containernetworking-plugins busybox-static git curl)

DOCKER_IMAGES_SRC="$TB_ROOT/images"
DOCKER_BIN=""   # the Go bin directory the tools image takes the stand-ins from (docker_up/install set it)

# docker_podman DIR ARGS...: the podman CLI on this testbed's storage.
docker_podman() {
  local dir=$1; shift
  CONTAINERS_CONF="$dir/docker/containers.conf" CONTAINERS_STORAGE_CONF="$dir/docker/storage.conf" \
    podman "$@"
}

docker_write_conf() {
  local d="$1/docker"
  mkdir -p "$d/tmp" "$d/netconf" "$d/root" "$d/runroot"
  cat >"$d/containers.conf" <<CONF
[containers]
default_ulimits = ["nofile=20000:20000", "nproc=32768:32768"]
[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
tmp_dir = "$d/tmp"
lock_type = "file"
[network]
network_config_dir = "$d/netconf"
CONF
  cat >"$d/storage.conf" <<CONF
[storage]
driver = "overlay"
runroot = "$d/runroot"
graphroot = "$d/root"
CONF
  # The default network ("podman", what Docker's "default"/"bridge" maps to) is the container's
  # own loopback only: no bridge, no veth, no address outside 127.0.0.0/8.
  cat >"$d/netconf/podman.conflist" <<'CONF'
{ "cniVersion": "0.4.0", "name": "podman", "plugins": [ { "type": "loopback" } ] }
CONF
}

# docker_image_key NAME: a hash of what the image is built from.
docker_image_key() {
  case $1 in
    busybox)
      { dpkg-query -W busybox-static; cat "$DOCKER_IMAGES_SRC/busybox-rootfs.sh"; } | sha256sum | cut -c1-12 ;;
    tools)
      { docker_image_key busybox; (cd "$DOCKER_BIN" && sha256sum kind clusterctl flux 2>/dev/null || true); git --version;
        stat -L -c '%s %Y' "$(command -v kubectl)"; dpkg-query -W git libcurl3-gnutls ca-certificates;
        cat "$DOCKER_IMAGES_SRC/tools-rootfs.sh" "$DOCKER_IMAGES_SRC/add-binaries.sh"; } \
        | sha256sum | cut -c1-12 ;;
  esac
}

# docker_image_tar NAME: builds $TB_CACHE/images/NAME-KEY.tar once; sets DOCKER_KEY and
# DOCKER_TAR (its path).
docker_image_tar() {
  local name=$1 tmp
  DOCKER_KEY=$(docker_image_key "$name")
  DOCKER_TAR="$TB_CACHE/images/$name-$DOCKER_KEY.tar"
  [[ -s $DOCKER_TAR ]] && return 0
  tb_log "docker: building the $name image rootfs ($DOCKER_TAR)"
  mkdir -p "$TB_CACHE/images"
  tmp=$(mktemp -d "$TB_CACHE/images/.build-XXXXXX")
  case $name in
    busybox) "$DOCKER_IMAGES_SRC/busybox-rootfs.sh" "$tmp/rootfs" ;;
    tools) "$DOCKER_IMAGES_SRC/tools-rootfs.sh" "$tmp/rootfs" "$DOCKER_BIN" ;;
  esac || { rm -rf "$tmp"; tb_die "docker: building the $name rootfs failed"; }
  tar --numeric-owner -C "$tmp/rootfs" -cf "$tmp/rootfs.tar" . || tb_die "docker: tar of $name failed"
  mv "$tmp/rootfs.tar" "$DOCKER_TAR"
  rm -rf "$tmp"
  find "$TB_CACHE/images" -maxdepth 1 -name "$name-*.tar" ! -name "${DOCKER_TAR##*/}" -mtime +1 -delete
}

docker_install() {
  DOCKER_BIN=$(tb_go_bin)
  docker_image_tar busybox
  docker_image_tar tools
}

# docker_import DIR NAME: imports NAME's rootfs tar into DIR's store; sets DOCKER_REF.
docker_import() {
  local dir=$1 name=$2
  docker_image_tar "$name"
  DOCKER_REF="localhost/eksa-testbed/$name:$DOCKER_KEY"
  docker_podman "$dir" import --quiet --change 'CMD ["/bin/sh"]' \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'ENV HOME=/root' --change "LABEL io.eksa.testbed.image=$name" \
    "$DOCKER_TAR" "$DOCKER_REF" >/dev/null || tb_die "docker: podman import of $DOCKER_TAR failed"
}

docker_up() {
  local dir=$1 sock="$1/docker.sock" busybox tools pid
  (( ${#sock} < 100 )) || tb_die "docker: socket path $sock is too long for a unix socket"
  DOCKER_BIN=$(tb_go_bin)
  docker_write_conf "$dir"
  docker_import "$dir" busybox; busybox=$DOCKER_REF
  docker_import "$dir" tools; tools=$DOCKER_REF
  # A plain command (not the docker_podman function) so that $! is podman itself.
  CONTAINERS_CONF="$dir/docker/containers.conf" CONTAINERS_STORAGE_CONF="$dir/docker/storage.conf" \
    podman system service --time=0 "unix://$sock" >>"$dir/docker/service.log" 2>&1 &
  pid=$!
  tb_pid "$dir" docker-service "$pid"
  local deadline=$((SECONDS + 20))
  until [[ $(curl -s --unix-socket "$sock" http://d/_ping 2>/dev/null) == OK ]]; do
    kill -0 "$pid" 2>/dev/null || tb_die "docker: podman system service exited ($dir/docker/service.log)"
    (( SECONDS < deadline )) || tb_die "docker: no answer on $sock"
    sleep 0.05
  done
  tb_export "$dir" DOCKER_HOST "unix://$sock"
  tb_export "$dir" CONTAINERS_CONF "$dir/docker/containers.conf"
  tb_export "$dir" CONTAINERS_STORAGE_CONF "$dir/docker/storage.conf"
  tb_export "$dir" EKSA_TESTBED_BUSYBOX_IMAGE "$busybox"
  tb_export "$dir" EKSA_TESTBED_TOOLS_IMAGE "$tools"
}

docker_status() {
  local dir=$1 v
  v=$(curl -sf --unix-socket "$dir/docker.sock" http://d/version) || return 1
  v=${v#*\"ApiVersion\":\"}
  echo "docker: ok unix://$dir/docker.sock (API ${v%%\"*}, $(docker_podman "$dir" ps -q | wc -l) running)"
}

# docker_down DIR: removes every container, stops the service, kills what podman left behind
# (exec sessions' conmon processes linger for 5 min) and unmounts DIR's overlay mounts.
docker_down() {
  local dir=$1 pid mnt
  [[ -f "$dir/docker/containers.conf" ]] || return 0
  timeout 30 env CONTAINERS_CONF="$dir/docker/containers.conf" \
    CONTAINERS_STORAGE_CONF="$dir/docker/storage.conf" podman rm --all --force --time 0 \
    >/dev/null 2>&1 || tb_log "docker: podman rm --all failed; killing what is left"
  tb_stop_pids "$dir" docker-
  for pid in $(grep -l -s -F -e "$dir/docker/" -e "$dir/docker.sock" /proc/[0-9]*/cmdline | cut -d/ -f3); do
    case $(cat "/proc/$pid/comm" 2>/dev/null) in
      conmon|podman|runc) kill -KILL "$pid" 2>/dev/null || true ;;
    esac
  done
  while read -r mnt; do
    umount "$mnt" 2>/dev/null || umount -l "$mnt" 2>/dev/null || tb_log "docker: cannot unmount $mnt"
  done < <(awk -v d="$dir/" 'index($5, d) == 1 { print $5 }' /proc/self/mountinfo | sort -r)
}
