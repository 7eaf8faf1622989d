#include "services/planner/operations/options.h"

#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace eksa::planner::operations {

std::string OperationOptions::Serialize() const {
  auto line = [](const char* key, const std::string& value) {
    return std::string(key) + "=" + value + "\n";
  };
  return line("skip-ip-check", create.skip_ip_check ? "true" : "false") +
         line("control-plane-wait", absl::FormatDuration(create.control_plane_wait)) +
         line("external-etcd-wait", absl::FormatDuration(create.external_etcd_wait)) +
         line("per-machine-wait", absl::FormatDuration(create.per_machine_wait)) +
         line("commit-spec", commit_spec ? "true" : "false") +
         line("dry-run", dry_run ? "true" : "false");
}

absl::StatusOr<OperationOptions> OperationOptions::Parse(std::string_view text) {
  OperationOptions out;
  for (absl::string_view line :
       absl::StrSplit(absl::string_view(text.data(), text.size()), '\n', absl::SkipEmpty())) {
    std::pair<absl::string_view, absl::string_view> kv =
        absl::StrSplit(line, absl::MaxSplits('=', 1));
    auto duration = [&](absl::Duration* d) { return absl::ParseDuration(kv.second, d); };
    bool ok = true;
    if (kv.first == "skip-ip-check") {
      out.create.skip_ip_check = kv.second == "true";
    } else if (kv.first == "control-plane-wait") {
      ok = duration(&out.create.control_plane_wait);
    } else if (kv.first == "external-etcd-wait") {
      ok = duration(&out.create.external_etcd_wait);
    } else if (kv.first == "per-machine-wait") {
      ok = duration(&out.create.per_machine_wait);
    } else if (kv.first == "commit-spec") {
      out.commit_spec = kv.second == "true";
    } else if (kv.first == "dry-run") {
      out.dry_run = kv.second == "true";
    } else {
      ok = false;
    }
    if (!ok) {
      return absl::DataLossError("reading stored operation options: cannot read \"" +
                                 std::string(line) + "\"");
    }
  }
  return out;
}

}  // namespace eksa::planner::operations
