// Internal helpers for the pki library's OpenSSL calls: owning pointers, memory BIOs and turning
// the OpenSSL error queue into an absl::Status. Not part of the public API.
#pragma once

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "services/planner/pki/secret.h"

namespace eksa::planner::pki::internal {

template <auto Free>
struct Deleter {
  template <typename T>
  void operator()(T* p) const {
    Free(p);
  }
};

using BioPtr = std::unique_ptr<BIO, Deleter<BIO_free_all>>;
using BignumPtr = std::unique_ptr<BIGNUM, Deleter<BN_free>>;
using GeneralNamesPtr = std::unique_ptr<GENERAL_NAMES, Deleter<GENERAL_NAMES_free>>;
using X509ExtensionPtr = std::unique_ptr<X509_EXTENSION, Deleter<X509_EXTENSION_free>>;

// Returns `code` with "`context`: <first OpenSSL error reason>" and clears the error queue.
// OpenSSL's reason strings describe the failure, never the key bytes.
absl::Status OpenSslError(absl::StatusCode code, std::string_view context);

// A BIO that reads `data` (not copied; `data` must outlive the BIO).
BioPtr ReadBio(std::string_view data);

// A write BIO backed by OpenSSL secure memory, wiped when freed; for private keys.
BioPtr SecretWriteBio();
// A plain write BIO.
BioPtr WriteBio();

// Everything written to a memory BIO.
std::string BioContents(BIO* bio);

}  // namespace eksa::planner::pki::internal
