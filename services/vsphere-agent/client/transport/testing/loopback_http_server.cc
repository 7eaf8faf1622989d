#include "services/vsphere-agent/client/transport/testing/loopback_http_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <sys/socket.h>
#include <unistd.h>

#include <csignal>
#include <cstdlib>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "services/vsphere-agent/client/transport/thumbprint.h"

namespace eksa::vsphere::transport {

struct LoopbackHttpServer::Tls {
  SSL_CTX* ctx = nullptr;
  ~Tls() {
    if (ctx != nullptr) SSL_CTX_free(ctx);
  }
};

namespace {

// A self-signed certificate for 127.0.0.1 (SAN IP) and its key, installed on `ctx`; returns the
// certificate's PEM.
std::string MakeSelfSigned(SSL_CTX* ctx) {
  EVP_PKEY* key = EVP_RSA_gen(2048);
  X509* cert = X509_new();
  X509_set_version(cert, 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert), 1);
  X509_gmtime_adj(X509_getm_notBefore(cert), -3600);
  X509_gmtime_adj(X509_getm_notAfter(cert), 3600 * 24);
  X509_set_pubkey(cert, key);
  X509_NAME* name = X509_get_subject_name(cert);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>("127.0.0.1"), -1, -1, 0);
  X509_set_issuer_name(cert, name);
  X509V3_CTX v3;
  X509V3_set_ctx_nodb(&v3);
  X509V3_set_ctx(&v3, cert, cert, nullptr, nullptr, 0);
  if (X509_EXTENSION* ext =
          X509V3_EXT_conf_nid(nullptr, &v3, NID_subject_alt_name, "IP:127.0.0.1")) {
    X509_add_ext(cert, ext, -1);
    X509_EXTENSION_free(ext);
  }
  X509_sign(cert, key, EVP_sha256());
  SSL_CTX_use_certificate(ctx, cert);
  SSL_CTX_use_PrivateKey(ctx, key);
  BIO* bio = BIO_new(BIO_s_mem());
  PEM_write_bio_X509(bio, cert);
  char* data = nullptr;
  const long len = BIO_get_mem_data(bio, &data);  // NOLINT(runtime/int)
  std::string pem(data, static_cast<size_t>(len));
  BIO_free(bio);
  X509_free(cert);
  EVP_PKEY_free(key);
  return pem;
}

}  // namespace

LoopbackHttpServer::LoopbackHttpServer(Handler handler, bool tls) : handler_(std::move(handler)) {
  // A client that gave up (timeout, cancel) closes its end; answering it must not kill the test.
  std::signal(SIGPIPE, SIG_IGN);
  if (tls) {
    tls_ = std::make_unique<Tls>();
    tls_->ctx = SSL_CTX_new(TLS_server_method());
    cert_pem_ = MakeSelfSigned(tls_->ctx);
  }
  listen_fd_ = socket(AF_INET, SOCK_STREAM, 0);
  int one = 1;
  setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  if (bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0 ||
      listen(listen_fd_, 16) != 0) {
    std::abort();
  }
  socklen_t len = sizeof(addr);
  getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
  port_ = ntohs(addr.sin_port);
  acceptor_ = std::thread([this] { AcceptLoop(); });
}

LoopbackHttpServer::~LoopbackHttpServer() {
  stopping_ = true;
  stop_.Notify();
  shutdown(listen_fd_, SHUT_RDWR);
  close(listen_fd_);
  acceptor_.join();
  std::vector<std::thread> workers;
  {
    absl::MutexLock lock(&mu_);
    for (int fd : open_fds_) shutdown(fd, SHUT_RDWR);
    workers.swap(workers_);
  }
  for (std::thread& t : workers) t.join();
}

std::string LoopbackHttpServer::base_url() const {
  return absl::StrCat(tls_ ? "https" : "http", "://127.0.0.1:", port_);
}

std::string LoopbackHttpServer::thumbprint() const {
  absl::StatusOr<Thumbprint> t = ThumbprintOfPem(cert_pem_);
  return t.ok() ? FormatThumbprint(*t) : "";
}

std::vector<ReceivedRequest> LoopbackHttpServer::requests() const {
  absl::MutexLock lock(&mu_);
  return requests_;
}

void LoopbackHttpServer::AcceptLoop() {
  while (!stopping_) {
    const int fd = accept(listen_fd_, nullptr, nullptr);
    if (fd < 0) {
      if (stopping_) return;
      continue;
    }
    ++accepted_;
    absl::MutexLock lock(&mu_);
    open_fds_.push_back(fd);
    workers_.emplace_back([this, fd] { Serve(fd); });
  }
}

void LoopbackHttpServer::Serve(int fd) {
  SSL* ssl = nullptr;
  if (tls_) {
    ssl = SSL_new(tls_->ctx);
    SSL_set_fd(ssl, fd);
    if (SSL_accept(ssl) != 1) {
      SSL_free(ssl);
      close(fd);
      return;
    }
  }
  auto read_some = [&](char* buf, int n) -> int {
    const int got = ssl != nullptr ? SSL_read(ssl, buf, n) : static_cast<int>(read(fd, buf, n));
    if (got > 0) app_bytes_ += got;
    return got;
  };
  auto write_all = [&](const std::string& data) {
    size_t off = 0;
    while (off < data.size()) {
      const int n = ssl != nullptr
                        ? SSL_write(ssl, data.data() + off, static_cast<int>(data.size() - off))
                        : static_cast<int>(write(fd, data.data() + off, data.size() - off));
      if (n <= 0) return;
      off += static_cast<size_t>(n);
    }
  };
  std::string buffer;
  char chunk[16384];
  while (!stopping_) {
    size_t header_end;
    while ((header_end = buffer.find("\r\n\r\n")) == std::string::npos) {
      const int n = read_some(chunk, sizeof(chunk));
      if (n <= 0) goto done;
      buffer.append(chunk, static_cast<size_t>(n));
    }
    {
      ReceivedRequest req;
      std::vector<std::string> lines =
          absl::StrSplit(absl::string_view(buffer).substr(0, header_end), "\r\n");
      std::vector<std::string> first = absl::StrSplit(lines[0], ' ');
      req.method = first.size() > 0 ? first[0] : "";
      req.target = first.size() > 1 ? first[1] : "";
      size_t content_length = 0;
      for (size_t i = 1; i < lines.size(); ++i) {
        const size_t colon = lines[i].find(':');
        if (colon == std::string::npos) continue;
        std::string name = lines[i].substr(0, colon);
        std::string value(absl::StripAsciiWhitespace(lines[i].substr(colon + 1)));
        if (absl::EqualsIgnoreCase(name, "Content-Length")) {
          (void)absl::SimpleAtoi(value, &content_length);
        }
        req.headers.emplace_back(std::move(name), std::move(value));
      }
      buffer.erase(0, header_end + 4);
      while (buffer.size() < content_length) {
        const int n = read_some(chunk, sizeof(chunk));
        if (n <= 0) goto done;
        buffer.append(chunk, static_cast<size_t>(n));
      }
      req.body = buffer.substr(0, content_length);
      buffer.erase(0, content_length);
      {
        absl::MutexLock lock(&mu_);
        requests_.push_back(req);
      }
      CannedReply reply = handler_(req);
      if (reply.drop) break;
      if (reply.delay > absl::ZeroDuration() && stop_.WaitForNotificationWithTimeout(reply.delay)) {
        break;  // the server is stopping
      }
      std::string out = absl::StrCat("HTTP/1.1 ", reply.status, " Canned\r\n");
      for (const auto& [name, value] : reply.headers)
        absl::StrAppend(&out, name, ": ", value, "\r\n");
      absl::StrAppend(&out, "Content-Length: ", reply.body.size(), "\r\n\r\n", reply.body);
      write_all(out);
    }
  }
done:
  if (ssl != nullptr) {
    SSL_shutdown(ssl);
    SSL_free(ssl);
  }
  absl::MutexLock lock(&mu_);
  std::erase(open_fds_, fd);
  close(fd);
}

int UnusedLoopbackPort() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr));
  socklen_t len = sizeof(addr);
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  close(fd);
  return ntohs(addr.sin_port);
}

}  // namespace eksa::vsphere::transport
