#include "services/vsphere-agent/agent/metrics_http_server.h"

#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string_view>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "libs/rpc/server.h"

namespace eksa::vsphere_agent {
namespace {

constexpr size_t kMaxRequestBytes = 8192;
constexpr absl::Duration kRequestTimeout = absl::Seconds(2);

absl::Status AddressError(absl::StatusCode code, const std::string& address, std::string_view why) {
  return absl::Status(code,
                      absl::StrCat("metrics listen address \"", address, "\": ", std::string(why)));
}

void WriteAll(int fd, std::string_view data) {
  while (!data.empty()) {
    ssize_t n = send(fd, data.data(), data.size(), MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
    data.remove_prefix(static_cast<size_t>(n));
  }
}

// Reads until the end of the headers, the size cap or the timeout; returns what came.
std::string ReadRequest(int fd) {
  std::string request;
  const absl::Time deadline = absl::Now() + kRequestTimeout;
  char buf[1024];
  while (request.find("\r\n\r\n") == std::string::npos && request.size() < kMaxRequestBytes) {
    pollfd p = {.fd = fd, .events = POLLIN, .revents = 0};
    const int64_t left = absl::ToInt64Milliseconds(deadline - absl::Now());
    if (left <= 0 || poll(&p, 1, static_cast<int>(left)) <= 0) break;
    ssize_t n = recv(fd, buf, sizeof(buf), 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    request.append(buf, static_cast<size_t>(n));
  }
  return request;
}

std::string Response(std::string_view status, std::string_view content_type, std::string_view body,
                     bool head) {
  std::string out = absl::StrCat(
      "HTTP/1.1 ", std::string(status), "\r\nContent-Type: ", std::string(content_type),
      "\r\nContent-Length: ", body.size(), "\r\nConnection: close\r\n\r\n");
  if (!head) out.append(body);
  return out;
}

}  // namespace

absl::StatusOr<std::unique_ptr<MetricsHttpServer>> MetricsHttpServer::Start(
    const std::string& address, std::function<std::string()> render) {
  if (absl::Status s = rpc::ValidateListenAddress(address); !s.ok()) {
    return AddressError(absl::StatusCode::kInvalidArgument, address,
                        std::string_view(s.message().data(), s.message().size()));
  }
  if (address.rfind("unix", 0) == 0) {
    return AddressError(absl::StatusCode::kInvalidArgument, address, "want host:port");
  }
  const size_t colon = address.rfind(':');
  std::string host = address.substr(0, colon);
  const std::string port = address.substr(colon + 1);
  if (host.size() > 2 && host.front() == '[') host = host.substr(1, host.size() - 2);
  addrinfo hints = {};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
  addrinfo* found = nullptr;
  if (int rc = getaddrinfo(host.c_str(), port.c_str(), &hints, &found); rc != 0) {
    return AddressError(absl::StatusCode::kUnavailable, address, gai_strerror(rc));
  }
  int fd = socket(found->ai_family, found->ai_socktype | SOCK_CLOEXEC, found->ai_protocol);
  const int one = 1;
  if (fd >= 0) setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
  const bool bound =
      fd >= 0 && bind(fd, found->ai_addr, found->ai_addrlen) == 0 && listen(fd, 16) == 0;
  const int bind_errno = errno;
  freeaddrinfo(found);
  if (!bound) {
    if (fd >= 0) close(fd);
    return AddressError(absl::StatusCode::kUnavailable, address,
                        absl::StrCat("cannot listen there (", std::strerror(bind_errno), ")"));
  }
  sockaddr_storage local = {};
  socklen_t len = sizeof(local);
  getsockname(fd, reinterpret_cast<sockaddr*>(&local), &len);
  const int bound_port = local.ss_family == AF_INET6
                             ? ntohs(reinterpret_cast<sockaddr_in6*>(&local)->sin6_port)
                             : ntohs(reinterpret_cast<sockaddr_in*>(&local)->sin_port);
  int wake[2];
  if (pipe2(wake, O_CLOEXEC) != 0) {
    close(fd);
    return absl::InternalError(absl::StrCat("creating a pipe: ", std::strerror(errno)));
  }
  std::string bound_address = absl::StrCat(address.substr(0, colon), ":", bound_port);
  auto server = std::unique_ptr<MetricsHttpServer>(
      new MetricsHttpServer(fd, wake[0], wake[1], std::move(bound_address), std::move(render)));
  server->thread_ = std::thread([s = server.get()] { s->Serve(); });
  return server;
}

MetricsHttpServer::MetricsHttpServer(int listen_fd, int wake_read_fd, int wake_write_fd,
                                     std::string bound_address, std::function<std::string()> render)
    : listen_fd_(listen_fd),
      wake_read_fd_(wake_read_fd),
      wake_write_fd_(wake_write_fd),
      bound_address_(std::move(bound_address)),
      render_(std::move(render)) {}

MetricsHttpServer::~MetricsHttpServer() {
  Stop();
  close(wake_read_fd_);
  close(wake_write_fd_);
}

void MetricsHttpServer::Stop() {
  if (stopped_.exchange(true)) return;
  const char byte = 1;
  [[maybe_unused]] ssize_t n = write(wake_write_fd_, &byte, 1);
  if (thread_.joinable()) thread_.join();
  close(listen_fd_);
  listen_fd_ = -1;
}

void MetricsHttpServer::Serve() {
  while (!stopped_.load()) {
    pollfd fds[2] = {{.fd = listen_fd_, .events = POLLIN, .revents = 0},
                     {.fd = wake_read_fd_, .events = POLLIN, .revents = 0}};
    if (poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      return;
    }
    if (fds[1].revents != 0 || stopped_.load()) return;
    if ((fds[0].revents & POLLIN) == 0) continue;
    int fd = accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) continue;
    Answer(fd);
    close(fd);
  }
}

void MetricsHttpServer::Answer(int fd) {
  const std::string request = ReadRequest(fd);
  const size_t line_end = request.find("\r\n");
  const std::string_view line = std::string_view(request).substr(0, line_end);
  const size_t sp1 = line.find(' ');
  const size_t sp2 = sp1 == std::string_view::npos ? sp1 : line.find(' ', sp1 + 1);
  if (line_end == std::string::npos || sp2 == std::string_view::npos) {
    WriteAll(fd, Response("400 Bad Request", "text/plain", "bad request\n", false));
    return;
  }
  const std::string_view method = line.substr(0, sp1);
  std::string_view path = line.substr(sp1 + 1, sp2 - sp1 - 1);
  path = path.substr(0, path.find('?'));
  const bool head = method == "HEAD";
  if (method != "GET" && !head) {
    WriteAll(fd, Response("405 Method Not Allowed", "text/plain", "GET only\n", false));
  } else if (path == "/metrics") {
    WriteAll(fd, Response("200 OK", "text/plain; version=0.0.4; charset=utf-8", render_(), head));
  } else if (path == "/healthz") {
    WriteAll(fd, Response("200 OK", "text/plain", "ok\n", head));
  } else {
    WriteAll(fd, Response("404 Not Found", "text/plain", "try /metrics\n", head));
  }
}

}  // namespace eksa::vsphere_agent
