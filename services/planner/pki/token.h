// kubeadm bootstrap tokens: "<id>.<secret>", id [a-z0-9]{6}, secret [a-z0-9]{16}.
//
// The id is public (it names the token's Secret in kube-system, `bootstrap-token-<id>`, and
// kubeadm prints it); the secret half is what authenticates, so the token travels as a Secret and
// only `id` may be logged.
#pragma once

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "services/planner/pki/secret.h"

namespace eksa::planner::pki {

struct BootstrapToken {
  std::string id;  // 6 characters of [a-z0-9]; safe to log
  Secret secret;   // 16 characters of [a-z0-9]

  // "<id>.<secret>", the form kubeadm's configuration and Bottlerocket's settings take.
  Secret Value() const;
};

// A fresh token from OpenSSL's CSPRNG, each character uniform over [a-z0-9] (rejection
// sampling, no modulo bias). kInternal if the random generator fails.
[[nodiscard]] absl::StatusOr<BootstrapToken> GenerateBootstrapToken();

// Splits and checks "<id>.<secret>" against kubeadm's format `^[a-z0-9]{6}\.[a-z0-9]{16}$`.
// kInvalidArgument otherwise; the message never contains the token.
[[nodiscard]] absl::StatusOr<BootstrapToken> ParseBootstrapToken(const Secret& token);

}  // namespace eksa::planner::pki
