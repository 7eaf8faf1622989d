// SHA-1 certificate thumbprints in vCenter's format ("AB:CD:...:EF", 20 bytes, colon-separated
// uppercase hex), as in EKS-A's VSphereDatacenterConfig.spec.thumbprint.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace eksa::vsphere::transport {

using Thumbprint = std::array<uint8_t, 20>;

// Parses "AB:CD:..." (20 colon-separated hex pairs, any case, surrounding whitespace ignored).
// kInvalidArgument for anything else, with a hint when it looks like a SHA-256 thumbprint.
[[nodiscard]] absl::StatusOr<Thumbprint> ParseThumbprint(std::string_view text);

// "AB:CD:..." (uppercase, colons).
std::string FormatThumbprint(const Thumbprint& thumbprint);

// The SHA-1 thumbprint of a DER-encoded certificate.
Thumbprint ThumbprintOfDer(std::string_view der);

// The SHA-1 thumbprint of the first certificate in a PEM text; kInvalidArgument if none parses.
[[nodiscard]] absl::StatusOr<Thumbprint> ThumbprintOfPem(std::string_view pem);

}  // namespace eksa::vsphere::transport
