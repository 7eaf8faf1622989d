#include "services/vsphere-agent/backend/content_library.h"

#include <algorithm>
#include <string>

#include "absl/strings/match.h"
#include "absl/time/clock.h"
#include "libs/common/status.h"
#include "libs/common/status_macros.h"

namespace eksa::vsphere_agent::backend {
namespace {

using vsphere::transport::Method;

constexpr std::string_view kLibrary = "/com/vmware/content/library";
constexpr std::string_view kLocalLibrary = "/com/vmware/content/local-library";
constexpr std::string_view kItem = "/com/vmware/content/library/item";
constexpr std::string_view kItemFiles = "/com/vmware/content/library/item/file";
constexpr std::string_view kUpdateSession = "/com/vmware/content/library/item/update-session";
constexpr std::string_view kSessionFile = "/com/vmware/content/library/item/updatesession/file";
constexpr std::string_view kDeploy = "/com/vmware/vcenter/ovf/library-item";
constexpr absl::Duration kPoll = absl::Milliseconds(200);

std::string S(std::string_view s) { return std::string(s); }

// The first id of a JSON array answer, "" when empty (vAPI omits empty lists).
std::string FirstId(const nlohmann::json& ids) {
  return ids.is_array() && !ids.empty() && ids[0].is_string() ? ids[0].get<std::string>() : "";
}

class Importer {
 public:
  Importer(RestSession& rest, const LibraryImport& in, absl::Time deadline,
           const std::function<bool()>& cancelled)
      : rest_(rest), in_(in), deadline_(deadline), cancelled_(cancelled) {}

  absl::StatusOr<vsphere::soap::MoRef> Run() {
    EKSA_ASSIGN_OR_RETURN(std::string library, Library());
    EKSA_ASSIGN_OR_RETURN(std::string item, Item(library));
    EKSA_ASSIGN_OR_RETURN(bool has_files, HasOvf(item));
    if (!has_files) EKSA_RETURN_IF_ERROR(Pull(item));
    return Deploy(item);
  }

 private:
  vsphere::soap::CallOptions Options() const {
    vsphere::soap::CallOptions o{.cancelled = cancelled_};
    if (deadline_ != absl::InfiniteFuture()) {
      o.timeout = std::max(deadline_ - absl::Now(), absl::Milliseconds(1));
    }
    return o;
  }
  absl::StatusOr<nlohmann::json> Call(Method method, const std::string& path,
                                      const nlohmann::json& body = nullptr) {
    return rest_.Call(method, path, body, Options());
  }

  absl::StatusOr<std::string> Library() {
    EKSA_ASSIGN_OR_RETURN(nlohmann::json ids, Call(Method::kPost, S(kLibrary) + "?~action=find",
                                                   {{"spec", {{"name", in_.library}}}}));
    if (std::string id = FirstId(ids); !id.empty()) return id;
    absl::StatusOr<nlohmann::json> made =
        Call(Method::kPost, S(kLocalLibrary),
             {{"create_spec",
               {{"name", in_.library},
                {"type", "LOCAL"},
                {"storage_backings",
                 nlohmann::json::array(
                     {{{"type", "DATASTORE"}, {"datastore_id", in_.datastore.value}}})}}}});
    if (!made.ok()) return Annotate(made.status(), "creating content library " + in_.library);
    if (!made->is_string()) return absl::InternalError("creating content library: no id");
    return made->get<std::string>();
  }

  absl::StatusOr<std::string> Item(const std::string& library) {
    EKSA_ASSIGN_OR_RETURN(nlohmann::json ids,
                          Call(Method::kPost, S(kItem) + "?~action=find",
                               {{"spec", {{"library_id", library}, {"name", in_.item}}}}));
    if (std::string id = FirstId(ids); !id.empty()) return id;
    absl::StatusOr<nlohmann::json> made =
        Call(Method::kPost, S(kItem),
             {{"create_spec", {{"library_id", library}, {"name", in_.item}, {"type", "ovf"}}}});
    if (!made.ok()) return Annotate(made.status(), "creating library item " + in_.item);
    if (!made->is_string()) return absl::InternalError("creating library item: no id");
    return made->get<std::string>();
  }

  // Whether the item already holds its descriptor (an earlier attempt pulled it).
  absl::StatusOr<bool> HasOvf(const std::string& item) {
    EKSA_ASSIGN_OR_RETURN(nlohmann::json files,
                          Call(Method::kGet, S(kItemFiles) + "?library_item_id=" + item));
    if (!files.is_array()) return false;
    return std::any_of(files.begin(), files.end(), [](const nlohmann::json& f) {
      return f.is_object() && absl::EndsWith(f.value("name", ""), ".ovf");
    });
  }

  absl::Status Pull(const std::string& item) {
    const std::string what = "pulling " + in_.url + " into library item " + in_.item;
    absl::StatusOr<nlohmann::json> session =
        Call(Method::kPost, S(kUpdateSession), {{"create_spec", {{"library_item_id", item}}}});
    if (!session.ok()) return Annotate(session.status(), what);
    if (!session->is_string()) return absl::InternalError(what + ": no session id");
    const std::string id = session->get<std::string>();
    nlohmann::json file{{"name", in_.item + ".ova"},
                        {"source_type", "PULL"},
                        {"source_endpoint", {{"uri", in_.url}}}};
    if (!in_.sha256.empty()) {
      file["checksum_info"] = {{"algorithm", "SHA256"}, {"checksum", in_.sha256}};
    }
    EKSA_RETURN_IF_ERROR(Annotate(
        Call(Method::kPost, S(kSessionFile) + "/id:" + id + "?~action=add", {{"file_spec", file}})
            .status(),
        what));
    EKSA_RETURN_IF_ERROR(Annotate(
        Call(Method::kPost, S(kUpdateSession) + "/id:" + id + "?~action=complete").status(), what));
    for (;;) {
      EKSA_ASSIGN_OR_RETURN(nlohmann::json state,
                            Call(Method::kGet, S(kUpdateSession) + "/id:" + id));
      if (state.is_object() && state.value("state", "") == "ERROR") {
        std::string message = "the download failed";
        if (state.contains("error_message") && state["error_message"].is_object()) {
          message = state["error_message"].value("default_message", message);
        }
        return absl::InternalError(what + ": " + message);
      }
      EKSA_ASSIGN_OR_RETURN(bool done, HasOvf(item));
      if (done) return absl::OkStatus();
      if (cancelled_ && cancelled_()) return absl::CancelledError(what + ": cancelled");
      if (absl::Now() + kPoll >= deadline_) {
        return absl::DeadlineExceededError(what + ": deadline exceeded");
      }
      absl::SleepFor(kPoll);
    }
  }

  absl::StatusOr<vsphere::soap::MoRef> Deploy(const std::string& item) {
    const std::string what = "deploying library item " + in_.item + " as " + in_.vm_name;
    nlohmann::json target{{"resource_pool_id", in_.pool.value}};
    if (!in_.folder.empty()) target["folder_id"] = in_.folder.value;
    absl::StatusOr<nlohmann::json> d =
        Call(Method::kPost, S(kDeploy) + "/id:" + item + "?~action=deploy",
             {{"target", target},
              {"deployment_spec",
               {{"name", in_.vm_name},
                {"accept_all_EULA", true},
                {"default_datastore_id", in_.datastore.value}}}});
    if (!d.ok()) return Annotate(d.status(), what);
    if (!d->is_object() || !d->value("succeeded", false)) {
      return absl::InternalError(what + ": " +
                                 (d->is_object() && d->contains("error")
                                      ? (*d)["error"].dump()
                                      : std::string("no result")));
    }
    const nlohmann::json& rid = (*d)["resource_id"];
    if (!rid.is_object() || !rid.contains("id")) {
      return absl::InternalError(what + ": no resource id in the answer");
    }
    return vsphere::soap::MoRef{.type = rid.value("type", "VirtualMachine"),
                                .value = rid["id"].get<std::string>()};
  }

  RestSession& rest_;
  const LibraryImport& in_;
  const absl::Time deadline_;
  const std::function<bool()>& cancelled_;
};

}  // namespace

absl::StatusOr<vsphere::soap::MoRef> ImportThroughLibrary(RestSession& rest,
                                                          const LibraryImport& import,
                                                          absl::Time deadline,
                                                          const std::function<bool()>& cancelled) {
  return Importer(rest, import, deadline, cancelled).Run();
}

}  // namespace eksa::vsphere_agent::backend
