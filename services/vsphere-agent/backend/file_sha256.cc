#include "services/vsphere-agent/backend/file_sha256.h"

#include <openssl/evp.h>

#include <fstream>
#include <memory>
#include <vector>

#include "absl/strings/ascii.h"

namespace eksa::vsphere_agent::backend {

absl::StatusOr<std::string> FileSha256(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in.good()) return absl::NotFoundError("cannot open " + path);
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr);
  std::vector<char> buffer(1 << 20);
  while (in) {
    in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    if (in.bad()) return absl::UnavailableError("reading " + path);
    EVP_DigestUpdate(ctx.get(), buffer.data(), static_cast<size_t>(in.gcount()));
  }
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_DigestFinal_ex(ctx.get(), digest, &len);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  for (unsigned int i = 0; i < len; ++i) {
    hex += kHex[digest[i] >> 4];
    hex += kHex[digest[i] & 0xF];
  }
  return hex;
}

absl::Status VerifyFileSha256(const std::string& path, const std::string& expected) {
  absl::StatusOr<std::string> actual = FileSha256(path);
  if (!actual.ok()) return actual.status();
  if (*actual == absl::AsciiStrToLower(expected)) return absl::OkStatus();
  return absl::DataLossError("sha256 of " + path + " is " + *actual + ", expected " + expected);
}

}  // namespace eksa::vsphere_agent::backend
