// remove-etcd-member[machine] (local), before an upgrade powers off a retired external etcd
// member: removes it from the etcd cluster (etcd MemberRemove, services/planner/etcd), as EKS-A's
// etcdadm controller does before deleting an etcd machine; a powered-off member left in the
// list would count against quorum. Goes through a surviving member: first the etcd machines
// this operation created, then the cluster record's others, the first that answers; mutual
// TLS with the cluster's etcd CA and etcd healthcheck client (generate-pki's outputs).
// kUnavailable (retried) when no member answers; idempotent (an absent member is success).
#include <string>
#include <vector>

#include "absl/strings/str_join.h"
#include "libs/common/status_macros.h"
#include "services/planner/etcd/etcd_members.h"
#include "services/planner/tasks/pki_outputs.h"
#include "services/planner/tasks/task_env.h"
#include "services/planner/userdata/userdata.h"
#include "services/planner/workflows/machines.h"
#include "services/planner/workflows/tasks.h"

namespace eksa::planner::tasks {
namespace {

// Client URLs of the members that may still answer, in the order they are tried.
std::vector<std::string> Survivors(const TaskEnv& env, const std::string& retired) {
  std::vector<std::string> urls;
  auto add = [&](const std::string& name, const std::string& ip) {
    if (name == retired || ip.empty()) return;
    std::string url = userdata::EtcdUrl({.name = name, .address = ip});
    for (const std::string& u : urls) {
      if (u == url) return;
    }
    urls.push_back(std::move(url));
  };
  for (const workflows::Machine& m : workflows::DesiredMachines(env.op.spec)) {
    if (m.role != workflows::Role::kEtcd) continue;
    absl::StatusOr<std::string> ip =
        env.ctx.Output(workflows::TaskId(workflows::kind::kCreateVm, m.name), "ip");
    if (ip.ok()) add(m.name, *ip);
  }
  for (const store::MachineRecord& r : env.op.record->machines) {
    if (r.role == store::MachineRole::kEtcd) add(r.name, r.ip);
  }
  return urls;
}

}  // namespace

absl::StatusOr<dag::TaskOutputs> RemoveEtcdMember(TaskEnv& env) {
  EKSA_ASSIGN_OR_RETURN(std::string machine, env.RequiredParam("machine"));
  if (!env.op.record.has_value()) {
    return absl::FailedPreconditionError("removing etcd member " + machine +
                                         ": the operation has no cluster record");
  }
  std::string ip;
  for (const store::MachineRecord& r : env.op.record->machines) {
    if (r.name == machine) ip = r.ip;
  }
  const dag::TaskOutputs* outputs = env.ctx.OutputsOf(workflows::kind::kGeneratePki);
  if (outputs == nullptr) {
    return absl::FailedPreconditionError("removing etcd member " + machine +
                                         " needs generate-pki's outputs");
  }
  EKSA_ASSIGN_OR_RETURN(PkiBundle bundle, PkiFromOutputs(*outputs));
  const pki::CertKeyPair& client = bundle.pki.etcd_healthcheck_client;
  if (bundle.pki.etcd_ca.cert_pem.empty() || client.cert_pem.empty()) {
    return absl::FailedPreconditionError(
        "removing etcd member " + machine +
        ": the store holds no etcd CA or etcd client certificate of the cluster");
  }
  const etcd::ClientTls tls{bundle.pki.etcd_ca.cert_pem, client.cert_pem, client.key_pem};
  const std::vector<std::string> survivors = Survivors(env, machine);
  std::vector<std::string> failures;
  for (const std::string& url : survivors) {
    absl::Status removed = etcd::RemoveMember(url, tls, {.name = machine, .ip = ip});
    if (removed.ok()) return dag::TaskOutputs{{"member", machine}, {"via", url}};
    if (removed.code() != absl::StatusCode::kUnavailable) return removed;
    failures.push_back(std::string(removed.message()));
  }
  return absl::UnavailableError("removing etcd member " + machine +
                                ": no other etcd member answered" +
                                (failures.empty() ? " (the cluster record lists none with an IP)"
                                                  : ": " + absl::StrJoin(failures, "; ")));
}

}  // namespace eksa::planner::tasks
