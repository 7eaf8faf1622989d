// LoopbackHttpServer: a minimal HTTP/1.1 server on 127.0.0.1 (port 0) for hermetic transport
// tests: keep-alive, Content-Length bodies, per-request handler (status, headers, body, delay),
// records what it received and how many connections it accepted. Optionally TLS with a
// self-signed 2048-bit certificate generated at start (tls = true), so pinning can be tested
// without the testbed.
//
// Not a general server: no chunked request bodies, no pipelining. Thread-safe accessors.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "absl/time/time.h"
#include "services/vsphere-agent/client/transport/http.h"

namespace eksa::vsphere::transport {

struct ReceivedRequest {
  std::string method;
  std::string target;  // path and query
  Headers headers;
  std::string body;
};

struct CannedReply {
  int status = 200;
  Headers headers;
  std::string body;
  absl::Duration delay = absl::ZeroDuration();  // before answering
  // Close the connection without answering (a peer that died with the request in flight).
  bool drop = false;
};

class LoopbackHttpServer {
 public:
  using Handler = std::function<CannedReply(const ReceivedRequest&)>;

  // Starts listening at once; `handler` answers every request.
  explicit LoopbackHttpServer(Handler handler, bool tls = false);
  ~LoopbackHttpServer();

  int port() const { return port_; }
  // "http://127.0.0.1:<port>" or "https://…".
  std::string base_url() const;
  // PEM of the TLS certificate (tls only) and its SHA-1 in vCenter's format.
  const std::string& certificate_pem() const { return cert_pem_; }
  std::string thumbprint() const;

  std::vector<ReceivedRequest> requests() const;
  int connections_accepted() const { return accepted_.load(); }
  // Bytes read from clients after the TLS handshake (or at all without TLS), over all
  // connections: 0 proves a client sent no request.
  int64_t application_bytes_received() const { return app_bytes_.load(); }

 private:
  struct Tls;
  void AcceptLoop();
  void Serve(int fd);

  Handler handler_;
  std::unique_ptr<Tls> tls_;
  std::string cert_pem_;
  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  absl::Notification stop_;  // wakes replies that are waiting out their delay
  std::atomic<int> accepted_{0};
  std::atomic<int64_t> app_bytes_{0};
  std::thread acceptor_;
  mutable absl::Mutex mu_;
  std::vector<ReceivedRequest> requests_ ABSL_GUARDED_BY(mu_);
  std::vector<std::thread> workers_ ABSL_GUARDED_BY(mu_);
  std::vector<int> open_fds_ ABSL_GUARDED_BY(mu_);
};

// A loopback port with nothing listening on it (bound, then closed).
int UnusedLoopbackPort();

}  // namespace eksa::vsphere::transport
