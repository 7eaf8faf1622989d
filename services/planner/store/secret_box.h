// Authenticated encryption of the secrets the planner stores (kubeconfigs, "secret.*" outputs).
//
// AES-256-GCM (OpenSSL 3 EVP). A sealed value is
//   byte 0       version, 0x01
//   bytes 1..12  nonce, 96 random bits per value (RAND_bytes)
//   then         ciphertext, as long as the plaintext
//   last 16      GCM tag
// and authenticates `aad`, the identity of the record and column it belongs to
// ("cluster/<name>/kubeconfig"), so a ciphertext copied to another record does not open.
// Random 96-bit nonces keep the collision risk negligible below 2^32 values per key (NIST
// SP 800-38D §8.3); a store holds far fewer. The version byte leaves room for key rotation.
//
// The key is 32 bytes given as 64 hex digits or as base64 (standard or URL-safe alphabet,
// padding optional), from the planner's config or the environment variable EKSA_STORE_KEY.
// Error messages never contain key material, and the key text is registered with Redact().
//
// Copyable (the key is copied); the key bytes are wiped on destruction. Thread-safe.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace eksa::planner::store {

class SecretBox {
 public:
  static constexpr size_t kKeySize = 32;
  static constexpr size_t kNonceSize = 12;
  static constexpr size_t kTagSize = 16;
  static constexpr uint8_t kVersion = 1;
  static constexpr size_t kOverhead = 1 + kNonceSize + kTagSize;
  static constexpr const char* kKeyEnvVar = "EKSA_STORE_KEY";

  // Decodes a key (hex or base64, surrounding whitespace ignored). kInvalidArgument when it is not
  // exactly 32 bytes in either encoding.
  [[nodiscard]] static absl::StatusOr<SecretBox> FromKey(std::string_view encoded);

  // FromKey(getenv("EKSA_STORE_KEY")); kFailedPrecondition when the variable is unset or empty.
  [[nodiscard]] static absl::StatusOr<SecretBox> FromEnv();

  // A fresh random key, hex encoded (for setup scripts and tests).
  static std::string GenerateKey();

  SecretBox(const SecretBox&) = default;
  SecretBox& operator=(const SecretBox&) = default;
  ~SecretBox();

  // Encrypts `plaintext` bound to `aad`. kInternal only if OpenSSL fails.
  [[nodiscard]] absl::StatusOr<std::string> Seal(std::string_view plaintext,
                                                 std::string_view aad) const;

  // Decrypts a value made by Seal() with the same key and aad. kDataLoss when it does not
  // authenticate (wrong key, altered bytes, another record's value) or is malformed.
  [[nodiscard]] absl::StatusOr<std::string> Open(std::string_view sealed,
                                                 std::string_view aad) const;

 private:
  SecretBox() = default;
  std::array<uint8_t, kKeySize> key_{};
};

}  // namespace eksa::planner::store
