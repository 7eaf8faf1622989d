// Package boot simulates a machine's first boot for the testbed's vCenter: given the userdata
// eksa's planner rendered (parsed by internal/bootdata), it does what cloud-init + kubeadm or
// etcdadm would do on the VM, with real etcd and kube-apiserver processes on the machine's
// loopback IP. The contract is tests/testbed/docs/machine-boot.md; cmd/machine-boot is the CLI.
//
// State directory layout (one per VM):
//
//	root/               the machine's file system (write_files, generated certificates, data dirs)
//	status              booting | ready | failed: <reason> | off
//	pids/<svc>.pid      machine-boot (a running `up`), etcd, kube-apiserver
//	logs/<svc>.log      the services' output
//	services.json       what to start on a reboot (written once the bootstrap succeeded)
//
// Files: state.go (layout, status), services.go (start/stop/reboot), net.go (loopback and
// hosts), pki.go (leaf certificates kubeadm/etcdadm make), objects.go (what kubeadm init
// creates in the cluster), node.go (Node registration), init.go, join.go, tlsbootstrap.go,
// etcdadm.go (the roles), up.go (the entry points).
package boot
