#include "tests/fakes/agents/fake_gitops_agent.h"

#include <cstdio>

namespace eksa::testing::fakes {
namespace {

namespace v1 = eksa::gitops::v1;

std::string PathOf(const std::string& path, const std::string& cluster) {
  return path.empty() ? "clusters/" + cluster : path;
}

}  // namespace

std::map<std::string, std::string> FakeGitOpsAgent::files() {
  absl::MutexLock lock(&mu_);
  return files_;
}

std::vector<std::string> FakeGitOpsAgent::flux_kubeconfigs() {
  absl::MutexLock lock(&mu_);
  return flux_kubeconfigs_;
}

std::string FakeGitOpsAgent::HeadLocked() const {
  char sha[41];
  std::snprintf(sha, sizeof sha, "%040d", commits_);
  return sha;
}

grpc::Status FakeGitOpsAgent::CheckAccess(grpc::ServerContext* ctx,
                                          const v1::CheckAccessRequest* req,
                                          v1::CheckAccessResponse* resp) {
  return Handle(ctx, "CheckAccess", "", req->cluster_config_path(), results_, resp, [&] {
    absl::MutexLock lock(&mu_);
    bool taken = false;
    for (const auto& [path, content] : files_) {
      taken = taken || path.rfind(req->cluster_config_path() + "/", 0) == 0;
    }
    auto* c = resp->add_checks();
    c->set_name("Flux path");
    c->set_passed(!taken);
    if (taken) {
      c->set_message("path " + req->cluster_config_path() + " already exists");
      c->set_remediation("pick another clusterConfigPath or remove the path from the repository");
    }
    for (auto& extra : script().ExtraChecks("CheckAccess")) *resp->add_checks() = std::move(extra);
    resp->set_repository_exists(true);
    resp->set_path_exists(taken);
    resp->set_default_branch("main");
    return grpc::Status::OK;
  });
}

grpc::Status FakeGitOpsAgent::EnsureRepository(grpc::ServerContext* ctx,
                                               const v1::EnsureRepositoryRequest* req,
                                               v1::EnsureRepositoryResponse* resp) {
  return Handle(ctx, "EnsureRepository", req->request_id(), "", results_, resp, [&] {
    resp->set_default_branch("main");
    return grpc::Status::OK;
  });
}

grpc::Status FakeGitOpsAgent::CommitClusterConfig(grpc::ServerContext* ctx,
                                                  const v1::CommitClusterConfigRequest* req,
                                                  v1::CommitClusterConfigResponse* resp) {
  return Handle(ctx, "CommitClusterConfig", req->request_id(), req->cluster_name(), results_, resp,
                [&] {
                  const std::string dir =
                      PathOf(req->cluster_config_path(), req->cluster_name()) + "/eksa-system/";
                  absl::MutexLock lock(&mu_);
                  std::string& config = files_[dir + "eksa-cluster.yaml"];
                  resp->set_changed(config != req->cluster_config_yaml());
                  config = req->cluster_config_yaml();
                  files_[dir + "kustomization.yaml"] = req->kustomization_yaml().empty()
                                                           ? "resources:\n- eksa-cluster.yaml\n"
                                                           : req->kustomization_yaml();
                  if (resp->changed()) ++commits_;
                  resp->set_commit_sha(HeadLocked());
                  resp->add_paths(dir + "eksa-cluster.yaml");
                  resp->add_paths(dir + "kustomization.yaml");
                  return grpc::Status::OK;
                });
}

grpc::Status FakeGitOpsAgent::InstallFlux(grpc::ServerContext* ctx,
                                          const v1::InstallFluxRequest* req,
                                          v1::InstallFluxResponse* resp) {
  return Handle(ctx, "InstallFlux", req->request_id(), req->path(), results_, resp, [&] {
    if (req->kubeconfig().empty()) {
      return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "kubeconfig is required");
    }
    absl::MutexLock lock(&mu_);
    flux_kubeconfigs_.push_back(req->kubeconfig());
    files_[req->path() + "/flux-system/gotk-components.yaml"] = "# flux\n";
    ++commits_;
    resp->set_commit_sha(HeadLocked());
    return grpc::Status::OK;
  });
}

grpc::Status FakeGitOpsAgent::WatchRepository(grpc::ServerContext* ctx,
                                              const v1::WatchRepositoryRequest* req,
                                              grpc::ServerWriter<v1::SpecChange>* writer) {
  script().Enter("WatchRepository", "", req->path());
  while (!ctx->IsCancelled() && !killed()) absl::SleepFor(absl::Milliseconds(10));
  return grpc::Status(grpc::StatusCode::CANCELLED, "watch ended");
}

grpc::Status FakeGitOpsAgent::RemoveClusterConfig(grpc::ServerContext* ctx,
                                                  const v1::RemoveClusterConfigRequest* req,
                                                  v1::RemoveClusterConfigResponse* resp) {
  return Handle(
      ctx, "RemoveClusterConfig", req->request_id(), req->cluster_name(), results_, resp, [&] {
        const std::string dir = PathOf(req->cluster_config_path(), req->cluster_name()) + "/";
        absl::MutexLock lock(&mu_);
        bool existed = false;
        for (auto it = files_.begin(); it != files_.end();) {
          if (it->first.rfind(dir, 0) == 0) {
            it = files_.erase(it);
            existed = true;
          } else {
            ++it;
          }
        }
        if (existed) ++commits_;
        resp->set_existed(existed);
        resp->set_commit_sha(HeadLocked());
        return grpc::Status::OK;
      });
}

}  // namespace eksa::testing::fakes
