// MetricsHttpServer: a tiny HTTP/1.1 listener that serves the agent's metrics to Prometheus.
//
//   GET /metrics  → 200, Content-Type: text/plain; version=0.0.4, the body `render()` returns
//   GET /healthz  → 200 "ok" (the process is up; gRPC health says whether it serves)
//   other paths   → 404; other methods → 405
//
// Why HTTP and not a gRPC admin RPC: Prometheus scrapes plain HTTP text, so an HTTP endpoint
// needs no exporter in between and no change to the agent's proto contract. It is optional
// (--metrics-listen / metricsListen) and meant for loopback or a pod's own network: it serves
// numbers only, never a credential, request id or VM name.
//
// One thread accepts and answers connections one at a time (a scrape every few seconds is the
// whole load); each connection gets 2 s to send its request line and headers (at most 8 KiB) and
// is closed after the answer.
//
// Thread-safe. The destructor stops the server.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "absl/status/statusor.h"

namespace eksa::vsphere_agent {

class MetricsHttpServer {
 public:
  // Binds `address` ("127.0.0.1:9352", "[::1]:0", "localhost:9352"; port 0 picks one) and starts
  // serving. kInvalidArgument for a malformed address, kUnavailable when it cannot be bound;
  // both name the address.
  [[nodiscard]] static absl::StatusOr<std::unique_ptr<MetricsHttpServer>> Start(
      const std::string& address, std::function<std::string()> render);

  MetricsHttpServer(const MetricsHttpServer&) = delete;
  MetricsHttpServer& operator=(const MetricsHttpServer&) = delete;
  ~MetricsHttpServer();

  // host:port with the bound port.
  const std::string& bound_address() const { return bound_address_; }

  // Stops accepting, closes the listener (later connections are refused) and joins the thread.
  // Idempotent.
  void Stop();

 private:
  MetricsHttpServer(int listen_fd, int wake_read_fd, int wake_write_fd, std::string bound_address,
                    std::function<std::string()> render);
  void Serve();
  void Answer(int fd);

  int listen_fd_;  // -1 once stopped
  const int wake_read_fd_;
  const int wake_write_fd_;
  const std::string bound_address_;
  const std::function<std::string()> render_;
  std::atomic<bool> stopped_{false};
  std::thread thread_;
};

}  // namespace eksa::vsphere_agent
