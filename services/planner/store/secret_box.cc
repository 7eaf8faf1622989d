// AES-256-GCM sealing for the store's secrets (format in secret_box.h).
#include "services/planner/store/secret_box.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <cstdlib>
#include <memory>
#include <optional>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "libs/common/redact.h"

namespace eksa::planner::store {
namespace {

using CipherCtx = std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)>;

CipherCtx NewCtx() { return CipherCtx(EVP_CIPHER_CTX_new(), &EVP_CIPHER_CTX_free); }

// EVP lengths are ints; secrets are kilobytes.
constexpr size_t kMaxPlaintext = size_t{1} << 30;

const unsigned char* Bytes(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

std::optional<std::string> DecodeHex(std::string_view s) {
  if (s.size() % 2 != 0) return std::nullopt;
  std::string out;
  for (size_t i = 0; i < s.size(); i += 2) {
    int byte = 0;
    for (char c : s.substr(i, 2)) {
      int v = absl::ascii_isdigit(c)   ? c - '0'
              : (c >= 'a' && c <= 'f') ? c - 'a' + 10
              : (c >= 'A' && c <= 'F') ? c - 'A' + 10
                                       : -1;
      if (v < 0) return std::nullopt;
      byte = byte * 16 + v;
    }
    out.push_back(static_cast<char>(byte));
  }
  return out;
}

// The key bytes from hex, then standard base64, then URL-safe base64.
std::optional<std::string> DecodeKey(std::string_view text) {
  if (text.size() == 2 * SecretBox::kKeySize) return DecodeHex(text);
  absl::string_view a(text.data(), text.size());
  std::string out;
  if (absl::Base64Unescape(a, &out) || absl::WebSafeBase64Unescape(a, &out)) return out;
  return std::nullopt;
}

}  // namespace

absl::StatusOr<SecretBox> SecretBox::FromKey(std::string_view encoded) {
  absl::string_view trimmed =
      absl::StripAsciiWhitespace(absl::string_view(encoded.data(), encoded.size()));
  std::string_view text(trimmed.data(), trimmed.size());
  RegisterSecret(text);
  std::optional<std::string> raw = DecodeKey(text);
  if (!raw.has_value() || raw->size() != kKeySize) {
    if (raw.has_value()) OPENSSL_cleanse(raw->data(), raw->size());
    return absl::InvalidArgumentError(
        "the store key must be 32 bytes given as 64 hex digits or as base64");
  }
  SecretBox box;
  std::copy(raw->begin(), raw->end(), box.key_.begin());
  OPENSSL_cleanse(raw->data(), raw->size());
  return box;
}

absl::StatusOr<SecretBox> SecretBox::FromEnv() {
  const char* value = std::getenv(kKeyEnvVar);
  if (value == nullptr || *value == '\0') {
    return absl::FailedPreconditionError(
        "no store key: set EKSA_STORE_KEY or the planner's store key in its config");
  }
  absl::StatusOr<SecretBox> box = FromKey(value);
  if (!box.ok()) return absl::InvalidArgumentError("EKSA_STORE_KEY: " + box.status().ToString());
  return box;
}

std::string SecretBox::GenerateKey() {
  std::array<unsigned char, kKeySize> raw{};
  if (RAND_bytes(raw.data(), raw.size()) != 1) std::abort();  // no entropy: nothing is safe
  std::string hex = absl::BytesToHexString(
      absl::string_view(reinterpret_cast<const char*>(raw.data()), raw.size()));
  OPENSSL_cleanse(raw.data(), raw.size());
  return hex;
}

SecretBox::~SecretBox() { OPENSSL_cleanse(key_.data(), key_.size()); }

absl::StatusOr<std::string> SecretBox::Seal(std::string_view plaintext,
                                            std::string_view aad) const {
  if (plaintext.size() > kMaxPlaintext || aad.size() > kMaxPlaintext) {
    return absl::InvalidArgumentError("secret too large to seal");
  }
  std::string out(kOverhead + plaintext.size(), '\0');
  auto* p = reinterpret_cast<unsigned char*>(out.data());
  p[0] = kVersion;
  unsigned char* nonce = p + 1;
  unsigned char* body = nonce + kNonceSize;
  unsigned char* tag = body + plaintext.size();
  CipherCtx ctx = NewCtx();
  int len = 0;
  if (ctx == nullptr || RAND_bytes(nonce, kNonceSize) != 1 ||
      EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, key_.data(), nonce) != 1 ||
      EVP_EncryptUpdate(ctx.get(), nullptr, &len, Bytes(aad), static_cast<int>(aad.size())) != 1 ||
      EVP_EncryptUpdate(ctx.get(), body, &len, Bytes(plaintext),
                        static_cast<int>(plaintext.size())) != 1 ||
      EVP_EncryptFinal_ex(ctx.get(), body + len, &len) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, kTagSize, tag) != 1) {
    return absl::InternalError("sealing a secret failed in OpenSSL");
  }
  return out;
}

absl::StatusOr<std::string> SecretBox::Open(std::string_view sealed, std::string_view aad) const {
  if (sealed.size() > kMaxPlaintext + kOverhead || aad.size() > kMaxPlaintext ||
      sealed.size() < kOverhead || static_cast<uint8_t>(sealed[0]) != kVersion) {
    return absl::DataLossError("sealed secret is malformed or of an unknown version");
  }
  const unsigned char* nonce = Bytes(sealed) + 1;
  const unsigned char* body = nonce + kNonceSize;
  size_t body_size = sealed.size() - kOverhead;
  std::string plain(body_size, '\0');
  auto* out = reinterpret_cast<unsigned char*>(plain.data());
  // The tag parameter is not modified by a decrypting context; OpenSSL's API is not const.
  auto* tag = const_cast<unsigned char*>(body + body_size);
  CipherCtx ctx = NewCtx();
  int len = 0;
  bool ok =
      ctx != nullptr &&
      EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, key_.data(), nonce) == 1 &&
      EVP_DecryptUpdate(ctx.get(), nullptr, &len, Bytes(aad), static_cast<int>(aad.size())) == 1 &&
      EVP_DecryptUpdate(ctx.get(), out, &len, body, static_cast<int>(body_size)) == 1 &&
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, kTagSize, tag) == 1 &&
      EVP_DecryptFinal_ex(ctx.get(), out + len, &len) == 1;
  if (!ok) {
    OPENSSL_cleanse(plain.data(), plain.size());
    return absl::DataLossError(
        "sealed secret does not authenticate (wrong store key, altered data, or a value moved "
        "from another record)");
  }
  return plain;
}

}  // namespace eksa::planner::store
