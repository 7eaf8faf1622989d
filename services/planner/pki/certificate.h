// X.509 certificates the way kubeadm makes them: self-signed CAs and leaves signed by a CA.
//
// Every certificate is X.509 v3, SHA-256 signed, with a random 128-bit positive serial, a
// NotBefore backdated 5 minutes (kubeadm's allowance for clock skew between machines) and:
//  - CA: basicConstraints critical CA:TRUE; keyUsage critical digitalSignature, keyEncipherment,
//    keyCertSign; subjectKeyIdentifier; validity 10 years (kubeadm's CA lifetime);
//  - leaf: basicConstraints critical CA:FALSE; keyUsage critical digitalSignature (plus
//    keyEncipherment for RSA keys); extendedKeyUsage serverAuth and/or clientAuth;
//    subjectAltName DNS + IP entries; subject and authority key identifiers; validity 1 year.
// Subjects carry O entries (in the order given) then CN, as Go's crypto/x509 encodes them.
// Thread-safe: certificates are immutable.
#pragma once

#include <openssl/types.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "services/planner/pki/key.h"

namespace eksa::planner::pki {

inline constexpr absl::Duration kCaValidity = absl::Hours(24 * 3650);
inline constexpr absl::Duration kLeafValidity = absl::Hours(24 * 365);
inline constexpr absl::Duration kBackdate = absl::Minutes(5);

// An immutable X.509 certificate. Copies share the same OpenSSL object.
class Certificate {
 public:
  // Takes ownership of `cert`, which must not be null.
  explicit Certificate(X509* cert);

  X509* get() const { return cert_.get(); }

 private:
  std::shared_ptr<X509> cert_;
};

struct CertificateSpec {
  std::string common_name;                 // required
  std::vector<std::string> organizations;  // subject O entries, e.g. "system:masters"
  std::vector<std::string> dns_names;      // subjectAltName DNS entries
  std::vector<std::string> ip_addresses;   // subjectAltName IP entries, IPv4 or IPv6 text
  bool server_auth = false;                // extendedKeyUsage serverAuth
  bool client_auth = false;                // extendedKeyUsage clientAuth
  absl::Duration validity = kLeafValidity;
  absl::Time now = absl::Now();  // NotBefore is now - kBackdate, NotAfter now + validity
};

// A self-signed CA certificate for `key` with subject CN=`common_name`, valid kCaValidity from
// `now`. kInvalidArgument for an empty name; kInternal if OpenSSL fails.
[[nodiscard]] absl::StatusOr<Certificate> CreateSelfSignedCa(std::string_view common_name,
                                                             const PrivateKey& key,
                                                             absl::Time now = absl::Now());

// A leaf certificate for `subject_key` as described by `spec`, signed by `ca_key` with issuer
// `ca_cert`. kInvalidArgument for an empty common name, a malformed DNS name or IP address, a
// spec with neither server nor client auth, or a CA key that does not match the CA certificate;
// kInternal if OpenSSL fails.
[[nodiscard]] absl::StatusOr<Certificate> IssueCertificate(const CertificateSpec& spec,
                                                           const PrivateKey& subject_key,
                                                           const Certificate& ca_cert,
                                                           const PrivateKey& ca_key);

// PEM text (`-----BEGIN CERTIFICATE-----`). kInternal if OpenSSL fails.
[[nodiscard]] absl::StatusOr<std::string> EncodeCertificatePem(const Certificate& cert);

// The first certificate in `pem`. kInvalidArgument if there is none.
[[nodiscard]] absl::StatusOr<Certificate> ParseCertificatePem(std::string_view pem);

// kubeadm's discovery hash of a CA certificate (`--discovery-token-ca-cert-hash`):
// "sha256:" + lowercase hex SHA-256 of the certificate's SubjectPublicKeyInfo DER.
[[nodiscard]] absl::StatusOr<std::string> CaCertHash(const Certificate& ca_cert);
// The same for a PEM certificate. kInvalidArgument if `ca_cert_pem` holds no certificate.
[[nodiscard]] absl::StatusOr<std::string> CaCertHash(std::string_view ca_cert_pem);

}  // namespace eksa::planner::pki
