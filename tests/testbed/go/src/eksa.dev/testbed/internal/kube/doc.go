// Package kube starts and talks to the real Kubernetes peers of the testbed: etcd 3.4 members and
// kube-apiserver v1.20 processes (binaries from tests/testbed/lib/peers/30-kube.sh, exported as
// EKSA_TESTBED_ETCD and EKSA_TESTBED_KUBE_APISERVER).
//
// Everything here is loopback-only by contract: callers pass 127.x addresses.
//
// Pieces, one file each:
//   - process.go:   Process, Start (attached or detached/daemon with a PID file), Stop, StopPIDFile
//   - etcd.go:      EtcdConfig, StartEtcd, WaitEtcdHealthy, EtcdMemberAdd/List (v3 JSON gateway)
//   - apiserver.go: APIServerConfig, StartAPIServer, WaitReady (/readyz)
//   - client.go:    Client, a minimal REST client (Get, Create, Apply, PatchStatus)
//   - certs.go:     CA, LoadCA, NewCA, Issue (leaf certificates), SPKIHash, key parsing
//   - kubeconfig.go: Kubeconfig (YAML text), ParseKubeconfig
//
// Processes: Start runs a binary with its output appended to a log file. With Detach the child
// gets its own session (Setsid), so it survives the launching program; its PID is written to a
// PID file and a later program stops it with StopPIDFile. Without Detach, the process belongs to
// the caller, which should Stop it before exiting.
package kube
