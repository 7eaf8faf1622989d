// SHA-256 of a file on the agent's host, for EnsureTemplateRequest.ova_sha256.
#pragma once

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace eksa::vsphere_agent::backend {

// Lowercase hex SHA-256 of the file at `path`, read in 1 MiB blocks. kNotFound when it cannot
// be opened; kUnavailable on a read error.
[[nodiscard]] absl::StatusOr<std::string> FileSha256(const std::string& path);

// OK when the file's SHA-256 equals `expected` (hex, any case); kDataLoss naming both
// otherwise ("sha256 of /x.ova is ab…, expected cd…").
[[nodiscard]] absl::Status VerifyFileSha256(const std::string& path, const std::string& expected);

}  // namespace eksa::vsphere_agent::backend
