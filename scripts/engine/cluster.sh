#!/usr/bin/env bash
# Local Kubernetes control plane for tests: etcd + kube-apiserver +
# kube-controller-manager + kube-scheduler + kwok (one fake, Ready node).
#
#   cluster.sh start DIR   # state, PKI, logs, PID files and DIR/kubeconfig all in DIR
#   cluster.sh stop DIR    # stops exactly the PIDs recorded in DIR
#   cluster.sh status DIR
#
# Binaries: kube-apiserver kube-controller-manager kube-scheduler kubectl etcd kwok helm,
# taken from $ENGINE_BIN if set, else from PATH (built by scripts/engine/toolchain.sh,
# see scripts/engine/modules/README.md). kwok stage configs are read from
# $KWOK_STAGES_DIR, default <dir of kwok>/../share/kwok/stages.
# Needs: bash, openssl (Debian: apt-get install -y openssl), tar, curl, and python3 or node
# (only to pick free ports).
# Everything listens on 127.0.0.1. DIR/kubeconfig has one context `local`
# (cluster `local`, user `local-admin`, a client cert in system:masters).
# On start, the Prometheus Operator CRDs from $CHARTS_DIR/prometheus-operator-crds-*.tgz
# are applied (CHARTS_DIR defaults to the project's chart mirror, <repo>/vendor/charts).
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
CHARTS_DIR=${CHARTS_DIR:-$SCRIPT_DIR/../../vendor/charts}
CRDS_CHART=${CRDS_CHART:-prometheus-operator-crds-31.0.1.tgz}
START_TIMEOUT=${START_TIMEOUT:-120}
NODE_NAME=${NODE_NAME:-kwok-node-0}
NODE_IP=${NODE_IP:-10.200.0.1}   # fake; nothing listens there
POD_CIDR=${POD_CIDR:-10.244.0.0/16}  # kwok hands out fake pod IPs from here
SERVICE_CIDR=10.96.0.0/16
SERVICE_IP=10.96.0.1
COMPONENTS=(etcd kube-apiserver kube-controller-manager kube-scheduler kwok)

die() { echo "cluster.sh: $*" >&2; exit 1; }

bin() {
  if [[ -n ${ENGINE_BIN:-} ]]; then
    [[ -x $ENGINE_BIN/$1 ]] || die "$ENGINE_BIN/$1 not found"
    echo "$ENGINE_BIN/$1"
  else
    command -v "$1" || die "$1 not on PATH (set ENGINE_BIN)"
  fi
}

free_port() {
  if command -v python3 >/dev/null; then
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
  else
    node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
  fi
}

# Is the PID in file $1 alive and ours (its command line mentions DIR)?
pid_alive() {
  local f=$1 pid
  [[ -f $f ]] || return 1
  pid=$(<"$f")
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  [[ -r /proc/$pid/cmdline ]] || return 1
  tr '\0' ' ' </proc/"$pid"/cmdline | grep -qF -- "$DIR" || return 1
}

# launch NAME BINARY ARGS...: runs detached (own session), logs to DIR/logs/NAME.log
launch() {
  local name=$1; shift
  setsid "$@" >"$DIR/logs/$name.log" 2>&1 </dev/null &
  echo $! >"$DIR/pids/$name.pid"
}

fail() {
  local name=$1 msg=$2
  echo "cluster.sh: $msg" >&2
  if [[ -f $DIR/logs/$name.log ]]; then
    echo "---- tail of $DIR/logs/$name.log ----" >&2
    tail -n 40 "$DIR/logs/$name.log" >&2
  fi
  echo "cluster.sh: run '$0 stop $DIR' to clean up" >&2
  exit 1
}

phase() { echo "cluster.sh: [$(( $(date +%s) - T0 ))s] $*" >&2; }

deadline_left() { (( $(date +%s) < DEADLINE )); }

check_running() {
  local c
  for c in "${COMPONENTS[@]}"; do
    if [[ -f $DIR/pids/$c.pid ]] && ! pid_alive "$DIR/pids/$c.pid"; then
      fail "$c" "$c exited"
    fi
  done
}

gen_pki() {
  local p=$DIR/pki
  mkdir -p "$p"
  [[ -f $p/done ]] && return 0
  command -v openssl >/dev/null || die "openssl not found (Debian: apt-get install -y openssl)"
  (
    cd "$p"
    umask 077
    openssl genrsa -out ca.key 2048 2>/dev/null
    openssl req -x509 -new -key ca.key -sha256 -days 3650 -subj "/CN=local-kubernetes-ca" \
      -addext "basicConstraints=critical,CA:TRUE" \
      -addext "keyUsage=critical,digitalSignature,keyEncipherment,keyCertSign" -out ca.crt
    openssl genrsa -out sa.key 2048 2>/dev/null
    openssl rsa -in sa.key -pubout -out sa.pub 2>/dev/null
    # cert NAME SUBJECT EXTFILE-CONTENT
    cert() {
      openssl genrsa -out "$1.key" 2048 2>/dev/null
      openssl req -new -key "$1.key" -subj "$2" -out "$1.csr"
      printf '%s\n' "$3" >"$1.ext"
      openssl x509 -req -in "$1.csr" -CA ca.crt -CAkey ca.key -CAcreateserial -sha256 \
        -days 3650 -extfile "$1.ext" -out "$1.crt" 2>/dev/null
      rm -f "$1.csr" "$1.ext"
    }
    cert apiserver "/CN=kube-apiserver" "basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth
subjectAltName=IP:127.0.0.1,IP:$SERVICE_IP,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local"
    local client="basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=clientAuth"
    cert admin "/O=system:masters/CN=local-admin" "$client"
    cert controller-manager "/CN=system:kube-controller-manager" "$client"
    cert scheduler "/CN=system:kube-scheduler" "$client"
    cert apiserver-kubelet-client "/O=system:masters/CN=kube-apiserver-kubelet-client" "$client"
    # Front-proxy (request-header) CA: without it every delegating component logs
    # "missing content for CA bundle ... requestheader-client-ca-file" forever.
    openssl genrsa -out front-proxy-ca.key 2048 2>/dev/null
    openssl req -x509 -new -key front-proxy-ca.key -sha256 -days 3650 -subj "/CN=front-proxy-ca" \
      -addext "basicConstraints=critical,CA:TRUE" \
      -addext "keyUsage=critical,digitalSignature,keyEncipherment,keyCertSign" -out front-proxy-ca.crt
    openssl genrsa -out front-proxy-client.key 2048 2>/dev/null
    openssl req -new -key front-proxy-client.key -subj "/CN=front-proxy-client" -out front-proxy-client.csr
    printf '%s\n' "$client" >front-proxy-client.ext
    openssl x509 -req -in front-proxy-client.csr -CA front-proxy-ca.crt -CAkey front-proxy-ca.key \
      -CAcreateserial -sha256 -days 3650 -extfile front-proxy-client.ext -out front-proxy-client.crt 2>/dev/null
    rm -f front-proxy-client.csr front-proxy-client.ext
    # Serving certs for controller-manager/scheduler/kwok on 127.0.0.1 (keeps them off /var/run).
    cert localhost-serving "/CN=localhost" "basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth
subjectAltName=IP:127.0.0.1,DNS:localhost"
    touch done
  )
}

# kubeconfig FILE USER CERTNAME
write_kubeconfig() {
  local p=$DIR/pki
  cat >"$1" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: local
  cluster:
    server: https://127.0.0.1:$APISERVER_PORT
    certificate-authority-data: $(base64 -w0 "$p/ca.crt")
users:
- name: $2
  user:
    client-certificate-data: $(base64 -w0 "$p/$3.crt")
    client-key-data: $(base64 -w0 "$p/$3.key")
contexts:
- name: local
  context:
    cluster: local
    user: $2
current-context: local
EOF
  chmod 600 "$1"
}

kwok_stages_dir() {
  if [[ -n ${KWOK_STAGES_DIR:-} ]]; then echo "$KWOK_STAGES_DIR"; return; fi
  local d
  d=$(cd "$(dirname "$(bin kwok)")/.." && pwd)/share/kwok/stages
  if [[ -d $d ]]; then echo "$d"; return; fi
  # Fallback: the kwok module in the Go module cache.
  if command -v go >/dev/null; then
    local m
    m=$(go env GOMODCACHE)/sigs.k8s.io/kwok@v0.8.0/kustomize/stage
    if [[ -d $m ]]; then
      mkdir -p "$DIR/kwok/stages"
      cp "$m/node/fast/node-initialize.yaml" "$m/node/heartbeat-with-lease/node-heartbeat-with-lease.yaml" \
        "$m/pod/fast/pod-ready.yaml" "$m/pod/fast/pod-complete.yaml" "$m/pod/fast/pod-delete.yaml" \
        "$DIR/kwok/stages/"
      echo "$DIR/kwok/stages"; return
    fi
  fi
  die "kwok stage configs not found (expected $d; set KWOK_STAGES_DIR)"
}

# The Prometheus Operator CRDs, as the README tells users to install them: the chart, rendered by
# the toolchain's helm (it holds nothing but the CRDs).
render_crds() {
  local tgz=$CHARTS_DIR/$CRDS_CHART out=$DIR/crds
  [[ -f $tgz ]] || die "$tgz not found (set CHARTS_DIR)"
  rm -rf "$out" && mkdir -p "$out/rendered"
  "$(bin helm)" template prometheus-operator-crds "$tgz" >"$out/rendered/crds.yaml"
}

cmd_start() {
  mkdir -p "$DIR"
  DIR=$(cd "$DIR" && pwd)
  mkdir -p "$DIR/logs" "$DIR/pids" "$DIR/kwok"
  mkdir -p -m 700 "$DIR/etcd"
  local c
  for c in "${COMPONENTS[@]}"; do
    if pid_alive "$DIR/pids/$c.pid"; then die "$c already running in $DIR (run stop first)"; fi
    rm -f "$DIR/pids/$c.pid"
  done
  T0=$(date +%s)
  DEADLINE=$(( T0 + START_TIMEOUT ))

  local ETCD KAS KCM KS KWOK KUBECTL
  ETCD=$(bin etcd); KAS=$(bin kube-apiserver); KCM=$(bin kube-controller-manager)
  KS=$(bin kube-scheduler); KWOK=$(bin kwok); KUBECTL=$(bin kubectl)
  local STAGES; STAGES=$(kwok_stages_dir)
  render_crds
  gen_pki

  local ETCD_PORT ETCD_PEER_PORT KCM_PORT KS_PORT KWOK_PORT
  ETCD_PORT=$(free_port); ETCD_PEER_PORT=$(free_port); APISERVER_PORT=$(free_port)
  KCM_PORT=$(free_port); KS_PORT=$(free_port); KWOK_PORT=$(free_port)
  local p=$DIR/pki

  write_kubeconfig "$DIR/kubeconfig" local-admin admin
  write_kubeconfig "$DIR/controller-manager.kubeconfig" system:kube-controller-manager controller-manager
  write_kubeconfig "$DIR/scheduler.kubeconfig" system:kube-scheduler scheduler
  cat >"$DIR/ports.env" <<EOF
ETCD_PORT=$ETCD_PORT
ETCD_PEER_PORT=$ETCD_PEER_PORT
APISERVER_PORT=$APISERVER_PORT
KCM_PORT=$KCM_PORT
KS_PORT=$KS_PORT
KWOK_PORT=$KWOK_PORT
EOF

  launch etcd "$ETCD" --name local --data-dir "$DIR/etcd" --unsafe-no-fsync \
    --listen-client-urls "http://127.0.0.1:$ETCD_PORT" --advertise-client-urls "http://127.0.0.1:$ETCD_PORT" \
    --listen-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" --initial-advertise-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" \
    --initial-cluster "local=http://127.0.0.1:$ETCD_PEER_PORT" --listen-metrics-urls "" \
    --quota-backend-bytes 2147483648 --log-level warn
  until curl -fsS "http://127.0.0.1:$ETCD_PORT/health" 2>/dev/null | grep -q '"health":"true"'; do
    check_running
    deadline_left || fail etcd "etcd not healthy within ${START_TIMEOUT}s"
    sleep 0.2
  done

  phase "etcd healthy"
  # --advertise-address/--endpoint-reconciler-type=none: no default route is needed, and
  # the `kubernetes` Endpoints (which may not hold a loopback IP) are not written.
  launch kube-apiserver "$KAS" \
    --etcd-servers "http://127.0.0.1:$ETCD_PORT" \
    --bind-address 127.0.0.1 --advertise-address 127.0.0.1 --secure-port "$APISERVER_PORT" \
    --endpoint-reconciler-type none \
    --tls-cert-file "$p/apiserver.crt" --tls-private-key-file "$p/apiserver.key" \
    --client-ca-file "$p/ca.crt" \
    --kubelet-client-certificate "$p/apiserver-kubelet-client.crt" --kubelet-client-key "$p/apiserver-kubelet-client.key" \
    --service-account-issuer https://kubernetes.default.svc.cluster.local \
    --service-account-key-file "$p/sa.pub" --service-account-signing-key-file "$p/sa.key" \
    --service-cluster-ip-range "$SERVICE_CIDR" \
    --authorization-mode Node,RBAC --allow-privileged=true \
    --requestheader-client-ca-file "$p/front-proxy-ca.crt" --requestheader-allowed-names front-proxy-client \
    --requestheader-username-headers X-Remote-User --requestheader-group-headers X-Remote-Group \
    --requestheader-extra-headers-prefix X-Remote-Extra- \
    --proxy-client-cert-file "$p/front-proxy-client.crt" --proxy-client-key-file "$p/front-proxy-client.key" \
    --enable-admission-plugins NodeRestriction \
    --profiling=false --v=1
  until "$KUBECTL" --kubeconfig "$DIR/kubeconfig" get --raw /readyz >/dev/null 2>&1; do
    check_running
    deadline_left || fail kube-apiserver "kube-apiserver /readyz not ok within ${START_TIMEOUT}s"
    sleep 0.5
  done

  phase "kube-apiserver ready"
  launch kube-controller-manager "$KCM" \
    --kubeconfig "$DIR/controller-manager.kubeconfig" \
    --authentication-kubeconfig "$DIR/controller-manager.kubeconfig" \
    --authorization-kubeconfig "$DIR/controller-manager.kubeconfig" \
    --leader-elect=false --bind-address 127.0.0.1 --secure-port "$KCM_PORT" \
    --tls-cert-file "$p/localhost-serving.crt" --tls-private-key-file "$p/localhost-serving.key" \
    --service-account-private-key-file "$p/sa.key" --root-ca-file "$p/ca.crt" \
    --use-service-account-credentials=true \
    --cluster-signing-cert-file "$p/ca.crt" --cluster-signing-key-file "$p/ca.key" \
    --service-cluster-ip-range "$SERVICE_CIDR" \
    --node-monitor-grace-period=10m \
    --profiling=false --v=1
  launch kube-scheduler "$KS" \
    --kubeconfig "$DIR/scheduler.kubeconfig" \
    --authentication-kubeconfig "$DIR/scheduler.kubeconfig" \
    --authorization-kubeconfig "$DIR/scheduler.kubeconfig" \
    --leader-elect=false --bind-address 127.0.0.1 --secure-port "$KS_PORT" \
    --tls-cert-file "$p/localhost-serving.crt" --tls-private-key-file "$p/localhost-serving.key" \
    --profiling=false --v=1
  local kwok_cfg=() f
  for f in "$STAGES"/*.yaml; do kwok_cfg+=(--config "$f"); done
  # KWOK_WORKDIR keeps kwok from reading ~/.kwok/kwok.yaml. The node IP is a fake,
  # non-loopback address: Endpoints may not hold loopback IPs (hostNetwork pods get it).
  launch kwok env KWOK_WORKDIR="$DIR/kwok" "$KWOK" \
    --kubeconfig "$DIR/kubeconfig" \
    --manage-nodes-with-annotation-selector kwok.x-k8s.io/node=fake \
    --server-address "127.0.0.1:$KWOK_PORT" \
    --node-ip "$NODE_IP" --cidr "$POD_CIDR" \
    "${kwok_cfg[@]}"

  "$KUBECTL" --kubeconfig "$DIR/kubeconfig" apply -f - >/dev/null <<EOF
apiVersion: v1
kind: Node
metadata:
  name: $NODE_NAME
  annotations:
    node.alpha.kubernetes.io/ttl: "0"
    kwok.x-k8s.io/node: fake
  labels:
    type: kwok
    kubernetes.io/arch: amd64
    kubernetes.io/os: linux
    kubernetes.io/hostname: $NODE_NAME
    beta.kubernetes.io/arch: amd64
    beta.kubernetes.io/os: linux
spec: {}
EOF
  "$KUBECTL" --kubeconfig "$DIR/kubeconfig" apply --server-side --force-conflicts \
    -f "$DIR/crds/rendered" >"$DIR/logs/crds.log" 2>&1 || fail crds "applying the Prometheus Operator CRDs failed"

  phase "node and CRDs applied"
  local ready
  while :; do
    ready=$("$KUBECTL" --kubeconfig "$DIR/kubeconfig" get node "$NODE_NAME" \
      -o 'jsonpath={.status.conditions[?(@.type=="Ready")].status}' 2>/dev/null || true)
    [[ $ready == True ]] && break
    check_running
    deadline_left || fail kwok "node $NODE_NAME not Ready within ${START_TIMEOUT}s"
    sleep 0.5
  done
  phase "node Ready"
  # The service-account and root-CA publisher controllers must be working for pods.
  until "$KUBECTL" --kubeconfig "$DIR/kubeconfig" -n default get serviceaccount/default configmap/kube-root-ca.crt >/dev/null 2>&1; do
    check_running
    deadline_left || fail kube-controller-manager "default ServiceAccount / kube-root-ca.crt not created within ${START_TIMEOUT}s"
    sleep 0.5
  done
  "$KUBECTL" --kubeconfig "$DIR/kubeconfig" wait --for condition=Established --timeout 30s \
    -f "$DIR/crds/rendered" >>"$DIR/logs/crds.log" 2>&1 || fail crds "CRDs not Established"
  check_running
  echo "cluster ready in $(( $(date +%s) - T0 ))s: export KUBECONFIG=$DIR/kubeconfig"
}

cmd_stop() {
  [[ -d $DIR ]] || { echo "cluster.sh: $DIR does not exist, nothing to stop"; return 0; }
  DIR=$(cd "$DIR" && pwd)
  local c f pids=() pid i
  for c in kwok kube-scheduler kube-controller-manager kube-apiserver etcd; do
    f=$DIR/pids/$c.pid
    if pid_alive "$f"; then
      pid=$(<"$f"); pids+=("$pid")
      kill -TERM "$pid" 2>/dev/null || true
    fi
  done
  for (( i = 0; i < 100; i++ )); do
    local left=()
    for pid in "${pids[@]}"; do [[ -e /proc/$pid ]] && left+=("$pid"); done
    pids=("${left[@]}")
    (( ${#pids[@]} == 0 )) && break
    sleep 0.1
  done
  for pid in "${pids[@]}"; do
    echo "cluster.sh: pid $pid did not exit after TERM, killing" >&2
    kill -KILL "$pid" 2>/dev/null || true
  done
  rm -f "$DIR"/pids/*.pid
  echo "stopped $DIR"
}

cmd_status() {
  DIR=$(cd "$DIR" && pwd)
  local c rc=0
  for c in "${COMPONENTS[@]}"; do
    if pid_alive "$DIR/pids/$c.pid"; then echo "$c: running (pid $(<"$DIR/pids/$c.pid"))"; else echo "$c: not running"; rc=1; fi
  done
  return $rc
}

[[ $# -eq 2 ]] || die "usage: $0 start|stop|status DIR"
DIR=$2
case $1 in
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  *) die "usage: $0 start|stop|status DIR" ;;
esac
