#include "services/vsphere-agent/client/transport/tls_pin.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

namespace eksa::vsphere::transport {
namespace {

// Called by OpenSSL instead of X509_verify_cert() with the server's chain; 1 accepts it.
int VerifyLeafThumbprint(X509_STORE_CTX* store, void* arg) {
  auto* pin = static_cast<PinCheck*>(arg);
  X509* leaf = X509_STORE_CTX_get0_cert(store);
  unsigned int len = 0;
  if (leaf == nullptr || X509_digest(leaf, EVP_sha1(), pin->presented.data(), &len) != 1 ||
      len != pin->presented.size() ||
      CRYPTO_memcmp(pin->presented.data(), pin->expected.data(), pin->expected.size()) != 0) {
    pin->mismatch = true;
    X509_STORE_CTX_set_error(store, X509_V_ERR_APPLICATION_VERIFICATION);
    return 0;
  }
  X509_STORE_CTX_set_error(store, X509_V_OK);
  return 1;
}

}  // namespace

CURLcode InstallPin(CURL*, void* ssl_ctx, void* user) {
  auto* ctx = static_cast<SSL_CTX*>(ssl_ctx);
  // SSL_VERIFY_PEER makes a failed verification abort the handshake (libcurl set NONE because
  // CURLOPT_SSL_VERIFYPEER is off: the pin is the check).
  SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, nullptr);
  SSL_CTX_set_cert_verify_callback(ctx, &VerifyLeafThumbprint, user);
  return CURLE_OK;
}

}  // namespace eksa::vsphere::transport
