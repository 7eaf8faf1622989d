// write-cluster-artifacts and delete-cluster-artifacts (local): what `eksctl anywhere create
// cluster` leaves in ./<name>/: <name>-eks-a-cluster.kubeconfig (mode 0600: it holds the admin
// key) and <name>-eks-a-cluster.yaml (the cluster config, 0644), here under the planner's
// artifacts directory (GetArtifacts serves them to the CLI). Files are written to a temporary
// name and renamed, so a crash never leaves a partial kubeconfig.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <string>

#include "libs/common/status_macros.h"
#include "services/planner/tasks/cluster_values.h"
#include "services/planner/tasks/task_env.h"

namespace eksa::planner::tasks {
namespace {

namespace fs = std::filesystem;

absl::Status WriteFile(const fs::path& path, const std::string& content, mode_t mode) {
  const std::string tmp = path.string() + ".tmp";
  int fd = open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
  bool ok = fd >= 0 && fchmod(fd, mode) == 0;  // the umask must not widen or narrow it
  for (size_t done = 0; ok && done < content.size();) {
    ssize_t n = write(fd, content.data() + done, content.size() - done);
    ok = n > 0;
    if (ok) done += static_cast<size_t>(n);
  }
  ok = ok && fsync(fd) == 0;
  int err = errno;
  if (fd >= 0) close(fd);
  if (ok && rename(tmp.c_str(), path.c_str()) == 0) return absl::OkStatus();
  err = ok ? errno : err;
  unlink(tmp.c_str());
  return absl::UnavailableError("writing " + path.string() + ": " + std::strerror(err));
}

fs::path Dir(const TaskEnv& env) {
  return fs::path(env.deps.options.artifacts_dir) / env.op.name();
}

}  // namespace

absl::StatusOr<std::string> WriteArtifact(const TaskEnv& env, const std::string& name,
                                          const std::string& content, mode_t mode) {
  const fs::path dir = Dir(env);
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return absl::UnavailableError("creating " + dir.string() + ": " + ec.message());
  const fs::path path = dir / name;
  EKSA_RETURN_IF_ERROR(WriteFile(path, content, mode));
  return path.string();
}

absl::StatusOr<dag::TaskOutputs> WriteClusterArtifacts(TaskEnv& env) {
  EKSA_ASSIGN_OR_RETURN(std::string kubeconfig, WorkloadKubeconfig(env));
  const std::string stem = KindClusterName(env.op.name());
  EKSA_ASSIGN_OR_RETURN(std::string kubeconfig_path,
                        WriteArtifact(env, stem + ".kubeconfig", kubeconfig, 0600));
  EKSA_ASSIGN_OR_RETURN(std::string config_path,
                        WriteArtifact(env, stem + ".yaml", env.op.spec_yaml, 0644));
  return dag::TaskOutputs{{"kubeconfig-path", kubeconfig_path}, {"config-path", config_path}};
}

absl::StatusOr<dag::TaskOutputs> DeleteClusterArtifacts(TaskEnv& env) {
  const fs::path dir = Dir(env);
  int removed = 0;
  for (const char* suffix : {".kubeconfig", ".yaml"}) {
    std::error_code ec;
    if (fs::remove(dir / (KindClusterName(env.op.name()) + suffix), ec)) ++removed;
    if (ec)
      return absl::UnavailableError("removing artifacts in " + dir.string() + ": " + ec.message());
  }
  std::error_code ec;
  if (fs::is_directory(dir, ec) && fs::is_empty(dir, ec)) fs::remove(dir, ec);
  return dag::TaskOutputs{{"removed", std::to_string(removed)}, {"dir", dir.string()}};
}

}  // namespace eksa::planner::tasks
