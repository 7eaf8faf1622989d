#include "services/vsphere-agent/client/transport/thumbprint.h"

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <memory>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "libs/common/absl_view.h"

namespace eksa::vsphere::transport {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  c = absl::ascii_tolower(static_cast<unsigned char>(c));
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

absl::Status Malformed(std::string_view why) {
  return absl::InvalidArgumentError(
      absl::StrCat("malformed thumbprint: ", AbslView(why),
                   " (want the certificate's SHA-1 as 20 colon-separated hex pairs, "
                   "\"AB:CD:...\", as vCenter shows it)"));
}

}  // namespace

absl::StatusOr<Thumbprint> ParseThumbprint(std::string_view text) {
  absl::string_view t = absl::StripAsciiWhitespace(AbslView(text));
  if (t.empty()) return Malformed("empty");
  // "AB:" * 19 + "AB" = 59 characters.
  if (t.size() == 32 * 3 - 1) return Malformed("this looks like a SHA-256 thumbprint");
  if (t.size() != 20 * 3 - 1) return Malformed(absl::StrCat(t.size(), " characters"));
  Thumbprint out{};
  for (size_t i = 0; i < out.size(); ++i) {
    const size_t p = i * 3;
    const int hi = HexValue(t[p]);
    const int lo = HexValue(t[p + 1]);
    if (hi < 0 || lo < 0) return Malformed(absl::StrCat("non-hex character at ", p + 1));
    if (i + 1 < out.size() && t[p + 2] != ':') {
      return Malformed(absl::StrCat("expected ':' at ", p + 3));
    }
    out[i] = static_cast<uint8_t>(hi * 16 + lo);
  }
  return out;
}

std::string FormatThumbprint(const Thumbprint& thumbprint) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(thumbprint.size() * 3);
  for (size_t i = 0; i < thumbprint.size(); ++i) {
    if (i > 0) out.push_back(':');
    out.push_back(kHex[thumbprint[i] >> 4]);
    out.push_back(kHex[thumbprint[i] & 0xF]);
  }
  return out;
}

Thumbprint ThumbprintOfDer(std::string_view der) {
  Thumbprint out{};
  unsigned int len = 0;
  EVP_Digest(der.data(), der.size(), out.data(), &len, EVP_sha1(), nullptr);
  return out;
}

absl::StatusOr<Thumbprint> ThumbprintOfPem(std::string_view pem) {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new_mem_buf(pem.data(), pem.size()), &BIO_free);
  if (bio == nullptr) return absl::InternalError("allocating a BIO");
  std::unique_ptr<X509, decltype(&X509_free)> cert(
      PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr), &X509_free);
  if (cert == nullptr) return absl::InvalidArgumentError("no PEM certificate found");
  Thumbprint out{};
  unsigned int len = 0;
  if (X509_digest(cert.get(), EVP_sha1(), out.data(), &len) != 1 || len != out.size()) {
    return absl::InternalError("computing the certificate's SHA-1");
  }
  return out;
}

}  // namespace eksa::vsphere::transport
