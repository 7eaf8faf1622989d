// A fake GitOpsAgentService over an in-memory repository: checks pass (plus the script's extra
// checks; "Flux path" fails when the cluster's path exists), commits write files and return a
// sha, InstallFlux records its kubeconfig, RemoveClusterConfig deletes the path. WatchRepository
// streams nothing until the client cancels. The call log's subject is the cluster or path.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "eksa/gitops/v1/gitops_agent.grpc.pb.h"
#include "tests/fakes/agents/fake_agent.h"

namespace eksa::testing::fakes {

class FakeGitOpsAgent final : public FakeAgent,
                              public eksa::gitops::v1::GitOpsAgentService::Service {
 public:
  explicit FakeGitOpsAgent(std::string id) : FakeAgent(std::move(id), this) {}
  ~FakeGitOpsAgent() override { Kill(); }

  // Repository files by path.
  std::map<std::string, std::string> files();
  std::vector<std::string> flux_kubeconfigs();

  grpc::Status CheckAccess(grpc::ServerContext* ctx,
                           const eksa::gitops::v1::CheckAccessRequest* req,
                           eksa::gitops::v1::CheckAccessResponse* resp) override;
  grpc::Status EnsureRepository(grpc::ServerContext* ctx,
                                const eksa::gitops::v1::EnsureRepositoryRequest* req,
                                eksa::gitops::v1::EnsureRepositoryResponse* resp) override;
  grpc::Status CommitClusterConfig(grpc::ServerContext* ctx,
                                   const eksa::gitops::v1::CommitClusterConfigRequest* req,
                                   eksa::gitops::v1::CommitClusterConfigResponse* resp) override;
  grpc::Status InstallFlux(grpc::ServerContext* ctx,
                           const eksa::gitops::v1::InstallFluxRequest* req,
                           eksa::gitops::v1::InstallFluxResponse* resp) override;
  grpc::Status WatchRepository(grpc::ServerContext* ctx,
                               const eksa::gitops::v1::WatchRepositoryRequest* req,
                               grpc::ServerWriter<eksa::gitops::v1::SpecChange>* writer) override;
  grpc::Status RemoveClusterConfig(grpc::ServerContext* ctx,
                                   const eksa::gitops::v1::RemoveClusterConfigRequest* req,
                                   eksa::gitops::v1::RemoveClusterConfigResponse* resp) override;

 private:
  std::string HeadLocked() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  ResultCache results_;
  absl::Mutex mu_;
  std::map<std::string, std::string> files_ ABSL_GUARDED_BY(mu_);
  int commits_ ABSL_GUARDED_BY(mu_) = 0;
  std::vector<std::string> flux_kubeconfigs_ ABSL_GUARDED_BY(mu_);
};

}  // namespace eksa::testing::fakes
