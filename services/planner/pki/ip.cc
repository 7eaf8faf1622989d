#include "services/planner/pki/ip.h"

#include <arpa/inet.h>

#include <cstdint>
#include <string>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "libs/common/status_macros.h"

namespace eksa::planner::pki {

absl::StatusOr<std::uint32_t> ParseIpv4(std::string_view text) {
  const std::string copy(text);  // inet_pton needs a terminated string
  in_addr addr{};
  if (inet_pton(AF_INET, copy.c_str(), &addr) != 1) {
    return absl::InvalidArgumentError(absl::StrCat("\"", copy, "\" is not an IPv4 address"));
  }
  return ntohl(addr.s_addr);
}

std::string FormatIpv4(std::uint32_t address) {
  return absl::StrCat(address >> 24, ".", (address >> 16) & 0xff, ".", (address >> 8) & 0xff, ".",
                      address & 0xff);
}

bool IsIpAddress(std::string_view text) {
  const std::string copy(text);
  unsigned char buf[sizeof(in6_addr)];
  return inet_pton(AF_INET, copy.c_str(), buf) == 1 || inet_pton(AF_INET6, copy.c_str(), buf) == 1;
}

absl::StatusOr<std::string> NthAddressInCidr(std::string_view cidr, std::uint32_t n) {
  const std::size_t slash = cidr.find('/');
  int prefix = -1;
  if (slash == std::string_view::npos ||
      !absl::SimpleAtoi(absl::string_view(cidr.data() + slash + 1, cidr.size() - slash - 1),
                        &prefix) ||
      prefix < 0 || prefix > 32) {
    return absl::InvalidArgumentError(
        absl::StrCat("\"", std::string(cidr), "\" is not an IPv4 CIDR block"));
  }
  EKSA_ASSIGN_OR_RETURN(std::uint32_t base, ParseIpv4(cidr.substr(0, slash)));
  const std::uint64_t size = std::uint64_t{1} << (32 - prefix);
  if (n >= size) {
    return absl::InvalidArgumentError(
        absl::StrCat("CIDR block ", std::string(cidr), " has no address number ", n));
  }
  const std::uint32_t mask = prefix == 0 ? 0 : ~std::uint32_t{0} << (32 - prefix);
  return FormatIpv4((base & mask) + n);
}

}  // namespace eksa::planner::pki
