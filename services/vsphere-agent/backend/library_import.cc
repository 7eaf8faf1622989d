#include "services/vsphere-agent/backend/library_import.h"

#include <algorithm>
#include <optional>
#include <vector>

#include "absl/strings/match.h"
#include "absl/time/clock.h"
#include "libs/common/status.h"
#include "libs/common/status_macros.h"
#include "services/vsphere-agent/client/rest/content_library.h"

namespace eksa::vsphere_agent::backend {

namespace rest = vsphere::rest;

absl::StatusOr<vsphere::soap::MoRef> ImportThroughLibrary(rest::RestSession& session,
                                                          const LibraryImport& in,
                                                          absl::Time deadline,
                                                          const std::function<bool()>& cancelled) {
  const rest::ContentLibrary library(session);
  auto options = [&] {  // each call bounded by what is left of the deadline
    rest::CallOptions o{.cancelled = cancelled};
    if (deadline != absl::InfiniteFuture()) {
      o.timeout = std::max(deadline - absl::Now(), absl::Milliseconds(1));
    }
    return o;
  };
  absl::StatusOr<std::string> library_id =
      library.EnsureLocalLibrary(in.library, in.datastore.value, options());
  if (!library_id.ok()) return Annotate(library_id.status(), "content library " + in.library);
  const std::string what = "library item " + in.item + " of " + in.library;
  absl::StatusOr<std::optional<rest::LibraryItem>> found =
      library.FindItem(*library_id, in.item, options());
  if (!found.ok()) return Annotate(found.status(), what);
  absl::StatusOr<std::string> item_id =
      found->has_value() ? (*found)->id
                         : library.CreateItem(*library_id, in.item, "ovf", options());
  if (!item_id.ok()) return Annotate(item_id.status(), "creating " + what);
  absl::StatusOr<std::vector<std::string>> files = library.ListFileNames(*item_id, options());
  if (!files.ok()) return Annotate(files.status(), what);
  const bool has_ovf = std::any_of(files->begin(), files->end(), [](const std::string& name) {
    return absl::EndsWith(name, ".ovf");
  });
  if (!has_ovf) {  // an earlier attempt did not get this far
    EKSA_RETURN_IF_ERROR(Annotate(
        library.PullFile(*item_id,
                         {.file_name = in.item + ".ova", .url = in.url, .sha256 = in.sha256},
                         deadline, options()),
        what));
  }
  return library.DeployOvf(*item_id,
                           {.name = in.vm_name,
                            .resource_pool = in.pool.value,
                            .folder = in.folder.value,
                            .datastore = in.datastore.value},
                           options());
}

}  // namespace eksa::vsphere_agent::backend
