#include "services/vsphere-agent/backend/server_probe.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>
#include <string>

#include "absl/time/clock.h"
#include "libs/common/tcp_dial.h"
#include "services/vsphere-agent/client/transport/thumbprint.h"

namespace eksa::vsphere_agent::backend {
namespace {

struct FdCloser {
  int fd = -1;
  ~FdCloser() {
    if (fd >= 0) close(fd);
  }
};

int RemainingMs(absl::Time deadline) {
  return static_cast<int>(std::max<int64_t>(0, absl::ToInt64Milliseconds(deadline - absl::Now())));
}

// A connected non-blocking socket, or why not.
absl::StatusOr<int> Connect(const std::string& where, const std::string& host, int port,
                            absl::Time deadline) {
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  const std::string service = std::to_string(port);
  if (int rc = getaddrinfo(host.c_str(), service.c_str(), &hints, &found); rc != 0) {
    return absl::InvalidArgumentError("resolving " + host + ": " + gai_strerror(rc));
  }
  std::unique_ptr<addrinfo, decltype(&freeaddrinfo)> list(found, freeaddrinfo);
  std::string last = "no address";
  for (addrinfo* a = found; a != nullptr; a = a->ai_next) {
    int fd = -1;
    const TcpDialResult dial = DialTcp(a->ai_addr, a->ai_addrlen, deadline, &fd);
    if (dial.outcome == TcpDialOutcome::kConnected) return fd;
    if (dial.outcome == TcpDialOutcome::kTimedOut) {
      return absl::DeadlineExceededError("connecting to " + where + ": timed out");
    }
    last = std::strerror(dial.error);
  }
  return absl::UnavailableError("connecting to " + where + ": " + last);
}

// Drives SSL_connect on a non-blocking socket until done or `deadline`.
absl::Status Handshake(SSL* ssl, int fd, const std::string& where, absl::Time deadline) {
  for (;;) {
    int rc = SSL_connect(ssl);
    if (rc == 1) return absl::OkStatus();
    int err = SSL_get_error(ssl, rc);
    if (err != SSL_ERROR_WANT_READ && err != SSL_ERROR_WANT_WRITE) {
      unsigned long e = ERR_get_error();
      std::string reason =
          e != 0 ? ERR_reason_error_string(e) != nullptr ? ERR_reason_error_string(e) : "TLS error"
                 : "connection closed during the TLS handshake";
      return absl::UnavailableError("TLS handshake with " + where + ": " + reason);
    }
    pollfd p{.fd = fd, .events = static_cast<short>(err == SSL_ERROR_WANT_READ ? POLLIN : POLLOUT)};
    if (poll(&p, 1, RemainingMs(deadline)) <= 0) {
      return absl::DeadlineExceededError("TLS handshake with " + where + ": timed out");
    }
  }
}

bool IsIpAddress(const std::string& host) {
  in_addr v4{};
  in6_addr v6{};
  return inet_pton(AF_INET, host.c_str(), &v4) == 1 || inet_pton(AF_INET6, host.c_str(), &v6) == 1;
}

}  // namespace

absl::StatusOr<ServerProbe> ProbeServer(std::string_view host_in, int port,
                                        const std::string& ca_file, absl::Duration timeout) {
  const std::string host(host_in);
  const std::string where = host + ":" + std::to_string(port);
  const absl::Time deadline = absl::Now() + timeout;
  absl::StatusOr<int> fd = Connect(where, host, port, deadline);
  if (!fd.ok()) return fd.status();
  FdCloser closer{*fd};

  std::unique_ptr<SSL_CTX, decltype(&SSL_CTX_free)> ctx(SSL_CTX_new(TLS_client_method()),
                                                        SSL_CTX_free);
  if (ctx == nullptr) return absl::InternalError("probing " + where + ": SSL_CTX_new failed");
  // Observe only: verification runs and records its result, the handshake never fails on it.
  SSL_CTX_set_verify(ctx.get(), SSL_VERIFY_NONE, nullptr);
  if (ca_file.empty()) {
    SSL_CTX_set_default_verify_paths(ctx.get());
  } else if (SSL_CTX_load_verify_locations(ctx.get(), ca_file.c_str(), nullptr) != 1) {
    return absl::FailedPreconditionError("probing " + where + ": cannot read CA file " + ca_file);
  }
  std::unique_ptr<SSL, decltype(&SSL_free)> ssl(SSL_new(ctx.get()), SSL_free);
  SSL_set_fd(ssl.get(), *fd);
  SSL_set_tlsext_host_name(ssl.get(), host.c_str());
  X509_VERIFY_PARAM* param = SSL_get0_param(ssl.get());
  if (IsIpAddress(host)) {
    X509_VERIFY_PARAM_set1_ip_asc(param, host.c_str());
  } else {
    X509_VERIFY_PARAM_set1_host(param, host.c_str(), 0);
  }
  ERR_clear_error();
  if (absl::Status s = Handshake(ssl.get(), *fd, where, deadline); !s.ok()) return s;

  std::unique_ptr<X509, decltype(&X509_free)> cert(SSL_get1_peer_certificate(ssl.get()), X509_free);
  if (cert == nullptr) return absl::UnavailableError(where + " presented no certificate");
  unsigned char* der = nullptr;
  int len = i2d_X509(cert.get(), &der);
  if (len <= 0) return absl::InternalError("encoding the certificate of " + where);
  ServerProbe probe;
  probe.thumbprint = vsphere::transport::FormatThumbprint(vsphere::transport::ThumbprintOfDer(
      std::string_view(reinterpret_cast<const char*>(der), static_cast<size_t>(len))));
  OPENSSL_free(der);
  const long verify = SSL_get_verify_result(ssl.get());
  probe.ca_trusted = verify == X509_V_OK;
  if (!probe.ca_trusted) probe.verify_error = X509_verify_cert_error_string(verify);
  SSL_shutdown(ssl.get());
  return probe;
}

}  // namespace eksa::vsphere_agent::backend
