// A fake BootstrapAgentService: kind clusters as names, providers, applies and moves recorded,
// waits met at once (or after the script's latency). The call log's subject is the kind cluster
// name, or "kubeconfig" for a call aimed at another cluster by kubeconfig.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "eksa/bootstrap/v1/bootstrap_agent.grpc.pb.h"
#include "tests/fakes/agents/fake_agent.h"

namespace eksa::testing::fakes {

// One ApplyManifests as received.
struct AppliedManifests {
  std::string target;      // kind cluster name, or "kubeconfig"
  std::string kubeconfig;  // when aimed by kubeconfig
  std::string manifests;
  std::string request_id;
};

// One DrainNode as received.
struct DrainedNode {
  std::string node;
  bool deleted = false;  // delete_node: the Node object was deleted, not drained
  std::string request_id;
};

class FakeBootstrapAgent final : public FakeAgent,
                                 public eksa::bootstrap::v1::BootstrapAgentService::Service {
 public:
  explicit FakeBootstrapAgent(std::string id) : FakeAgent(std::move(id), this) {}
  ~FakeBootstrapAgent() override { Kill(); }

  std::set<std::string> kind_clusters();
  std::vector<AppliedManifests> applied();
  std::vector<DrainedNode> drained();
  // Kubeconfigs of every call aimed at a cluster by kubeconfig, in call order.
  std::vector<std::string> kubeconfigs();

  grpc::Status CreateBootstrapCluster(
      grpc::ServerContext* ctx, const eksa::bootstrap::v1::CreateBootstrapClusterRequest* req,
      eksa::bootstrap::v1::CreateBootstrapClusterResponse* resp) override;
  grpc::Status InstallProviders(grpc::ServerContext* ctx,
                                const eksa::bootstrap::v1::InstallProvidersRequest* req,
                                eksa::bootstrap::v1::InstallProvidersResponse* resp) override;
  grpc::Status ApplyManifests(grpc::ServerContext* ctx,
                              const eksa::bootstrap::v1::ApplyManifestsRequest* req,
                              eksa::bootstrap::v1::ApplyManifestsResponse* resp) override;
  grpc::Status WaitFor(grpc::ServerContext* ctx, const eksa::bootstrap::v1::WaitForRequest* req,
                       eksa::bootstrap::v1::WaitForResponse* resp) override;
  grpc::Status MoveManagement(grpc::ServerContext* ctx,
                              const eksa::bootstrap::v1::MoveManagementRequest* req,
                              eksa::bootstrap::v1::MoveManagementResponse* resp) override;
  grpc::Status DeleteBootstrapCluster(
      grpc::ServerContext* ctx, const eksa::bootstrap::v1::DeleteBootstrapClusterRequest* req,
      eksa::bootstrap::v1::DeleteBootstrapClusterResponse* resp) override;
  grpc::Status GetBootstrapCluster(grpc::ServerContext* ctx,
                                   const eksa::bootstrap::v1::GetBootstrapClusterRequest* req,
                                   eksa::bootstrap::v1::GetBootstrapClusterResponse* resp) override;
  // Every node exists until deleted (existed=false after a delete_node of it).
  grpc::Status DrainNode(grpc::ServerContext* ctx, const eksa::bootstrap::v1::DrainNodeRequest* req,
                         eksa::bootstrap::v1::DrainNodeResponse* resp) override;
  // The bundle is the text "support bundle: <bootstrap cluster>", inline when it fits; the
  // bootstrap cluster is "missing" when this agent has no kind cluster of that name.
  grpc::Status CollectSupportBundle(
      grpc::ServerContext* ctx, const eksa::bootstrap::v1::CollectSupportBundleRequest* req,
      eksa::bootstrap::v1::CollectSupportBundleResponse* resp) override;

 private:
  // The target's subject for the log, recording its kubeconfig; FAILED_PRECONDITION for an
  // unknown kind cluster.
  grpc::Status Target(const eksa::bootstrap::v1::ClusterTarget& target, std::string* subject);
  std::string SubjectOf(const eksa::bootstrap::v1::ClusterTarget& target);

  ResultCache results_;
  absl::Mutex mu_;
  std::set<std::string> kind_ ABSL_GUARDED_BY(mu_);
  std::vector<AppliedManifests> applied_ ABSL_GUARDED_BY(mu_);
  std::vector<std::string> kubeconfigs_ ABSL_GUARDED_BY(mu_);
  std::vector<DrainedNode> drained_ ABSL_GUARDED_BY(mu_);
  std::set<std::string> deleted_nodes_ ABSL_GUARDED_BY(mu_);
};

}  // namespace eksa::testing::fakes
