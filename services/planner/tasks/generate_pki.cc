// generate-pki (local): the cluster PKI, admin kubeconfig and bootstrap token (pki_outputs.h has
// the output keys; everything secret is under "secret.", sealed by the store).
//
// mode=join-token (upgrade): machines that join an existing cluster need its CA, not a new one.
// The runner reuses the PKI generate-pki made for the cluster in an earlier operation that
// succeeded (read back from the store, decrypted), after checking that its CA is the one in the
// cluster record's kubeconfig, and issues a fresh bootstrap token (kubeadm's expire after 24 h).
// When no such PKI is stored (a cluster created elsewhere), only the CA certificate and its hash
// are known, from the record's kubeconfig: workers can join, control-plane machines cannot
// (create-vm says so). Gap: the fresh token must also be registered in the cluster (a
// bootstrap-token Secret in kube-system); that is for the bootstrap-agent issue, see README.md.
#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "libs/common/status.h"
#include "libs/common/status_macros.h"
#include "services/planner/pki/certificate.h"
#include "services/planner/pki/kubeconfig.h"
#include "services/planner/tasks/pki_outputs.h"
#include "services/planner/tasks/task_env.h"
#include "services/planner/workflows/machines.h"
#include "services/planner/workflows/tasks.h"
#include "yaml-cpp/yaml.h"

namespace eksa::planner::tasks {
namespace {

absl::StatusOr<dag::TaskOutputs> Generate(TaskEnv& env) {
  pki::PkiRequest request{.cluster_name = env.op.name(),
                          .endpoint = env.op.cluster().control_plane.endpoint_host.value,
                          .key_algorithm = env.deps.options.key_algorithm};
  if (!env.op.cluster().cluster_network.service_cidrs.empty()) {
    request.service_cidr = env.op.cluster().cluster_network.service_cidrs[0].value;
  }
  for (const workflows::Machine& m : workflows::DesiredMachines(env.op.spec)) {
    if (m.role == workflows::Role::kControlPlane) {
      request.control_plane_machines.push_back({.name = m.name});
    }
  }
  PkiBundle b;
  EKSA_ASSIGN_OR_RETURN(b.pki, pki::GenerateClusterPki(request));
  EKSA_ASSIGN_OR_RETURN(b.token, pki::GenerateBootstrapToken());
  b.admin_kubeconfig = pki::AdminKubeconfig(b.pki, request.endpoint, env.op.name());
  dag::TaskOutputs out = PkiToOutputs(b);
  out["mode"] = "create";
  return out;
}

// The cluster CA certificate embedded in a kubeconfig; "" when there is none.
std::string KubeconfigCa(const std::string& kubeconfig) {
  try {
    YAML::Node data =
        YAML::Load(kubeconfig)["clusters"][0]["cluster"]["certificate-authority-data"];
    std::string pem;
    if (data && absl::Base64Unescape(data.as<std::string>(), &pem)) return pem;
  } catch (const YAML::Exception&) {
  }
  return "";
}

// generate-pki outputs of the newest earlier operation on the cluster whose CA is `ca_pem`.
absl::StatusOr<dag::TaskOutputs> StoredPki(TaskEnv& env, const std::string& ca_pem) {
  EKSA_ASSIGN_OR_RETURN(std::vector<store::OperationRecord> ops,
                        env.deps.store.ListOperations({.state = store::OperationState::kSucceeded,
                                                       .cluster_name = env.op.name()}));
  std::reverse(ops.begin(), ops.end());
  for (const store::OperationRecord& op : ops) {
    absl::StatusOr<store::TaskRecord> task =
        env.deps.store.GetTask(op.id, workflows::kind::kGeneratePki);
    if (!task.ok()) continue;
    auto ca = task->outputs.find("secret.ca.crt");
    if (ca != task->outputs.end() && !ca_pem.empty() && ca->second == ca_pem) return task->outputs;
  }
  return absl::NotFoundError("no stored PKI of cluster " + env.op.name() + " matches its CA");
}

absl::StatusOr<dag::TaskOutputs> JoinToken(TaskEnv& env) {
  const std::string kubeconfig = env.op.record.has_value() ? env.op.record->kubeconfig : "";
  const std::string ca_pem = KubeconfigCa(kubeconfig);
  if (ca_pem.empty()) {
    return absl::FailedPreconditionError("the record of cluster " + env.op.name() +
                                         " holds no kubeconfig with the cluster CA");
  }
  PkiBundle b;
  std::string source = "cluster-record";
  if (absl::StatusOr<dag::TaskOutputs> stored = StoredPki(env, ca_pem); stored.ok()) {
    EKSA_ASSIGN_OR_RETURN(b, PkiFromOutputs(*stored));
    source = "stored-pki";
  } else {
    b.pki.ca.cert_pem = ca_pem;
    EKSA_ASSIGN_OR_RETURN(b.pki.ca_cert_hash, pki::CaCertHash(ca_pem));
  }
  EKSA_ASSIGN_OR_RETURN(b.token, pki::GenerateBootstrapToken());
  b.admin_kubeconfig = pki::Secret(kubeconfig);
  dag::TaskOutputs out = PkiToOutputs(b);
  out["mode"] = "join-token";
  out["pki-source"] = source;
  return out;
}

}  // namespace

absl::StatusOr<dag::TaskOutputs> GeneratePki(TaskEnv& env) {
  absl::StatusOr<dag::TaskOutputs> out =
      env.Param("mode") == "join-token" ? JoinToken(env) : Generate(env);
  if (!out.ok()) return Annotate(out.status(), "generating the PKI of cluster " + env.op.name());
  return out;
}

}  // namespace eksa::planner::tasks
