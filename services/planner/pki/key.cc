#include "services/planner/pki/key.h"

#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <string>

#include "services/planner/pki/openssl_util.h"

namespace eksa::planner::pki {
namespace {

using internal::OpenSslError;

// A passphrase callback that supplies none, so OpenSSL fails on an encrypted key instead of
// prompting on the terminal (its behaviour when the callback is null).
int NoPassphrase(char* /*buf*/, int /*size*/, int /*rwflag*/, void* /*u*/) { return 0; }

bool IsSupported(EVP_PKEY* key) {
  switch (EVP_PKEY_get_base_id(key)) {
    case EVP_PKEY_RSA:
      return EVP_PKEY_get_bits(key) >= 2048;
    case EVP_PKEY_EC: {
      char group[64] = {};
      size_t len = 0;
      return EVP_PKEY_get_group_name(key, group, sizeof(group), &len) == 1 &&
             std::string_view(group, len) == "prime256v1";
    }
    default:
      return false;
  }
}

}  // namespace

std::string_view KeyAlgorithmName(KeyAlgorithm algorithm) {
  switch (algorithm) {
    case KeyAlgorithm::kRsa2048:
      return "rsa-2048";
    case KeyAlgorithm::kEcdsaP256:
      return "ecdsa-p256";
  }
  return "unknown";
}

PrivateKey::PrivateKey(EVP_PKEY* key) : key_(key, EVP_PKEY_free) {}

KeyAlgorithm PrivateKey::algorithm() const {
  return EVP_PKEY_get_base_id(key_.get()) == EVP_PKEY_EC ? KeyAlgorithm::kEcdsaP256
                                                         : KeyAlgorithm::kRsa2048;
}

absl::StatusOr<PrivateKey> GenerateKey(KeyAlgorithm algorithm) {
  EVP_PKEY* key = algorithm == KeyAlgorithm::kRsa2048 ? EVP_RSA_gen(2048) : EVP_EC_gen("P-256");
  if (key == nullptr) {
    return OpenSslError(
        absl::StatusCode::kInternal,
        std::string("generating ") + std::string(KeyAlgorithmName(algorithm)) + " key");
  }
  return PrivateKey(key);
}

absl::StatusOr<Secret> EncodePrivateKeyPem(const PrivateKey& key) {
  internal::BioPtr bio = internal::SecretWriteBio();
  if (bio == nullptr || PEM_write_bio_PrivateKey_traditional(bio.get(), key.get(), nullptr, nullptr,
                                                             0, nullptr, nullptr) != 1) {
    return OpenSslError(absl::StatusCode::kInternal, "encoding private key");
  }
  return Secret(internal::BioContents(bio.get()));
}

absl::StatusOr<PrivateKey> ParsePrivateKeyPem(const Secret& pem) {
  internal::BioPtr bio = internal::ReadBio(pem.Reveal());
  EVP_PKEY* key =
      bio == nullptr ? nullptr : PEM_read_bio_PrivateKey(bio.get(), nullptr, NoPassphrase, nullptr);
  if (key == nullptr) {
    return OpenSslError(absl::StatusCode::kInvalidArgument, "parsing private key PEM");
  }
  PrivateKey parsed(key);
  if (!IsSupported(key)) {
    return absl::InvalidArgumentError(
        "parsing private key PEM: only RSA (2048 bits or more) and EC P-256 keys are supported");
  }
  return parsed;
}

absl::StatusOr<std::string> EncodePublicKeyPem(const PrivateKey& key) {
  internal::BioPtr bio = internal::WriteBio();
  if (bio == nullptr || PEM_write_bio_PUBKEY(bio.get(), key.get()) != 1) {
    return OpenSslError(absl::StatusCode::kInternal, "encoding public key");
  }
  return internal::BioContents(bio.get());
}

}  // namespace eksa::planner::pki
