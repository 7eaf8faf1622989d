#include "services/planner/pki/openssl_util.h"

#include <openssl/buffer.h>
#include <openssl/err.h>

#include <string>

#include "absl/strings/str_cat.h"

namespace eksa::planner::pki::internal {

absl::Status OpenSslError(absl::StatusCode code, std::string_view context) {
  const unsigned long first = ERR_peek_error();  // NOLINT(google-runtime-int): OpenSSL's type
  std::string reason = "unknown error";
  if (first != 0) {
    const char* text = ERR_reason_error_string(first);
    reason = text != nullptr ? text : absl::StrCat("error 0x", absl::Hex(first));
  }
  ERR_clear_error();
  return absl::Status(code, absl::StrCat(std::string(context), ": ", reason));
}

BioPtr ReadBio(std::string_view data) {
  return BioPtr(BIO_new_mem_buf(data.data(), static_cast<int>(data.size())));
}

BioPtr SecretWriteBio() { return BioPtr(BIO_new(BIO_s_secmem())); }

BioPtr WriteBio() { return BioPtr(BIO_new(BIO_s_mem())); }

std::string BioContents(BIO* bio) {
  BUF_MEM* mem = nullptr;
  BIO_get_mem_ptr(bio, &mem);
  if (mem == nullptr || mem->length == 0) return "";
  return std::string(mem->data, mem->length);
}

}  // namespace eksa::planner::pki::internal
