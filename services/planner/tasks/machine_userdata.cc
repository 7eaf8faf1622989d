#include "services/planner/tasks/machine_userdata.h"

#include <utility>
#include <vector>

#include "libs/common/status.h"
#include "libs/common/status_macros.h"
#include "services/planner/tasks/cluster_values.h"
#include "services/planner/tasks/pki_outputs.h"
#include "services/planner/userdata/userdata.h"
#include "services/planner/workflows/machines.h"
#include "services/planner/workflows/tasks.h"

namespace eksa::planner::tasks {
namespace {

userdata::Role RoleOf(const TaskEnv& env, const MachineToBoot& m) {
  if (m.role == "etcd") return userdata::Role::kEtcd;
  if (m.role == "worker") return userdata::Role::kWorker;
  return m.index == 0 && env.op.is_create() ? userdata::Role::kInitControlPlane
                                            : userdata::Role::kJoinControlPlane;
}

std::vector<userdata::EtcdMember> EtcdMembers(const TaskEnv& env) {
  std::vector<userdata::EtcdMember> members;
  for (const workflows::Machine& m : workflows::DesiredMachines(env.op.spec)) {
    if (m.role != workflows::Role::kEtcd) continue;
    userdata::EtcdMember member{.name = m.name};
    if (auto ip = env.ctx.Output(workflows::TaskId(workflows::kind::kCreateVm, m.name), "ip");
        ip.ok()) {
      member.address = *ip;
    } else if (env.op.record.has_value()) {
      for (const store::MachineRecord& r : env.op.record->machines) {
        if (r.name == m.name) member.address = r.ip;
      }
    }
    members.push_back(std::move(member));
  }
  return members;
}

// The IP of a running etcd member a new one joins through: the first etcd machine (in the
// desired order) that this operation already booted, else one of the cluster record's. Empty for
// the first member of a new cluster, which starts the etcd cluster.
std::string EtcdJoinAddress(const TaskEnv& env, const std::string& self) {
  for (const userdata::EtcdMember& member : EtcdMembers(env)) {
    if (member.name != self && !member.address.empty()) return member.address;
  }
  if (env.op.record.has_value()) {
    for (const store::MachineRecord& r : env.op.record->machines) {
      if (r.name != self && r.role == store::MachineRole::kEtcd && !r.ip.empty()) return r.ip;
    }
  }
  return "";
}

void AddNetworkSettings(const spec::Cluster& c, userdata::MachineBootstrap& b) {
  if (!c.cluster_network.pod_cidrs.empty()) b.pod_cidr = c.cluster_network.pod_cidrs[0].value;
  if (!c.cluster_network.service_cidrs.empty()) {
    b.service_cidr = c.cluster_network.service_cidrs[0].value;
  }
  if (c.proxy.present) {
    userdata::Proxy proxy{.http_proxy = c.proxy.http_proxy.value,
                          .https_proxy = c.proxy.https_proxy.value};
    for (const auto& v : c.proxy.no_proxy) proxy.no_proxy.push_back(v.value);
    b.proxy = std::move(proxy);
  }
  if (c.registry_mirror.present) {
    std::string endpoint = c.registry_mirror.endpoint.value;
    if (!c.registry_mirror.port.value.empty()) endpoint += ":" + c.registry_mirror.port.value;
    b.registry_mirror = userdata::RegistryMirror{
        .endpoint = endpoint, .ca_cert_pem = c.registry_mirror.ca_cert_content.value};
  }
}

}  // namespace

absl::StatusOr<pki::Secret> RenderMachineUserData(const TaskEnv& env, const MachineToBoot& m) {
  const dag::TaskOutputs* outputs = env.ctx.OutputsOf(workflows::kind::kGeneratePki);
  if (outputs == nullptr) {
    return absl::FailedPreconditionError("machine " + m.name + " needs generate-pki's outputs");
  }
  EKSA_ASSIGN_OR_RETURN(PkiBundle bundle, PkiFromOutputs(*outputs));
  userdata::MachineBootstrap b{
      .role = RoleOf(env, m),
      .os = m.config->os_family.value == "bottlerocket" ? userdata::OsFamily::kBottlerocket
                                                        : userdata::OsFamily::kUbuntu,
      .machine_name = m.name,
      .cluster_name = env.op.name(),
      .kubernetes_version = PlaceholderKubeadmVersion(m.kubernetes_version),
      .endpoint = env.op.cluster().control_plane.endpoint_host.value};
  if (env.op.cluster().external_etcd.present) b.external_etcd = EtcdMembers(env);
  AddNetworkSettings(env.op.cluster(), b);
  if (!m.config->users.empty()) {
    b.ssh_user = m.config->users[0].name.value;
    for (const auto& key : m.config->users[0].ssh_authorized_keys) {
      b.ssh_authorized_keys.push_back(key.value);
    }
  }
  b.bottlerocket.bootstrap_container_source =
      PlaceholderBottlerocketBootstrapImage(m.kubernetes_version);
  if (b.role == userdata::Role::kEtcd) {
    if (bundle.pki.etcd_ca.key_pem.empty()) {
      return absl::FailedPreconditionError(
          "etcd machine " + m.name + " cannot join cluster " + env.op.name() +
          ": the store holds no etcd CA key of the cluster (it was not created by this planner)");
    }
    b.etcd_version = PlaceholderEtcdVersion(m.kubernetes_version);
    b.etcd_join_address = EtcdJoinAddress(env, m.name);
  }
  if (b.role == userdata::Role::kJoinControlPlane && bundle.pki.ca.key_pem.empty()) {
    return absl::FailedPreconditionError(
        "control-plane machine " + m.name + " cannot join cluster " + env.op.name() +
        ": the store holds no CA keys of the cluster (it was not created by this planner)");
  }
  absl::StatusOr<pki::Secret> rendered = userdata::RenderUserData(b, bundle.pki, bundle.token);
  if (!rendered.ok()) return Annotate(rendered.status(), "rendering the userdata of " + m.name);
  return rendered;
}

}  // namespace eksa::planner::tasks
