// The kind bootstrap cluster (bootstrap agent): bootstrap-cluster-init (CreateBootstrapCluster
// "<cluster>-eks-a-cluster" with the spec's registry mirror and proxy, namespace eksa-system),
// delete-bootstrap-cluster (DeleteBootstrapCluster), and collect-diagnostics. The node image is a
// placeholder for the versions bundle. collect-diagnostics only reports whether the bootstrap
// cluster is still there (GetBootstrapCluster): the support bundle needs an RPC the bootstrap
// agent does not have yet (README.md).
#include <string>

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
  v1::GetBootstrapClusterRequest req;
  req.set_cluster_name(KindClusterName(env.op.name()));
  EKSA_ASSIGN_OR_RETURN(std::unique_ptr<AgentSession> agent,
                        env.deps.agents.Open(env.spec, env.ctx));
  absl::StatusOr<v1::GetBootstrapClusterResponse> resp =
      agent->Call<v1::GetBootstrapClusterResponse>(
          "GetBootstrapCluster",
          [&](grpc::ClientContext* c, v1::GetBootstrapClusterResponse* r, auto done) {
            agent->bootstrap().async()->GetBootstrapCluster(c, &req, r, std::move(done));
          });
  if (!resp.ok() && resp.status().code() != absl::StatusCode::kNotFound) return resp.status();
  return dag::TaskOutputs{{"agent", agent->agent().id},
                          {"bootstrap-cluster", req.cluster_name()},
                          {"bootstrap-cluster-kept", resp.ok() ? "true" : "false"}};
}

}  // namespace eksa::planner::tasks
