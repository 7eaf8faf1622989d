// IPv4 addresses and CIDR blocks for network validations (overlap, containment).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace eksa::spec {

struct Cidr {
  uint32_t base = 0;           // network address, host bits cleared
  int prefix = 0;              // 0..32
  bool host_bits_set = false;  // "10.0.0.1/8": valid, but the host bits are ignored
  uint32_t First() const { return base; }
  uint32_t Last() const;
};

// Parses dotted-quad IPv4 ("192.168.31.3"); nullopt for anything else (IPv6 included).
std::optional<uint32_t> ParseIpv4(std::string_view text);
// Parses "a.b.c.d/n".
std::optional<Cidr> ParseCidr(std::string_view text);
bool Overlaps(const Cidr& a, const Cidr& b);
bool Contains(const Cidr& c, uint32_t ip);
std::string FormatIpv4(uint32_t ip);
// Whether `text` parses as an IPv6 address (for "IPv6 is not supported" messages).
bool LooksLikeIpv6(std::string_view text);
// RFC 1123 DNS name (labels of [a-z0-9-], 1..63, not starting or ending with '-'), total ≤ 253.
bool IsDnsName(std::string_view text);

}  // namespace eksa::spec
