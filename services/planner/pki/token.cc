#include "services/planner/pki/token.h"

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include <array>
#include <string>

#include "libs/common/status_macros.h"

namespace eksa::planner::pki {
namespace {

constexpr std::string_view kAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
constexpr std::size_t kIdLength = 6;
constexpr std::size_t kSecretLength = 16;
// 252 is the largest multiple of 36 not above 256: bytes at or above it are dropped, so every
// character is equally likely.
constexpr unsigned kRejectFrom = 256 - 256 % kAlphabet.size();

absl::StatusOr<std::string> RandomString(std::size_t length) {
  std::string out;
  out.reserve(length);
  std::array<unsigned char, 32> buf;
  while (out.size() < length) {
    if (RAND_bytes(buf.data(), static_cast<int>(buf.size())) != 1) {
      return absl::InternalError("generating bootstrap token: random generator failed");
    }
    for (unsigned char b : buf) {
      if (b >= kRejectFrom) continue;
      out.push_back(kAlphabet[b % kAlphabet.size()]);
      if (out.size() == length) break;
    }
  }
  OPENSSL_cleanse(buf.data(), buf.size());
  return out;
}

bool IsTokenPart(std::string_view s, std::size_t length) {
  if (s.size() != length) return false;
  for (char c : s) {
    if (kAlphabet.find(c) == std::string_view::npos) return false;
  }
  return true;
}

}  // namespace

Secret BootstrapToken::Value() const { return Secret(id + "." + secret.Reveal()); }

absl::StatusOr<BootstrapToken> GenerateBootstrapToken() {
  EKSA_ASSIGN_OR_RETURN(std::string id, RandomString(kIdLength));
  EKSA_ASSIGN_OR_RETURN(std::string secret, RandomString(kSecretLength));
  return BootstrapToken{.id = std::move(id), .secret = Secret(std::move(secret))};
}

absl::StatusOr<BootstrapToken> ParseBootstrapToken(const Secret& token) {
  const std::string& value = token.Reveal();
  const std::size_t dot = value.find('.');
  if (dot == std::string::npos || !IsTokenPart(std::string_view(value).substr(0, dot), kIdLength) ||
      !IsTokenPart(std::string_view(value).substr(dot + 1), kSecretLength)) {
    return absl::InvalidArgumentError("bootstrap token does not match [a-z0-9]{6}.[a-z0-9]{16}");
  }
  return BootstrapToken{.id = value.substr(0, dot), .secret = Secret(value.substr(dot + 1))};
}

}  // namespace eksa::planner::pki
