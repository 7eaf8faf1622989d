#include "tests/fakes/agents/fake_bootstrap_agent.h"

#include <utility>

namespace eksa::testing::fakes {
namespace {

namespace v1 = eksa::bootstrap::v1;

int CountDocuments(const std::string& yaml) {
  int docs = 0;
  bool content = false;
  size_t start = 0;
  while (start <= yaml.size()) {
    size_t end = yaml.find('\n', start);
    std::string line =
        yaml.substr(start, end == std::string::npos ? std::string::npos : end - start);
    if (line.rfind("---", 0) == 0) {
      docs += content;
      content = false;
    } else if (!line.empty() && line[0] != '#') {
      content = true;
    }
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return docs + content;
}

}  // namespace

std::set<std::string> FakeBootstrapAgent::kind_clusters() {
  absl::MutexLock lock(&mu_);
  return kind_;
}

std::vector<AppliedManifests> FakeBootstrapAgent::applied() {
  absl::MutexLock lock(&mu_);
  return applied_;
}

std::vector<std::string> FakeBootstrapAgent::kubeconfigs() {
  absl::MutexLock lock(&mu_);
  return kubeconfigs_;
}

std::string FakeBootstrapAgent::SubjectOf(const v1::ClusterTarget& target) {
  return target.has_kubeconfig() ? "kubeconfig" : target.bootstrap_cluster();
}

grpc::Status FakeBootstrapAgent::Target(const v1::ClusterTarget& target, std::string* subject) {
  absl::MutexLock lock(&mu_);
  *subject = SubjectOf(target);
  if (target.has_kubeconfig()) {
    if (target.kubeconfig().empty()) {
      return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "empty kubeconfig");
    }
    kubeconfigs_.push_back(target.kubeconfig());
    return grpc::Status::OK;
  }
  if (!kind_.count(target.bootstrap_cluster())) {
    return grpc::Status(grpc::StatusCode::FAILED_PRECONDITION,
                        "no bootstrap cluster " + target.bootstrap_cluster());
  }
  return grpc::Status::OK;
}

grpc::Status FakeBootstrapAgent::CreateBootstrapCluster(
    grpc::ServerContext* ctx, const v1::CreateBootstrapClusterRequest* req,
    v1::CreateBootstrapClusterResponse* resp) {
  return Handle(ctx, "CreateBootstrapCluster", req->request_id(), req->cluster_name(), results_,
                resp, [&] {
                  absl::MutexLock lock(&mu_);
                  resp->set_created(kind_.insert(req->cluster_name()).second);
                  resp->mutable_cluster()->set_name(req->cluster_name());
                  resp->mutable_cluster()->set_node_image(req->node_image());
                  resp->mutable_cluster()->set_api_server_url("https://127.0.0.1:6443");
                  return grpc::Status::OK;
                });
}

grpc::Status FakeBootstrapAgent::InstallProviders(grpc::ServerContext* ctx,
                                                  const v1::InstallProvidersRequest* req,
                                                  v1::InstallProvidersResponse* resp) {
  return Handle(ctx, "InstallProviders", req->request_id(), SubjectOf(req->target()), results_,
                resp, [&] {
                  std::string subject;
                  if (grpc::Status s = Target(req->target(), &subject); !s.ok()) return s;
                  auto add = [&](const char* type, const v1::Provider& p) {
                    v1::InstalledProvider* out = resp->add_providers();
                    out->set_type(type);
                    out->set_name(p.name());
                    out->set_version(p.version());
                  };
                  add("CoreProvider", req->core());
                  for (const auto& p : req->bootstrap()) add("BootstrapProvider", p);
                  for (const auto& p : req->control_plane()) add("ControlPlaneProvider", p);
                  for (const auto& p : req->infrastructure()) add("InfrastructureProvider", p);
                  return grpc::Status::OK;
                });
}

grpc::Status FakeBootstrapAgent::ApplyManifests(grpc::ServerContext* ctx,
                                                const v1::ApplyManifestsRequest* req,
                                                v1::ApplyManifestsResponse* resp) {
  return Handle(ctx, "ApplyManifests", req->request_id(), SubjectOf(req->target()), results_, resp,
                [&] {
                  std::string subject;
                  if (grpc::Status s = Target(req->target(), &subject); !s.ok()) return s;
                  for (int i = CountDocuments(req->manifests()); i > 0; --i) resp->add_applied();
                  absl::MutexLock lock(&mu_);
                  applied_.push_back({.target = subject,
                                      .kubeconfig = req->target().kubeconfig(),
                                      .manifests = req->manifests(),
                                      .request_id = req->request_id()});
                  return grpc::Status::OK;
                });
}

grpc::Status FakeBootstrapAgent::WaitFor(grpc::ServerContext* ctx, const v1::WaitForRequest* req,
                                         v1::WaitForResponse* resp) {
  return Handle(ctx, "WaitFor", "", req->resource().kind() + "/" + req->resource().name(), results_,
                resp, [&] {
                  std::string subject;
                  if (grpc::Status s = Target(req->target(), &subject); !s.ok()) return s;
                  *resp->add_matched() = req->resource();
                  return grpc::Status::OK;
                });
}

grpc::Status FakeBootstrapAgent::MoveManagement(grpc::ServerContext* ctx,
                                                const v1::MoveManagementRequest* req,
                                                v1::MoveManagementResponse* resp) {
  return Handle(ctx, "MoveManagement", req->request_id(), SubjectOf(req->from_cluster()), results_,
                resp, [&] {
                  std::string from, to;
                  if (grpc::Status s = Target(req->from_cluster(), &from); !s.ok()) return s;
                  if (grpc::Status s = Target(req->to_cluster(), &to); !s.ok()) return s;
                  resp->set_moved_objects(12);
                  return grpc::Status::OK;
                });
}

grpc::Status FakeBootstrapAgent::DeleteBootstrapCluster(
    grpc::ServerContext* ctx, const v1::DeleteBootstrapClusterRequest* req,
    v1::DeleteBootstrapClusterResponse* resp) {
  return Handle(ctx, "DeleteBootstrapCluster", req->request_id(), req->cluster_name(), results_,
                resp, [&] {
                  absl::MutexLock lock(&mu_);
                  resp->set_existed(kind_.erase(req->cluster_name()) > 0);
                  return grpc::Status::OK;
                });
}

grpc::Status FakeBootstrapAgent::GetBootstrapCluster(grpc::ServerContext* ctx,
                                                     const v1::GetBootstrapClusterRequest* req,
                                                     v1::GetBootstrapClusterResponse* resp) {
  return Handle(ctx, "GetBootstrapCluster", "", req->cluster_name(), results_, resp, [&] {
    absl::MutexLock lock(&mu_);
    if (!kind_.count(req->cluster_name())) {
      return grpc::Status(grpc::StatusCode::NOT_FOUND,
                          "no bootstrap cluster " + req->cluster_name());
    }
    resp->mutable_cluster()->set_name(req->cluster_name());
    return grpc::Status::OK;
  });
}

std::vector<DrainedNode> FakeBootstrapAgent::drained() {
  absl::MutexLock lock(&mu_);
  return drained_;
}

grpc::Status FakeBootstrapAgent::DrainNode(grpc::ServerContext* ctx,
                                           const v1::DrainNodeRequest* req,
                                           v1::DrainNodeResponse* resp) {
  return Handle(ctx, "DrainNode", req->request_id(), req->node_name(), results_, resp, [&] {
    std::string subject;
    if (grpc::Status s = Target(req->target(), &subject); !s.ok()) return s;
    absl::MutexLock lock(&mu_);
    resp->set_existed(!deleted_nodes_.count(req->node_name()));
    if (req->delete_node()) deleted_nodes_.insert(req->node_name());
    drained_.push_back({req->node_name(), req->delete_node(), req->request_id()});
    return grpc::Status::OK;
  });
}

grpc::Status FakeBootstrapAgent::CollectSupportBundle(grpc::ServerContext* ctx,
                                                      const v1::CollectSupportBundleRequest* req,
                                                      v1::CollectSupportBundleResponse* resp) {
  return Handle(
      ctx, "CollectSupportBundle", req->request_id(), req->bootstrap_cluster_name(), results_, resp,
      [&] {
        const std::string bundle = "support bundle: " + req->bootstrap_cluster_name();
        resp->set_path("/var/lib/eksa/bundles/" + req->bootstrap_cluster_name() + ".tar.gz");
        resp->set_size_bytes(static_cast<int64_t>(bundle.size()));
        if (static_cast<int64_t>(bundle.size()) <= req->max_inline_bytes()) {
          resp->set_bundle(bundle);
        }
        absl::MutexLock lock(&mu_);
        if (kind_.count(req->bootstrap_cluster_name())) {
          resp->add_collected("bootstrap: objects, events, pod logs");
        } else {
          resp->add_missing("bootstrap cluster " + req->bootstrap_cluster_name());
        }
        if (req->has_workload()) resp->add_collected("workload: objects, events");
        return grpc::Status::OK;
      });
}

}  // namespace eksa::testing::fakes
