// The kind bootstrap cluster (bootstrap agent): bootstrap-cluster-init (CreateBootstrapCluster
// "<cluster>-eks-a-cluster" with the spec's registry mirror and proxy, namespace eksa-system),
// delete-bootstrap-cluster (DeleteBootstrapCluster), and collect-diagnostics (CollectSupportBundle
// from the bootstrap cluster and, once it has an API server, the workload cluster; the bundle is
// written next to the cluster's artifacts). The node image is a placeholder for the versions
// bundle.
#include <string>

#include "absl/strings/str_join.h"
#include "libs/common/status_macros.h"
#include "services/planner/tasks/cluster_values.h"
#include "services/planner/tasks/task_env.h"

namespace eksa::planner::tasks {
namespace {

namespace v1 = eksa::bootstrap::v1;

void AddMirrorAndProxy(const spec::Cluster& c, v1::CreateBootstrapClusterRequest& req) {
  if (c.registry_mirror.present) {
    v1::RegistryMirror* m = req.mutable_registry_mirror();
    std::string endpoint = c.registry_mirror.endpoint.value;
    if (!c.registry_mirror.port.value.empty()) endpoint += ":" + c.registry_mirror.port.value;
    m->set_endpoint(endpoint);
    m->set_ca_cert_pem(c.registry_mirror.ca_cert_content.value);
    m->set_insecure_skip_verify(c.registry_mirror.insecure_skip_verify.value);
    for (const spec::OciNamespace& ns : c.registry_mirror.oci_namespaces) {
      (*m->mutable_namespaces())[ns.registry.value] = ns.namespace_.value;
    }
  }
  if (c.proxy.present) {
    v1::Proxy* p = req.mutable_proxy();
    p->set_http_proxy(c.proxy.http_proxy.value);
    p->set_https_proxy(c.proxy.https_proxy.value);
    for (const auto& v : c.proxy.no_proxy) p->add_no_proxy(v.value);
  }
}

}  // namespace

absl::StatusOr<dag::TaskOutputs> BootstrapClusterInit(TaskEnv& env) {
  v1::CreateBootstrapClusterRequest req;
  req.set_request_id(env.ctx.request_id());
  req.set_cluster_name(KindClusterName(env.op.name()));
  req.set_node_image(PlaceholderKindNodeImage(env.op.cluster().kubernetes_version.value));
  AddMirrorAndProxy(env.op.cluster(), req);
  req.add_namespaces("eksa-system");
  EKSA_ASSIGN_OR_RETURN(std::unique_ptr<AgentSession> agent,
                        env.deps.agents.Open(env.spec, env.ctx));
  EKSA_ASSIGN_OR_RETURN(
      v1::CreateBootstrapClusterResponse resp,
      agent->Call<v1::CreateBootstrapClusterResponse>(
          "CreateBootstrapCluster",
          [&](grpc::ClientContext* c, v1::CreateBootstrapClusterResponse* r, auto done) {
            agent->bootstrap().async()->CreateBootstrapCluster(c, &req, r, std::move(done));
          }));
  return dag::TaskOutputs{{"agent", agent->agent().id},
                          {"bootstrap-cluster", resp.cluster().name()},
                          {"api-server-url", resp.cluster().api_server_url()},
                          {"created", resp.created() ? "true" : "false"}};
}

absl::StatusOr<dag::TaskOutputs> DeleteBootstrapCluster(TaskEnv& env) {
  v1::DeleteBootstrapClusterRequest req;
  req.set_request_id(env.ctx.request_id());
  req.set_cluster_name(KindClusterName(env.op.name()));
  EKSA_ASSIGN_OR_RETURN(std::unique_ptr<AgentSession> agent,
                        env.deps.agents.Open(env.spec, env.ctx));
  EKSA_ASSIGN_OR_RETURN(
      v1::DeleteBootstrapClusterResponse resp,
      agent->Call<v1::DeleteBootstrapClusterResponse>(
          "DeleteBootstrapCluster",
          [&](grpc::ClientContext* c, v1::DeleteBootstrapClusterResponse* r, auto done) {
            agent->bootstrap().async()->DeleteBootstrapCluster(c, &req, r, std::move(done));
          }));
  return dag::TaskOutputs{{"agent", agent->agent().id},
                          {"existed", resp.existed() ? "true" : "false"}};
}

absl::StatusOr<dag::TaskOutputs> CollectDiagnostics(TaskEnv& env) {
  constexpr int64_t kMaxInline = 3 << 20;  // under gRPC's default 4 MiB message limit
  v1::CollectSupportBundleRequest req;
  req.set_request_id(env.ctx.request_id());
  req.set_bootstrap_cluster_name(KindClusterName(env.op.name()));
  if (absl::StatusOr<std::string> kubeconfig = WorkloadKubeconfig(env); kubeconfig.ok()) {
    req.mutable_workload()->set_kubeconfig(*kubeconfig);
  }
  req.set_max_inline_bytes(kMaxInline);
  EKSA_ASSIGN_OR_RETURN(std::unique_ptr<AgentSession> agent,
                        env.deps.agents.Open(env.spec, env.ctx));
  EKSA_ASSIGN_OR_RETURN(
      v1::CollectSupportBundleResponse resp,
      agent->Call<v1::CollectSupportBundleResponse>(
          "CollectSupportBundle",
          [&](grpc::ClientContext* c, v1::CollectSupportBundleResponse* r, auto done) {
            agent->bootstrap().async()->CollectSupportBundle(c, &req, r, std::move(done));
          }));
  dag::TaskOutputs out{{"agent", agent->agent().id},
                       {"agent-bundle-path", resp.path()},
                       {"size-bytes", std::to_string(resp.size_bytes())},
                       {"collected", absl::StrJoin(resp.collected(), "; ")},
                       {"missing", absl::StrJoin(resp.missing(), "; ")}};
  if (!resp.bundle().empty()) {
    const std::string name =
        env.op.name() + "-support-bundle-" + env.ctx.operation_id() + ".tar.gz";
    EKSA_ASSIGN_OR_RETURN(out["bundle"], WriteArtifact(env, name, resp.bundle(), 0600));
  }
  return out;
}

}  // namespace eksa::planner::tasks
