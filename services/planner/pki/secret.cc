#include "services/planner/pki/secret.h"

#include <openssl/crypto.h>

#include <string>
#include <utility>

namespace eksa::planner::pki {

// std::string's move leaves short (SSO) values in the source's inline buffer, so the source is
// wiped explicitly rather than trusting the move to take the bytes away.
Secret::Secret(Secret&& other) noexcept : value_(other.value_) { other.Wipe(); }

Secret& Secret::operator=(const Secret& other) {
  if (this != &other) {
    Wipe();
    value_ = other.value_;
  }
  return *this;
}

Secret& Secret::operator=(Secret&& other) noexcept {
  if (this != &other) {
    Wipe();
    value_ = other.value_;
    other.Wipe();
  }
  return *this;
}

Secret::~Secret() { Wipe(); }

void Secret::Wipe() {
  if (!value_.empty()) OPENSSL_cleanse(value_.data(), value_.size());
  value_.clear();
}

std::string Secret::DebugString() const {
  return "<redacted " + std::to_string(value_.size()) + " bytes>";
}

bool operator==(const Secret& a, const Secret& b) {
  return a.value_.size() == b.value_.size() &&
         CRYPTO_memcmp(a.value_.data(), b.value_.data(), a.value_.size()) == 0;
}

}  // namespace eksa::planner::pki
