#include "services/vsphere-agent/backend/connection.h"

#include <string>
#include <utility>

#include "libs/common/redact.h"
#include "libs/common/status.h"
#include "services/vsphere-agent/client/transport/base_url.h"

namespace eksa::vsphere_agent::backend {

namespace transport = vsphere::transport;

absl::StatusOr<std::unique_ptr<VCenterConnection>> VCenterConnection::Create(
    const ClientBackendOptions& options) {
  RegisterSecret(options.password);
  absl::StatusOr<std::string> base_url = transport::BaseUrlFromServer(ServerAddress(options));
  if (!base_url.ok()) return base_url.status();
  absl::StatusOr<std::unique_ptr<transport::CurlTransport>> t =
      transport::CurlTransport::Create({.base_url = *base_url,
                                        .tls = {.ca_file = options.ca_file,
                                                .thumbprint = options.thumbprint,
                                                .insecure = options.insecure},
                                        .connect_timeout = options.connect_timeout,
                                        .max_connections = options.max_connections});
  if (!t.ok()) return Annotate(t.status(), "vCenter " + options.server);
  std::unique_ptr<VCenterConnection> c(new VCenterConnection(options));
  c->transport_ = *std::move(t);
  c->client_ = std::make_unique<vsphere::soap::Client>(*c->transport_);
  absl::StatusOr<std::unique_ptr<vsphere::rest::RestSession>> rest =
      vsphere::rest::RestSession::Create(*c->transport_, {options.username, options.password});
  if (!rest.ok()) return Annotate(rest.status(), "vCenter " + options.server);
  c->rest_ = *std::move(rest);
  c->tagging_ = std::make_unique<vsphere::rest::Tagging>(*c->rest_);
  return c;
}

VCenterConnection::~VCenterConnection() {
  {
    absl::MutexLock lock(&mu_);
    if (session_ != nullptr) (void)session_->Logout();
  }
  if (rest_ != nullptr) (void)rest_->Logout();
}

absl::StatusOr<vsphere::session::Session*> VCenterConnection::Session() {
  absl::MutexLock lock(&mu_);
  if (session_ != nullptr) return session_.get();
  absl::StatusOr<std::unique_ptr<vsphere::session::Session>> s = vsphere::session::Session::Login(
      *client_, {.username = options_.username, .password = options_.password});
  if (!s.ok()) {
    return Annotate(s.status(),
                    "connecting to vCenter " + options_.server + " as " + options_.username);
  }
  session_ = *std::move(s);
  return session_.get();
}

}  // namespace eksa::vsphere_agent::backend
