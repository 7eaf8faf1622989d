#include "libs/spec/net.h"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace eksa::spec {

uint32_t Cidr::Last() const {
  if (prefix == 0) return 0xFFFFFFFFu;
  return base | (0xFFFFFFFFu >> prefix);
}

std::optional<uint32_t> ParseIpv4(std::string_view text) {
  uint32_t out = 0;
  for (int part = 0; part < 4; ++part) {
    size_t end = part < 3 ? text.find('.') : text.size();
    if (end == std::string_view::npos || end == 0 || end > 3) return std::nullopt;
    std::string_view octet = text.substr(0, end);
    if (octet.size() > 1 && octet[0] == '0') return std::nullopt;  // no octal ambiguity
    unsigned value = 0;
    auto [ptr, ec] = std::from_chars(octet.data(), octet.data() + octet.size(), value);
    if (ec != std::errc() || ptr != octet.data() + octet.size() || value > 255) {
      return std::nullopt;
    }
    out = (out << 8) | value;
    text.remove_prefix(part < 3 ? end + 1 : end);
  }
  return out;
}

std::optional<Cidr> ParseCidr(std::string_view text) {
  size_t slash = text.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  std::optional<uint32_t> ip = ParseIpv4(text.substr(0, slash));
  std::string_view bits = text.substr(slash + 1);
  int prefix = -1;
  auto [ptr, ec] = std::from_chars(bits.data(), bits.data() + bits.size(), prefix);
  if (!ip || bits.empty() || ec != std::errc() || ptr != bits.data() + bits.size() || prefix < 0 ||
      prefix > 32) {
    return std::nullopt;
  }
  uint32_t mask = prefix == 0 ? 0 : 0xFFFFFFFFu << (32 - prefix);
  return Cidr{.base = *ip & mask, .prefix = prefix, .host_bits_set = (*ip & ~mask) != 0};
}

bool Overlaps(const Cidr& a, const Cidr& b) {
  return a.First() <= b.Last() && b.First() <= a.Last();
}

bool Contains(const Cidr& c, uint32_t ip) { return c.First() <= ip && ip <= c.Last(); }

std::string FormatIpv4(uint32_t ip) {
  return std::to_string(ip >> 24) + "." + std::to_string((ip >> 16) & 0xFF) + "." +
         std::to_string((ip >> 8) & 0xFF) + "." + std::to_string(ip & 0xFF);
}

bool LooksLikeIpv6(std::string_view text) {
  // Every IPv6 address has at least two colons; one colon is host:port (e.g. 10.0.0.1:6443).
  if (std::count(text.begin(), text.end(), ':') < 2) return false;
  for (char c : text) {
    if (!std::isxdigit(static_cast<unsigned char>(c)) && c != ':' && c != '.' && c != '/') {
      return false;
    }
  }
  return true;
}

bool IsDnsName(std::string_view text) {
  if (text.empty() || text.size() > 253) return false;
  while (!text.empty()) {
    size_t dot = text.find('.');
    std::string_view label = text.substr(0, dot);
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') {
      return false;
    }
    for (char c : label) {
      if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-') return false;
    }
    if (dot == std::string_view::npos) break;
    text.remove_prefix(dot + 1);
    if (text.empty()) return false;
  }
  return true;
}

}  // namespace eksa::spec
