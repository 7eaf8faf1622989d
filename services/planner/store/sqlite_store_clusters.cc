// Cluster records and their machines in the SQLite store.
#include <string>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "libs/common/status_macros.h"
#include "services/planner/store/rows.h"
#include "services/planner/store/sqlite_store_impl.h"

namespace eksa::planner::store::internal {
absl::Status SqliteStore::PutCluster(const ClusterRecord& cluster) {
  if (cluster.name.empty()) return absl::InvalidArgumentError("a cluster record needs a name");
  std::optional<std::string> sealed;  // NULL when there is no kubeconfig yet
  if (!cluster.kubeconfig.empty()) {
    EKSA_ASSIGN_OR_RETURN(sealed, box_.Seal(cluster.kubeconfig, KubeconfigAad(cluster.name)));
  }
  absl::MutexLock lock(&mu_);
  EKSA_ASSIGN_OR_RETURN(Transaction txn, Transaction::Begin(*db_));
  EKSA_ASSIGN_OR_RETURN(
      Statement upsert,
      db_->Query("INSERT INTO clusters (name, spec_yaml, kubeconfig, updated_us) "
                 "VALUES (?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET "
                 "spec_yaml = excluded.spec_yaml, kubeconfig = excluded.kubeconfig, "
                 "updated_us = excluded.updated_us",
                 cluster.name, cluster.spec_yaml));
  if (sealed.has_value()) {
    upsert.Bind(Blob{*sealed});
  } else {
    upsert.Bind(std::nullopt);
  }
  upsert.Bind(NowMicros());
  EKSA_RETURN_IF_ERROR(upsert.Run());
  EKSA_RETURN_IF_ERROR(
      db_->Exec("DELETE FROM cluster_machines WHERE cluster_name = ?", cluster.name).status());
  int64_t position = 0;
  for (const MachineRecord& m : cluster.machines) {
    EKSA_RETURN_IF_ERROR(
        db_->Exec("INSERT INTO cluster_machines (cluster_name, name, position, role, node_group, "
                  "vm_path, moref, ip) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                  cluster.name, m.name, position++, Name(m.role), m.node_group, m.vm_path, m.moref,
                  m.ip)
            .status());
  }
  return txn.Commit();
}

absl::StatusOr<ClusterRecord> SqliteStore::GetCluster(std::string_view name) {
  absl::MutexLock lock(&mu_);
  EKSA_ASSIGN_OR_RETURN(std::vector<ClusterRecord> clusters, SelectClusters(name));
  if (clusters.empty()) return absl::NotFoundError(absl::StrCat("cluster ", AbslView(name)));
  return std::move(clusters.front());
}

absl::Status SqliteStore::DeleteCluster(std::string_view name) {
  absl::MutexLock lock(&mu_);
  // Machines go with it (ON DELETE CASCADE).
  EKSA_ASSIGN_OR_RETURN(int changed, db_->Exec("DELETE FROM clusters WHERE name = ?", name));
  if (changed == 0) return absl::NotFoundError(absl::StrCat("cluster ", AbslView(name)));
  return absl::OkStatus();
}

absl::StatusOr<std::vector<ClusterRecord>> SqliteStore::ListClusters() {
  absl::MutexLock lock(&mu_);
  return SelectClusters(std::nullopt);
}

absl::StatusOr<std::vector<ClusterRecord>> SqliteStore::SelectClusters(
    std::optional<std::string_view> name) {
  // Both reads in one transaction, so machines match the clusters they are listed under.
  EKSA_ASSIGN_OR_RETURN(Transaction txn, Transaction::BeginRead(*db_));
  const std::string filter = name.has_value() ? "?" : "name";
  EKSA_ASSIGN_OR_RETURN(
      Statement q, db_->Query(absl::StrCat("SELECT name, spec_yaml, kubeconfig, updated_us FROM "
                                           "clusters WHERE name = ",
                                           filter, " ORDER BY name")));
  EKSA_ASSIGN_OR_RETURN(
      Statement mq,
      db_->Query(absl::StrCat("SELECT ", AbslView(kMachineColumns),
                              " FROM cluster_machines WHERE cluster_name = ",
                              name.has_value() ? "?" : "cluster_name", " ORDER BY position")));
  if (name.has_value()) {
    q.Bind(*name);
    mq.Bind(*name);
  }
  std::vector<ClusterRecord> out;
  absl::flat_hash_map<std::string, size_t> index;
  while (true) {
    EKSA_ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) break;
    ClusterRecord c;
    c.name = q.Text(0);
    c.spec_yaml = q.Text(1);
    if (!q.IsNull(2)) {
      EKSA_ASSIGN_OR_RETURN(c.kubeconfig, box_.Open(q.Text(2), KubeconfigAad(c.name)));
    }
    c.updated = absl::FromUnixMicros(q.Int(3));
    index[c.name] = out.size();
    out.push_back(std::move(c));
  }
  while (true) {
    EKSA_ASSIGN_OR_RETURN(bool row, mq.Step());
    if (!row) break;
    auto it = index.find(mq.Text(0));
    if (it == index.end()) continue;  // foreign keys make this impossible
    EKSA_ASSIGN_OR_RETURN(MachineRecord m, ReadMachine(mq));
    out[it->second].machines.push_back(std::move(m));
  }
  EKSA_RETURN_IF_ERROR(txn.Commit());
  return out;
}

}  // namespace eksa::planner::store::internal
