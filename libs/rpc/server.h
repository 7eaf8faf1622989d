// The gRPC server runner every eksa service uses.
//
// Every server serves, besides its own services, grpc.health.v1.Health (the overall status ""
// and each registered service's full name, e.g. "grpc.reflection.v1alpha.ServerReflection",
// report SERVING while it runs) and server reflection (grpc.reflection.v1alpha; gRPC 1.51 has
// no v1).
//
// Shutdown drains: every health status turns NOT_SERVING at once, the calls in flight get until
// the deadline to finish (the server still answers meanwhile, so clients that honour health can
// move away), then the listener and every connection close and calls still running are
// cancelled (their clients see UNAVAILABLE). Idle client connections do not hold it up.
//
//   eksa::rpc::Server server({.name = "eksa-planner", .address = "127.0.0.1:0",
//                             .services = {&planner_service}});
//   absl::StatusOr<int> port = server.Start();
//   ...
//   server.Shutdown(absl::Now() + absl::Seconds(5));
//   server.Wait();
//
// RunServer() wraps that for a main(): it serves until SIGTERM or SIGINT.
#pragma once

#include <grpcpp/security/server_credentials.h>
#include <grpcpp/server.h>
#include <grpcpp/support/channel_arguments.h>

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace eksa::rpc {

namespace internal {
class CallCounter;
}  // namespace internal

struct ServerOptions {
  // Names the process in logs ("eksa-planner").
  std::string name;
  // Where to listen: "host:port" ("127.0.0.1:50051", "[::1]:0", "localhost:50051"; port 0 picks
  // a free port), or "unix:/path/to.sock". Another process already listening there is an error:
  // port sharing (SO_REUSEPORT) is off.
  std::string address;
  // The services to serve. Not owned; each must outlive the server.
  std::vector<grpc::Service*> services;
  // How long Shutdown() by RunServer lets in-flight calls finish before cancelling them.
  absl::Duration shutdown_grace = absl::Seconds(5);
  // Transport security; null means plaintext (grpc::InsecureServerCredentials()).
  std::shared_ptr<grpc::ServerCredentials> credentials;
  // Called by RunServer once the server accepts calls, with the bound address (the real port in
  // place of 0). For tests and for agents that register their address with the planner.
  std::function<void(const std::string& bound_address)> on_serving;
};

// Checks the form of a listen address (see ServerOptions::address) without resolving or binding
// it: kInvalidArgument naming the address when malformed (no port, a port outside 0..65535, an
// empty host, an unbracketed IPv6 host).
absl::Status ValidateListenAddress(std::string_view address);

// One gRPC server. Start, Shutdown and Wait may be called from different threads; Wait must not
// be called by more than one thread at a time. The destructor shuts down a running server at once
// (no grace) and waits for it.
class Server {
 public:
  explicit Server(ServerOptions options);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and starts serving; returns the bound port (for "unix:" addresses, gRPC's placeholder).
  // Errors: kInvalidArgument for a malformed address (ValidateListenAddress); kUnavailable when
  // the address cannot be bound (in use, not local, name not resolvable); kFailedPrecondition
  // when called twice. Error messages name the address.
  absl::StatusOr<int> Start();

  // The address after Start(), with the bound port in place of 0. Empty before Start().
  std::string bound_address() const;

  // Drains and stops the server (see the top of this file): NOT_SERVING, then waits until no call
  // is in flight or `deadline` passes, then closes everything. Returns once the server has
  // stopped. No-op when not started, or when another Shutdown call came first. A health Watch
  // stream does not count as in flight (it never ends on its own).
  void Shutdown(absl::Time deadline);

  // Blocks until the server has shut down. Returns at once when it was never started.
  void Wait();

  // A channel to this server that bypasses the network (for tests). Requires Start().
  std::shared_ptr<grpc::Channel> InProcessChannel(const grpc::ChannelArguments& args = {});

 private:
  const ServerOptions options_;
  const std::shared_ptr<internal::CallCounter> calls_;
  mutable absl::Mutex mu_;
  std::unique_ptr<grpc::Server> server_ ABSL_GUARDED_BY(mu_);
  std::string bound_address_ ABSL_GUARDED_BY(mu_);
  bool started_ ABSL_GUARDED_BY(mu_) = false;
  bool shut_down_ ABSL_GUARDED_BY(mu_) = false;
};

// Starts a Server, logs "Serving" with the bound address at verbosity 0, calls
// options.on_serving, and blocks until the process receives SIGTERM or SIGINT. Then it shuts the
// server down with options.shutdown_grace and returns OK. Start errors are returned as by
// Server::Start(), without blocking.
//
// Signals are caught with a handler that writes to a self-pipe (async-signal-safe; works whatever
// thread the signal lands on); the previous handlers are restored before returning. Only one
// RunServer may run in a process at a time: a second concurrent call is kFailedPrecondition.
absl::Status RunServer(const ServerOptions& options);

}  // namespace eksa::rpc
