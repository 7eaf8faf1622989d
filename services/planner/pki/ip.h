// IPv4 helpers for the addresses the PKI and the userdata derive from the cluster spec: the
// kubernetes service IP (first address of the service CIDR, 10.96.0.1) and the cluster DNS IP
// (tenth address, 10.96.0.10), as kubeadm computes them.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace eksa::planner::pki {

// Parses dotted-quad IPv4 text ("10.96.0.1"). kInvalidArgument otherwise.
[[nodiscard]] absl::StatusOr<std::uint32_t> ParseIpv4(std::string_view text);

// Dotted-quad text of `address`.
std::string FormatIpv4(std::uint32_t address);

// Whether `text` is an IPv4 or IPv6 address.
bool IsIpAddress(std::string_view text);

// The `n`th address of an IPv4 CIDR block ("10.96.0.0/12", 1 → "10.96.0.1"). Host bits set in
// the block's address are ignored, as Go's net.ParseCIDR does. kInvalidArgument for a malformed
// or IPv6 block, or when the block has no `n`th address.
[[nodiscard]] absl::StatusOr<std::string> NthAddressInCidr(std::string_view cidr, std::uint32_t n);

}  // namespace eksa::planner::pki
