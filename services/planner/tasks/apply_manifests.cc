// Manifests applied by the bootstrap agent (server-side apply, field manager "eksa"):
//  - apply-cluster-objects: to the kind cluster. Final form: the EKS-A and paused CAPI objects of
//    the cluster. PLACEHOLDER: the submitted spec YAML as is (the CAPI objects need the bundle
//    and the bootstrap-agent issue's templates).
//  - install-cni: to the new cluster. Final form: Cilium's manifests from the bundle (`helm
//    template`). PLACEHOLDER: a ConfigMap kube-system/eksa-cni recording the CNI asked for.
//  - register-join-token (upgrade): to the cluster, kubeadm's bootstrap-token Secret for the fresh
//    join token (final form).
//  - install-eksa-components: to the new cluster. Final form: EKS-A's CRDs and controller, then the
//    cluster's own objects. PLACEHOLDER: the submitted spec YAML.
#include <string>

#include "absl/time/time.h"
#include "libs/common/status_macros.h"
#include "services/planner/tasks/cluster_values.h"
#include "services/planner/tasks/pki_outputs.h"
#include "services/planner/workflows/tasks.h"
#include "services/planner/tasks/task_env.h"

namespace eksa::planner::tasks {
namespace {

namespace v1 = eksa::bootstrap::v1;

absl::StatusOr<dag::TaskOutputs> Apply(TaskEnv& env, v1::ClusterTarget target,
                                       const std::string& manifests) {
  v1::ApplyManifestsRequest req;
  req.set_request_id(env.ctx.request_id());
  *req.mutable_target() = std::move(target);
  req.set_manifests(manifests);
  req.set_server_side(true);
  req.set_field_manager("eksa");
  req.set_force_conflicts(true);
  req.set_default_namespace("default");
  EKSA_ASSIGN_OR_RETURN(std::unique_ptr<AgentSession> agent,
                        env.deps.agents.Open(env.spec, env.ctx));
  EKSA_ASSIGN_OR_RETURN(
      v1::ApplyManifestsResponse resp,
      agent->Call<v1::ApplyManifestsResponse>(
          "ApplyManifests", [&](grpc::ClientContext* c, v1::ApplyManifestsResponse* r, auto done) {
            agent->bootstrap().async()->ApplyManifests(c, &req, r, std::move(done));
          }));
  return dag::TaskOutputs{{"agent", agent->agent().id},
                          {"applied", std::to_string(resp.applied_size())}};
}

absl::StatusOr<v1::ClusterTarget> Workload(const TaskEnv& env) {
  v1::ClusterTarget target;
  EKSA_ASSIGN_OR_RETURN(*target.mutable_kubeconfig(), WorkloadKubeconfig(env));
  return target;
}

std::string CniPlaceholder(const spec::Cluster& c) {
  const bool kindnetd = c.cluster_network.kindnetd_present;
  return "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: eksa-cni\n  namespace: kube-system\n"
         "data:\n  cni: " +
         std::string(kindnetd ? "kindnetd" : "cilium") + "\n";
}

}  // namespace

absl::StatusOr<dag::TaskOutputs> ApplyClusterObjects(TaskEnv& env) {
  v1::ClusterTarget target;
  target.set_bootstrap_cluster(KindClusterName(env.op.name()));
  return Apply(env, std::move(target), env.op.spec_yaml);
}

absl::StatusOr<dag::TaskOutputs> InstallCni(TaskEnv& env) {
  EKSA_ASSIGN_OR_RETURN(v1::ClusterTarget target, Workload(env));
  return Apply(env, std::move(target), CniPlaceholder(env.op.cluster()));
}

// kubeadm's bootstrap-token Secret (kubeadm/app/phases/bootstraptoken): what `kubeadm token
// create` writes, so a machine joining with the upgrade's fresh token is accepted. 24 h, as
// kubeadm's default TTL.
absl::StatusOr<dag::TaskOutputs> RegisterJoinToken(TaskEnv& env) {
  EKSA_ASSIGN_OR_RETURN(std::string token,
                        env.ctx.Output(workflows::kind::kGeneratePki, kBootstrapTokenOutput));
  size_t dot = token.find('.');
  if (dot == std::string::npos) {
    return absl::FailedPreconditionError("generate-pki produced a malformed bootstrap token");
  }
  const std::string expiration = absl::FormatTime(
      "%Y-%m-%dT%H:%M:%SZ", env.deps.clock.Now() + absl::Hours(24), absl::UTCTimeZone());
  const std::string manifest =
      "apiVersion: v1\nkind: Secret\nmetadata:\n  name: bootstrap-token-" + token.substr(0, dot) +
      "\n  namespace: kube-system\ntype: bootstrap.kubernetes.io/token\nstringData:\n"
      "  token-id: " +
      token.substr(0, dot) + "\n  token-secret: " + token.substr(dot + 1) + "\n  expiration: \"" +
      expiration +
      "\"\n"
      "  usage-bootstrap-authentication: \"true\"\n  usage-bootstrap-signing: \"true\"\n"
      "  auth-extra-groups: system:bootstrappers:kubeadm:default-node-token\n";
  EKSA_ASSIGN_OR_RETURN(v1::ClusterTarget target, Workload(env));
  EKSA_ASSIGN_OR_RETURN(dag::TaskOutputs out, Apply(env, std::move(target), manifest));
  out["token-id"] = token.substr(0, dot);
  out["expiration"] = expiration;
  return out;
}

absl::StatusOr<dag::TaskOutputs> InstallEksaComponents(TaskEnv& env) {
  EKSA_ASSIGN_OR_RETURN(v1::ClusterTarget target, Workload(env));
  return Apply(env, std::move(target), env.op.spec_yaml);
}

}  // namespace eksa::planner::tasks
