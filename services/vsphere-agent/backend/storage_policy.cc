#include "services/vsphere-agent/backend/storage_policy.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "libs/common/absl_view.h"
#include "libs/common/status.h"
#include "services/vsphere-agent/backend/scoped_caller.h"
#include "services/vsphere-agent/client/pbm/client.h"
#include "services/vsphere-agent/client/pbm/endpoint.h"

namespace eksa::vsphere_agent::backend {
namespace pbm = vsphere::pbm;

absl::StatusOr<std::string> ResolveStoragePolicy(RpcScope& rpc, std::string_view name) {
  return rpc.state().storage_profiles.GetOr(
      std::string(name), [&]() -> absl::StatusOr<std::string> {
        const std::string where = "vCenter " + rpc.state().options.server;
        pbm::SessionCaller spbm(rpc.session().client(),
                                {.refresh_session = [&rpc] { return rpc.session().Renew(); }});
        ScopedCaller scoped(spbm, rpc.context());
        absl::StatusOr<pbm::Client> client = pbm::Client::Connect(scoped, where);
        absl::StatusOr<std::string> id = client.ok() ? client->FindProfileByName(name)
                                                     : absl::StatusOr<std::string>(client.status());
        if (id.ok() || id.status().code() == absl::StatusCode::kNotFound) return id;
        return Annotate(id.status(), absl::StrCat("resolving storage policy \"", AbslView(name),
                                                  "\" on ", where));
      });
}

CheckResult StoragePolicyCheck(RpcScope& rpc, std::string_view subject, std::string_view name,
                               std::string_view field) {
  absl::StatusOr<std::string> id = ResolveStoragePolicy(rpc, name);
  if (id.ok()) {
    return Passed(check::kStoragePolicy, subject,
                  absl::StrCat("storage policy \"", AbslView(name), "\" (profile ", *id, ")"));
  }
  std::string remediation = absl::StrCat("check ", AbslView(field));
  if (id.status().code() == absl::StatusCode::kNotFound) {
    absl::StrAppend(&remediation, ": it must name one of vCenter's VM storage policies");
  } else {
    absl::StrAppend(&remediation,
                    ", the vCenter's storage policy service (/pbm) and the agent's log");
  }
  return Failed(check::kStoragePolicy, subject, Lowercased(id.status()), std::move(remediation));
}

}  // namespace eksa::vsphere_agent::backend
