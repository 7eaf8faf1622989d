// etcd's cluster-membership API as the planner uses it when an upgrade retires an external etcd
// member: the member is removed from the etcd cluster before its machine is powered off, as
// EKS-A's etcdadm controller does (a powered-off member left in the list counts against quorum).
//
// Talks to etcd's v3 JSON gateway (POST /v3/cluster/member/list and /member/remove, served on
// the client port by every etcd ≥ 3.4) over libcurl with mutual TLS: the client certificate is
// any one signed by the etcd CA (the planner uses the cluster's etcd healthcheck client).
// Thread-safe: no shared state.
#pragma once

#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "services/planner/pki/secret.h"

namespace eksa::planner::etcd {

struct ClientTls {
  std::string ca_pem;    // the etcd CA, to verify the member's serving certificate
  std::string cert_pem;  // a client certificate signed by the etcd CA
  pki::Secret key_pem;
};

// Identifies the member to remove: by name, or (for a member that never started, whose name
// etcd does not know yet) by the host of one of its peer URLs.
struct MemberRef {
  std::string name;
  std::string ip;
};

// Removes `member` from the etcd cluster served at `endpoint` ("https://<ip>:2379").
// OK when the cluster has no such member (already removed: the call is idempotent).
// kUnavailable when the endpoint does not answer within `timeout` or TLS fails (the caller may
// try another member); kFailedPrecondition when etcd refuses the removal (its message says why,
// e.g. the cluster would lose quorum); kInternal for an answer that is not etcd's JSON.
[[nodiscard]] absl::Status RemoveMember(std::string_view endpoint, const ClientTls& tls,
                                        const MemberRef& member,
                                        absl::Duration timeout = absl::Seconds(10));

}  // namespace eksa::planner::etcd
