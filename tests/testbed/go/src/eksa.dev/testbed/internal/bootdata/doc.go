// Package bootdata parses the bootstrap documents eksa's planner renders for a machine
// (services/planner/userdata/USERDATA.md): the Ubuntu `#cloud-config`, the Bottlerocket TOML
// settings (with the base64 cloud-config of its kubeadm-bootstrap container), the kubeadm
// v1beta3 configuration, the role's bootstrap command (kubeadm init|join, etcdadm init|join)
// and the cloud-init metadata. It reads only the fields listed in
// tests/testbed/docs/machine-boot.md and rejects what it cannot honour (an unknown write_files
// encoding, a command it does not know) instead of guessing.
package bootdata
