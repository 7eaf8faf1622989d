#include "libs/rpc/server.h"

#include <fcntl.h>
#include <grpc/grpc.h>
#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/health_check_service_interface.h>
#include <grpcpp/impl/server_builder_option.h>
#include <grpcpp/impl/server_builder_plugin.h>
#include <grpcpp/impl/server_initializer.h>
#include <grpcpp/security/server_credentials.h>
#include <grpcpp/server_builder.h>
#include <grpcpp/support/server_interceptor.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/base/call_once.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "libs/common/log.h"
#include "libs/common/status_macros.h"

namespace eksa::rpc {
namespace internal {

// Calls in flight, counted by an interceptor that lives as long as its call.
class CallCounter {
 public:
  void Add() {
    absl::MutexLock lock(&mu_);
    ++in_flight_;
  }
  void Done() {
    absl::MutexLock lock(&mu_);
    --in_flight_;
  }
  // Whether the count reached zero before `deadline`.
  bool WaitUntilIdle(absl::Time deadline) {
    absl::MutexLock lock(&mu_);
    return mu_.AwaitWithDeadline(absl::Condition(
                                     +[](int* n) { return *n == 0; }, &in_flight_),
                                 deadline);
  }

 private:
  absl::Mutex mu_;
  int in_flight_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace internal

namespace {

class CountingInterceptor : public grpc::experimental::Interceptor {
 public:
  explicit CountingInterceptor(std::shared_ptr<internal::CallCounter> calls)
      : calls_(std::move(calls)) {
    calls_->Add();
  }
  ~CountingInterceptor() override { calls_->Done(); }
  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    methods->Proceed();
  }

 private:
  std::shared_ptr<internal::CallCounter> calls_;
};

class CountingInterceptorFactory : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  explicit CountingInterceptorFactory(std::shared_ptr<internal::CallCounter> calls)
      : calls_(std::move(calls)) {}
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override {
    // A Watch stream lasts as long as its client wants: waiting for it would always take the
    // whole grace period.
    if (std::string_view(info->method()) == "/grpc.health.v1.Health/Watch") return nullptr;
    return new CountingInterceptor(calls_);
  }

 private:
  std::shared_ptr<internal::CallCounter> calls_;
};

absl::Status InvalidAddress(std::string_view address, std::string_view why) {
  return absl::InvalidArgumentError(
      absl::StrCat("parsing listen address \"", std::string(address), "\": ", std::string(why)));
}

// Process-wide gRPC switches; both must be set before the first ServerBuilder is made.
void EnableHealthAndReflection() {
  static absl::once_flag once;
  absl::call_once(once, [] {
    grpc::EnableDefaultHealthCheckService(true);
    // The explicit call also keeps libgrpc++_reflection linked (docs/TOOLCHAIN.md §3).
    grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  });
}

// grpc::Service keeps its name private; the builder's plugins see the list of registered service
// names (the health service included) once the server has started. This plugin copies it out.
class ServiceNamesPlugin : public grpc::ServerBuilderPlugin {
 public:
  explicit ServiceNamesPlugin(std::vector<std::string>* names) : names_(names) {}
  std::string name() override { return "eksa_service_names"; }
  void InitServer(grpc::ServerInitializer*) override {}
  void Finish(grpc::ServerInitializer* si) override { *names_ = *si->GetServiceList(); }
  void ChangeArguments(const std::string&, void*) override {}

 private:
  std::vector<std::string>* names_;
};

class ServiceNamesOption : public grpc::ServerBuilderOption {
 public:
  explicit ServiceNamesOption(std::vector<std::string>* names) : names_(names) {}
  void UpdateArguments(grpc::ChannelArguments*) override {}
  void UpdatePlugins(std::vector<std::unique_ptr<grpc::ServerBuilderPlugin>>* plugins) override {
    plugins->push_back(std::make_unique<ServiceNamesPlugin>(names_));
  }

 private:
  std::vector<std::string>* names_;
};

// The host:port form of `address` with `port` in place of the requested port.
std::string BoundAddress(const std::string& address, int port) {
  if (absl::StartsWith(address, "unix:") || absl::StartsWith(address, "unix-abstract:")) {
    return address;
  }
  return absl::StrCat(address.substr(0, address.rfind(':')), ":", port);
}

// Self-pipe for SIGTERM/SIGINT: the handler only write()s the signal number (async-signal-safe),
// whichever thread it runs on; RunServer's thread blocks in read().
std::atomic<int> g_signal_write_fd{-1};
static_assert(std::atomic<int>::is_always_lock_free);

extern "C" void WriteSignalToPipe(int sig) {
  const int saved_errno = errno;
  const int fd = g_signal_write_fd.load();
  if (fd >= 0) {
    const unsigned char byte = static_cast<unsigned char>(sig);
    [[maybe_unused]] ssize_t n = write(fd, &byte, 1);  // a full pipe already holds a signal
  }
  errno = saved_errno;
}

constexpr int kStopSignals[] = {SIGTERM, SIGINT};

class SignalPipe {
 public:
  static absl::StatusOr<std::unique_ptr<SignalPipe>> Install() {
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0) {
      return absl::InternalError(absl::StrCat("creating signal pipe: ", std::strerror(errno)));
    }
    fcntl(fds[1], F_SETFL, O_NONBLOCK);  // the handler must never block
    int expected = -1;
    if (!g_signal_write_fd.compare_exchange_strong(expected, fds[1])) {
      close(fds[0]);
      close(fds[1]);
      return absl::FailedPreconditionError("another RunServer is already running in this process");
    }
    auto pipe = std::unique_ptr<SignalPipe>(new SignalPipe(fds[0], fds[1]));
    struct sigaction action = {};
    action.sa_handler = WriteSignalToPipe;
    sigemptyset(&action.sa_mask);
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    for (size_t i = 0; i < std::size(kStopSignals); ++i) {
      sigaction(kStopSignals[i], &action, &pipe->old_actions_[i]);
      sigaddset(&stop_signals, kStopSignals[i]);
    }
    // A parent may have started us with these signals blocked (posix_spawn keeps the mask).
    pthread_sigmask(SIG_UNBLOCK, &stop_signals, &pipe->old_mask_);
    return pipe;
  }

  ~SignalPipe() {
    for (size_t i = 0; i < std::size(kStopSignals); ++i) {
      sigaction(kStopSignals[i], &old_actions_[i], nullptr);
    }
    pthread_sigmask(SIG_SETMASK, &old_mask_, nullptr);
    g_signal_write_fd.store(-1);
    close(read_fd_);
    close(write_fd_);
  }

  // Blocks until a stop signal arrives; returns its number.
  absl::StatusOr<int> Wait() {
    unsigned char byte = 0;
    for (;;) {
      ssize_t n = read(read_fd_, &byte, 1);
      if (n == 1) return byte;
      if (n < 0 && errno == EINTR) continue;
      return absl::InternalError(absl::StrCat("reading signal pipe: ", std::strerror(errno)));
    }
  }

 private:
  SignalPipe(int read_fd, int write_fd) : read_fd_(read_fd), write_fd_(write_fd) {}

  int read_fd_;
  int write_fd_;
  struct sigaction old_actions_[std::size(kStopSignals)] = {};
  sigset_t old_mask_;
};

std::string SignalName(int sig) {
  switch (sig) {
    case SIGTERM:
      return "SIGTERM";
    case SIGINT:
      return "SIGINT";
    default:
      return absl::StrCat(sig);
  }
}

}  // namespace

absl::Status ValidateListenAddress(std::string_view address) {
  for (std::string_view scheme : {"unix:", "unix-abstract:"}) {
    if (address.substr(0, scheme.size()) == scheme) {
      if (address.size() == scheme.size()) return InvalidAddress(address, "empty socket path");
      return absl::OkStatus();
    }
  }
  const size_t colon = address.rfind(':');
  if (colon == std::string_view::npos) return InvalidAddress(address, "want host:port");
  const std::string_view host = address.substr(0, colon);
  const std::string_view port = address.substr(colon + 1);
  if (host.empty()) {
    return InvalidAddress(address, "empty host (use 0.0.0.0 or [::] for every interface)");
  }
  if (host.front() == '[') {
    if (host.size() < 3 || host.back() != ']') {
      return InvalidAddress(address, "unterminated [IPv6] host");
    }
  } else if (host.find_first_of(":[]") != std::string_view::npos) {
    return InvalidAddress(address, "write IPv6 hosts in brackets, as [::1]:50051");
  }
  int port_number = -1;
  const bool digits = !port.empty() && port.size() <= 5 &&
                      std::all_of(port.begin(), port.end(), absl::ascii_isdigit);
  if (!digits || !absl::SimpleAtoi(absl::string_view(port.data(), port.size()), &port_number) ||
      port_number > 65535) {
    return InvalidAddress(address, "port must be a number from 0 to 65535");
  }
  return absl::OkStatus();
}

Server::Server(ServerOptions options)
    : options_(std::move(options)), calls_(std::make_shared<internal::CallCounter>()) {}

Server::~Server() {
  Shutdown(absl::Now());
  Wait();
}

absl::StatusOr<int> Server::Start() {
  absl::MutexLock lock(&mu_);
  if (started_) {
    return absl::FailedPreconditionError(
        absl::StrCat("starting server on \"", options_.address, "\": already started"));
  }
  started_ = true;
  EKSA_RETURN_IF_ERROR(ValidateListenAddress(options_.address));
  for (grpc::Service* service : options_.services) {
    if (service == nullptr) {
      return absl::InvalidArgumentError(
          absl::StrCat("starting server on \"", options_.address, "\": null service"));
    }
  }
  EnableHealthAndReflection();

  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort(
      options_.address,
      options_.credentials != nullptr ? options_.credentials : grpc::InsecureServerCredentials(),
      &port);
  // Two servers on one port would split its calls between them: make that a bind error.
  builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
  for (grpc::Service* service : options_.services) builder.RegisterService(service);
  std::vector<std::string> service_names;
  builder.SetOption(std::make_unique<ServiceNamesOption>(&service_names));
  std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>> interceptors;
  interceptors.push_back(std::make_unique<CountingInterceptorFactory>(calls_));
  builder.experimental().SetInterceptorCreators(std::move(interceptors));

  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (server == nullptr || port == 0) {
    return absl::UnavailableError(absl::StrCat(
        "binding listen address \"", options_.address,
        "\": cannot listen there (address in use, not local, or name not resolvable)"));
  }
  if (grpc::HealthCheckServiceInterface* health = server->GetHealthCheckService()) {
    for (const std::string& name : service_names) health->SetServingStatus(name, true);
    health->SetServingStatus("", true);
  }
  server_ = std::move(server);
  bound_address_ = BoundAddress(options_.address, port);
  return port;
}

std::string Server::bound_address() const {
  absl::MutexLock lock(&mu_);
  return bound_address_;
}

void Server::Shutdown(absl::Time deadline) {
  grpc::Server* server = nullptr;
  {
    absl::MutexLock lock(&mu_);
    if (server_ == nullptr || shut_down_) return;
    shut_down_ = true;
    server = server_.get();
  }
  // Load balancers and health checkers see NOT_SERVING while the calls in flight finish.
  if (grpc::HealthCheckServiceInterface* health = server->GetHealthCheckService()) {
    health->Shutdown();
  }
  // grpc::Server::Shutdown(deadline) waits for every client connection to close, and an idle
  // client keeps its connection open: that would always take until the deadline. So wait for
  // the calls instead, then stop with no grace, which closes idle connections at once.
  calls_->WaitUntilIdle(deadline);
  server->Shutdown(absl::ToChronoTime(absl::Now()));
}

void Server::Wait() {
  grpc::Server* server = nullptr;
  {
    absl::MutexLock lock(&mu_);
    server = server_.get();
  }
  if (server != nullptr) server->Wait();
}

std::shared_ptr<grpc::Channel> Server::InProcessChannel(const grpc::ChannelArguments& args) {
  absl::MutexLock lock(&mu_);
  if (server_ == nullptr) return nullptr;
  return server_->InProcessChannel(args);
}

absl::Status RunServer(const ServerOptions& options) {
  EKSA_ASSIGN_OR_RETURN(std::unique_ptr<SignalPipe> signals, SignalPipe::Install());
  Server server(options);
  EKSA_RETURN_IF_ERROR(server.Start());
  const std::string address = server.bound_address();
  log::Logger{}.Info(0, "Serving", {{"service", options.name}, {"address", address}});
  if (options.on_serving) options.on_serving(address);

  absl::StatusOr<int> sig = signals->Wait();
  log::Logger{}.Info(
      0, "Shutting down",
      {{"service", options.name},
       {"signal", sig.ok() ? SignalName(*sig) : "none"},
       {"graceMs", absl::StrCat(absl::ToInt64Milliseconds(options.shutdown_grace))}});
  server.Shutdown(absl::Now() + options.shutdown_grace);
  server.Wait();
  log::Logger{}.Info(0, "Stopped", {{"service", options.name}});
  return sig.status();
}

}  // namespace eksa::rpc
