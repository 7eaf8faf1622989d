#include "services/planner/pki/certificate.h"

#include <openssl/asn1.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "libs/common/status_macros.h"
#include "services/planner/pki/openssl_util.h"

namespace eksa::planner::pki {
namespace {

using internal::OpenSslError;

using X509Ptr = std::unique_ptr<X509, internal::Deleter<X509_free>>;

absl::Status Internal(std::string_view context) {
  return OpenSslError(absl::StatusCode::kInternal, context);
}

absl::Status SetSerial(X509* cert) {
  internal::BignumPtr serial(BN_new());
  // A positive integer of at most 128 bits, never zero (RFC 5280 §4.1.2.2).
  do {
    if (serial == nullptr || BN_rand(serial.get(), 128, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY) != 1) {
      return Internal("generating certificate serial");
    }
  } while (BN_is_zero(serial.get()));
  if (BN_to_ASN1_INTEGER(serial.get(), X509_get_serialNumber(cert)) == nullptr) {
    return Internal("setting certificate serial");
  }
  return absl::OkStatus();
}

absl::Status SetValidity(X509* cert, absl::Time now, absl::Duration validity) {
  if (ASN1_TIME_set(X509_getm_notBefore(cert), absl::ToTimeT(now - kBackdate)) == nullptr ||
      ASN1_TIME_set(X509_getm_notAfter(cert), absl::ToTimeT(now + validity)) == nullptr) {
    return Internal("setting certificate validity");
  }
  return absl::OkStatus();
}

absl::Status SetSubject(X509* cert, std::string_view common_name,
                        const std::vector<std::string>& organizations) {
  if (common_name.empty()) return absl::InvalidArgumentError("certificate needs a common name");
  X509_NAME* name = X509_get_subject_name(cert);
  auto add = [name](const char* field, std::string_view value) {
    return X509_NAME_add_entry_by_txt(name, field, MBSTRING_UTF8,
                                      reinterpret_cast<const unsigned char*>(value.data()),
                                      static_cast<int>(value.size()), -1, 0) == 1;
  };
  for (const std::string& org : organizations) {
    if (!add("O", org)) return Internal("setting certificate organization");
  }
  if (!add("CN", common_name)) return Internal("setting certificate common name");
  return absl::OkStatus();
}

// Adds an extension written in OpenSSL's config syntax (values are constants of this file).
absl::Status AddExtension(X509* cert, X509* issuer, int nid, const char* value) {
  X509V3_CTX ctx;
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  internal::X509ExtensionPtr ext(X509V3_EXT_nconf_nid(nullptr, &ctx, nid, value));
  if (ext == nullptr || X509_add_ext(cert, ext.get(), -1) != 1) {
    return Internal(absl::StrCat("adding certificate extension ", OBJ_nid2sn(nid)));
  }
  return absl::OkStatus();
}

bool IsValidDnsName(std::string_view name) {
  if (name.empty() || name.size() > 253) return false;
  for (char c : name) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '.' && c != '*') {
      return false;
    }
  }
  return true;
}

absl::Status PushDnsName(GENERAL_NAMES* names, const std::string& dns) {
  if (!IsValidDnsName(dns)) {
    return absl::InvalidArgumentError(absl::StrCat("invalid DNS name in SANs: \"", dns, "\""));
  }
  ASN1_IA5STRING* ia5 = ASN1_IA5STRING_new();
  GENERAL_NAME* gn = GENERAL_NAME_new();
  if (ia5 == nullptr || gn == nullptr ||
      ASN1_STRING_set(ia5, dns.data(), static_cast<int>(dns.size())) != 1) {
    ASN1_IA5STRING_free(ia5);
    GENERAL_NAME_free(gn);
    return Internal("encoding DNS SAN");
  }
  GENERAL_NAME_set0_value(gn, GEN_DNS, ia5);
  sk_GENERAL_NAME_push(names, gn);
  return absl::OkStatus();
}

absl::Status PushIpAddress(GENERAL_NAMES* names, const std::string& ip) {
  ASN1_OCTET_STRING* octets = a2i_IPADDRESS(ip.c_str());
  if (octets == nullptr) {
    ERR_clear_error();
    return absl::InvalidArgumentError(absl::StrCat("invalid IP address in SANs: \"", ip, "\""));
  }
  GENERAL_NAME* gn = GENERAL_NAME_new();
  if (gn == nullptr) {
    ASN1_OCTET_STRING_free(octets);
    return Internal("encoding IP SAN");
  }
  GENERAL_NAME_set0_value(gn, GEN_IPADD, octets);
  sk_GENERAL_NAME_push(names, gn);
  return absl::OkStatus();
}

// Built from GENERAL_NAME values rather than a "DNS:a,IP:b" config string, so no name can
// inject extra entries.
absl::Status AddSubjectAltNames(X509* cert, const CertificateSpec& spec) {
  if (spec.dns_names.empty() && spec.ip_addresses.empty()) return absl::OkStatus();
  internal::GeneralNamesPtr names(GENERAL_NAMES_new());
  if (names == nullptr) return Internal("allocating subjectAltName");
  for (const std::string& dns : spec.dns_names) {
    EKSA_RETURN_IF_ERROR(PushDnsName(names.get(), dns));
  }
  for (const std::string& ip : spec.ip_addresses) {
    EKSA_RETURN_IF_ERROR(PushIpAddress(names.get(), ip));
  }
  if (X509_add1_ext_i2d(cert, NID_subject_alt_name, names.get(), 0, X509V3_ADD_DEFAULT) != 1) {
    return Internal("adding subjectAltName");
  }
  return absl::OkStatus();
}

absl::StatusOr<X509Ptr> NewCertificate(std::string_view common_name,
                                       const std::vector<std::string>& organizations,
                                       const PrivateKey& key, absl::Time now,
                                       absl::Duration validity) {
  X509Ptr cert(X509_new());
  if (cert == nullptr || X509_set_version(cert.get(), X509_VERSION_3) != 1) {
    return Internal("allocating certificate");
  }
  EKSA_RETURN_IF_ERROR(SetSubject(cert.get(), common_name, organizations));
  EKSA_RETURN_IF_ERROR(SetSerial(cert.get()));
  EKSA_RETURN_IF_ERROR(SetValidity(cert.get(), now, validity));
  if (X509_set_pubkey(cert.get(), key.get()) != 1) return Internal("setting certificate key");
  return cert;
}

absl::StatusOr<Certificate> Sign(X509Ptr cert, const PrivateKey& signer) {
  if (X509_sign(cert.get(), signer.get(), EVP_sha256()) <= 0) {
    return Internal("signing certificate");
  }
  return Certificate(cert.release());
}

std::string LeafExtendedKeyUsage(const CertificateSpec& spec) {
  std::vector<std::string> usages;
  if (spec.server_auth) usages.push_back("serverAuth");
  if (spec.client_auth) usages.push_back("clientAuth");
  return absl::StrJoin(usages, ",");
}

}  // namespace

Certificate::Certificate(X509* cert) : cert_(cert, X509_free) {}

absl::StatusOr<Certificate> CreateSelfSignedCa(std::string_view common_name, const PrivateKey& key,
                                               absl::Time now) {
  EKSA_ASSIGN_OR_RETURN(X509Ptr cert, NewCertificate(common_name, {}, key, now, kCaValidity));
  X509* c = cert.get();
  if (X509_set_issuer_name(c, X509_get_subject_name(c)) != 1) {
    return Internal("setting CA issuer");
  }
  EKSA_RETURN_IF_ERROR(AddExtension(c, c, NID_basic_constraints, "critical,CA:TRUE"));
  EKSA_RETURN_IF_ERROR(
      AddExtension(c, c, NID_key_usage, "critical,digitalSignature,keyEncipherment,keyCertSign"));
  EKSA_RETURN_IF_ERROR(AddExtension(c, c, NID_subject_key_identifier, "hash"));
  return Sign(std::move(cert), key);
}

absl::StatusOr<Certificate> IssueCertificate(const CertificateSpec& spec,
                                             const PrivateKey& subject_key,
                                             const Certificate& ca_cert, const PrivateKey& ca_key) {
  if (!spec.server_auth && !spec.client_auth) {
    return absl::InvalidArgumentError(
        absl::StrCat("certificate \"", spec.common_name, "\" needs server or client auth usage"));
  }
  if (X509_check_private_key(ca_cert.get(), ca_key.get()) != 1) {
    ERR_clear_error();
    return absl::InvalidArgumentError("CA key does not match the CA certificate");
  }
  EKSA_ASSIGN_OR_RETURN(X509Ptr cert, NewCertificate(spec.common_name, spec.organizations,
                                                     subject_key, spec.now, spec.validity));
  X509* c = cert.get();
  X509* issuer = ca_cert.get();
  if (X509_set_issuer_name(c, X509_get_subject_name(issuer)) != 1) {
    return Internal("setting certificate issuer");
  }
  const bool rsa = subject_key.algorithm() == KeyAlgorithm::kRsa2048;
  EKSA_RETURN_IF_ERROR(AddExtension(c, issuer, NID_basic_constraints, "critical,CA:FALSE"));
  EKSA_RETURN_IF_ERROR(AddExtension(
      c, issuer, NID_key_usage,
      rsa ? "critical,digitalSignature,keyEncipherment" : "critical,digitalSignature"));
  EKSA_RETURN_IF_ERROR(
      AddExtension(c, issuer, NID_ext_key_usage, LeafExtendedKeyUsage(spec).c_str()));
  EKSA_RETURN_IF_ERROR(AddExtension(c, issuer, NID_subject_key_identifier, "hash"));
  EKSA_RETURN_IF_ERROR(AddExtension(c, issuer, NID_authority_key_identifier, "keyid:always"));
  EKSA_RETURN_IF_ERROR(AddSubjectAltNames(c, spec));
  return Sign(std::move(cert), ca_key);
}

absl::StatusOr<std::string> EncodeCertificatePem(const Certificate& cert) {
  internal::BioPtr bio = internal::WriteBio();
  if (bio == nullptr || PEM_write_bio_X509(bio.get(), cert.get()) != 1) {
    return Internal("encoding certificate");
  }
  return internal::BioContents(bio.get());
}

absl::StatusOr<Certificate> ParseCertificatePem(std::string_view pem) {
  internal::BioPtr bio = internal::ReadBio(pem);
  X509* cert = bio == nullptr ? nullptr : PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr);
  if (cert == nullptr) {
    return OpenSslError(absl::StatusCode::kInvalidArgument, "parsing certificate PEM");
  }
  return Certificate(cert);
}

absl::StatusOr<std::string> CaCertHash(const Certificate& ca_cert) {
  unsigned char* der = nullptr;
  const int len = i2d_X509_PUBKEY(X509_get_X509_PUBKEY(ca_cert.get()), &der);
  if (len <= 0) return Internal("encoding CA public key");
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int digest_len = 0;
  const int ok =
      EVP_Digest(der, static_cast<size_t>(len), digest, &digest_len, EVP_sha256(), nullptr);
  OPENSSL_free(der);
  if (ok != 1) return Internal("hashing CA public key");
  return absl::StrCat("sha256:", absl::BytesToHexString(absl::string_view(
                                     reinterpret_cast<const char*>(digest), digest_len)));
}

absl::StatusOr<std::string> CaCertHash(std::string_view ca_cert_pem) {
  EKSA_ASSIGN_OR_RETURN(Certificate cert, ParseCertificatePem(ca_cert_pem));
  return CaCertHash(cert);
}

}  // namespace eksa::planner::pki
