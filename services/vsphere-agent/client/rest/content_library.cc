#include "services/vsphere-agent/client/rest/content_library.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "libs/common/absl_view.h"
#include "libs/common/status.h"
#include "services/vsphere-agent/client/rest/json_fields.h"

namespace eksa::vsphere::rest {
namespace {

using transport::Method;

constexpr std::string_view kLibrary = "/com/vmware/content/library";
constexpr std::string_view kLocalLibrary = "/com/vmware/content/local-library";
constexpr std::string_view kItem = "/com/vmware/content/library/item";
constexpr std::string_view kUpdateSession = "/com/vmware/content/library/item/update-session";
constexpr std::string_view kUpdateSessionFile =
    "/com/vmware/content/library/item/updatesession/file";
constexpr std::string_view kOvfItem = "/com/vmware/vcenter/ovf/library-item";
constexpr std::string_view kItemFile = "/com/vmware/content/library/item/file";
constexpr absl::Duration kPullPoll = absl::Milliseconds(200);

absl::StatusOr<Library> DecodeLibrary(const nlohmann::json& v) {
  Library l;
  for (auto [field, key] :
       {std::pair{&l.id, "id"}, std::pair{&l.name, "name"}, std::pair{&l.type, "type"}}) {
    absl::StatusOr<std::string> s = StringField(v, key, "library");
    if (!s.ok()) return s.status();
    *field = *std::move(s);
  }
  if (v.contains("storage_backings") && v["storage_backings"].is_array()) {
    for (const nlohmann::json& b : v["storage_backings"]) {
      absl::StatusOr<std::string> ds = StringField(b, "datastore_id", "library storage");
      if (!ds.ok()) return ds.status();
      if (!ds->empty()) l.datastore_ids.push_back(*std::move(ds));
    }
  }
  return l;
}

absl::StatusOr<LibraryItem> DecodeItem(const nlohmann::json& v) {
  LibraryItem i;
  for (auto [field, key] : {std::pair{&i.id, "id"}, std::pair{&i.library_id, "library_id"},
                            std::pair{&i.name, "name"}, std::pair{&i.type, "type"}}) {
    absl::StatusOr<std::string> s = StringField(v, key, "library item");
    if (!s.ok()) return s.status();
    *field = *std::move(s);
  }
  return i;
}

// One update session of a library item: opened, files added, then completed, or failed with the
// error that stopped it (vCenter then discards what was added). `what` prefixes every error.
class UpdateSession {
 public:
  static absl::StatusOr<UpdateSession> Open(RestSession& rest, std::string_view item_id,
                                            std::string what, CallOptions options = {}) {
    absl::StatusOr<std::string> id = CreatedId(
        rest.Call(Method::kPost, kUpdateSession,
                  nlohmann::json{{"create_spec", {{"library_item_id", item_id}}}}, options),
        "update session");
    if (!id.ok()) return Annotate(id.status(), what);
    return UpdateSession(rest, *std::move(id), std::move(what), std::move(options));
  }

  absl::StatusOr<nlohmann::json> AddFile(const nlohmann::json& file_spec) {
    return rest_.Call(Method::kPost,
                      absl::StrCat(AbslView(kUpdateSessionFile), "/id:", id_, "?~action=add"),
                      nlohmann::json{{"file_spec", file_spec}}, options_);
  }

  // Tells vCenter the session failed (best effort) and returns `s` prefixed with `what`.
  absl::Status Fail(const absl::Status& s) {
    (void)rest_.Call(Method::kPost, Path("fail"),
                     nlohmann::json{{"client_error_message", std::string(s.message())}});
    return Annotate(s, what_);
  }

  absl::Status Complete() {
    absl::StatusOr<nlohmann::json> done = rest_.Call(Method::kPost, Path("complete"), {}, options_);
    return done.ok() ? absl::OkStatus() : Fail(done.status());
  }

  // The session's files ("name", "status", …) and the session itself ("state", "error_message").
  absl::StatusOr<nlohmann::json> Files() {
    return rest_.Call(Method::kGet,
                      absl::StrCat(AbslView(kUpdateSessionFile), "?update_session_id=", id_), {},
                      options_);
  }
  absl::StatusOr<nlohmann::json> Get() {
    return rest_.Call(Method::kGet, absl::StrCat(AbslView(kUpdateSession), "/id:", id_), {},
                      options_);
  }

  void set_options(CallOptions options) { options_ = std::move(options); }

 private:
  UpdateSession(RestSession& rest, std::string id, std::string what, CallOptions options)
      : rest_(rest), id_(std::move(id)), what_(std::move(what)), options_(std::move(options)) {}
  std::string Path(std::string_view action) const {
    return absl::StrCat(AbslView(kUpdateSession), "/id:", id_, "?~action=", AbslView(action));
  }

  RestSession& rest_;
  std::string id_;
  std::string what_;
  CallOptions options_;
};

}  // namespace

absl::StatusOr<Library> ContentLibrary::GetLibrary(std::string_view id,
                                                   const CallOptions& options) const {
  absl::StatusOr<nlohmann::json> v =
      rest_.Call(Method::kGet, absl::StrCat(AbslView(kLibrary), "/id:", AbslView(id)), {}, options);
  if (!v.ok()) return v.status();
  return DecodeLibrary(*v);
}

absl::StatusOr<std::optional<Library>> ContentLibrary::FindLibrary(
    std::string_view name, const CallOptions& options) const {
  absl::StatusOr<nlohmann::json> v =
      rest_.Call(Method::kPost, absl::StrCat(AbslView(kLibrary), "?~action=find"),
                 nlohmann::json{{"spec", {{"name", name}}}}, options);
  if (!v.ok()) return v.status();
  absl::StatusOr<std::vector<std::string>> ids = StringArray(*v, "library ids");
  if (!ids.ok()) return ids.status();
  for (const std::string& id : *ids) {
    absl::StatusOr<Library> l = GetLibrary(id, options);
    if (!l.ok()) return l.status();
    if (l->name == name) return std::optional<Library>(*std::move(l));
  }
  return std::optional<Library>();
}

absl::StatusOr<std::string> ContentLibrary::CreateLocalLibrary(std::string_view name,
                                                               std::string_view datastore,
                                                               const CallOptions& options) const {
  nlohmann::json spec = {
      {"name", name},
      {"type", "LOCAL"},
      {"storage_backings", {{{"type", "DATASTORE"}, {"datastore_id", datastore}}}}};
  return CreatedId(
      rest_.Call(Method::kPost, kLocalLibrary, nlohmann::json{{"create_spec", spec}}, options),
      "created library");
}

absl::StatusOr<std::string> ContentLibrary::EnsureLocalLibrary(std::string_view name,
                                                               std::string_view datastore,
                                                               const CallOptions& options) const {
  absl::StatusOr<std::optional<Library>> found = FindLibrary(name, options);
  if (!found.ok()) return found.status();
  if (found->has_value()) return (*found)->id;
  return CreateLocalLibrary(name, datastore, options);
}

absl::StatusOr<std::vector<std::string>> ContentLibrary::ListItemIds(
    std::string_view library_id, const CallOptions& options) const {
  absl::StatusOr<nlohmann::json> v =
      rest_.Call(Method::kGet, absl::StrCat(AbslView(kItem), "?library_id=", AbslView(library_id)),
                 {}, options);
  if (!v.ok()) return v.status();
  return StringArray(*v, "library item ids");
}

absl::StatusOr<LibraryItem> ContentLibrary::GetItem(std::string_view id,
                                                    const CallOptions& options) const {
  absl::StatusOr<nlohmann::json> v =
      rest_.Call(Method::kGet, absl::StrCat(AbslView(kItem), "/id:", AbslView(id)), {}, options);
  if (!v.ok()) return v.status();
  return DecodeItem(*v);
}

absl::StatusOr<std::optional<LibraryItem>> ContentLibrary::FindItem(
    std::string_view library_id, std::string_view name, const CallOptions& options) const {
  absl::StatusOr<nlohmann::json> v =
      rest_.Call(Method::kPost, absl::StrCat(AbslView(kItem), "?~action=find"),
                 nlohmann::json{{"spec", {{"library_id", library_id}, {"name", name}}}}, options);
  if (!v.ok()) return v.status();
  absl::StatusOr<std::vector<std::string>> ids = StringArray(*v, "library item ids");
  if (!ids.ok()) return ids.status();
  for (const std::string& id : *ids) {
    absl::StatusOr<LibraryItem> item = GetItem(id, options);
    if (!item.ok()) return item.status();
    if (item->name == name && item->library_id == library_id) {
      return std::optional<LibraryItem>(*std::move(item));
    }
  }
  return std::optional<LibraryItem>();
}

absl::StatusOr<std::string> ContentLibrary::CreateItem(std::string_view library_id,
                                                       std::string_view name, std::string_view type,
                                                       const CallOptions& options) const {
  nlohmann::json spec = {{"library_id", library_id}, {"name", name}, {"type", type}};
  return CreatedId(rest_.Call(Method::kPost, kItem, nlohmann::json{{"create_spec", spec}}, options),
                   "created library item");
}

absl::StatusOr<std::vector<std::string>> ContentLibrary::ListFileNames(
    std::string_view item_id, const CallOptions& options) const {
  absl::StatusOr<nlohmann::json> v = rest_.Call(
      Method::kGet, absl::StrCat(AbslView(kItemFile), "?library_item_id=", AbslView(item_id)), {},
      options);
  if (!v.ok()) return v.status();
  std::vector<std::string> names;
  for (const nlohmann::json& f : v->is_array() ? *v : nlohmann::json::array()) {
    absl::StatusOr<std::string> name = StringField(f, "name", "library item file");
    if (!name.ok()) return name.status();
    names.push_back(*std::move(name));
  }
  return names;
}

absl::Status ContentLibrary::PullFile(std::string_view item_id, const PullSpec& spec,
                                      absl::Time deadline, const CallOptions& options) const {
  auto bounded = [&] {  // options with the time left
    CallOptions o = options;
    o.timeout = std::max(deadline - absl::Now(), absl::Milliseconds(1));
    return o;
  };
  auto stop = [&]() -> absl::Status {
    if (options.cancelled && options.cancelled()) return absl::CancelledError("cancelled");
    if (absl::Now() + kPullPoll >= deadline) {
      return absl::DeadlineExceededError("the download did not finish in time");
    }
    absl::SleepFor(kPullPoll);
    return absl::OkStatus();
  };
  auto vcenter_error = [&](const nlohmann::json& session) {
    std::string message = "the download failed";
    if (session.is_object() && session.contains("error_message") &&
        session["error_message"].is_object()) {
      message = session["error_message"].value("default_message", message);
    }
    return absl::UnavailableError(
        absl::StrCat("vCenter could not download ", spec.url, ": ", message));
  };

  absl::StatusOr<UpdateSession> session = UpdateSession::Open(
      rest_, item_id, absl::StrCat("pulling ", spec.url, " into library item ", AbslView(item_id)),
      bounded());
  if (!session.ok()) return session.status();
  nlohmann::json file = {
      {"name", spec.file_name}, {"source_type", "PULL"}, {"source_endpoint", {{"uri", spec.url}}}};
  if (!spec.sha256.empty()) {
    file["checksum_info"] = {{"algorithm", "SHA256"}, {"checksum", spec.sha256}};
  }
  if (absl::StatusOr<nlohmann::json> added = session->AddFile(file); !added.ok()) {
    return session->Fail(added.status());
  }
  for (;;) {  // every file READY
    session->set_options(bounded());
    absl::StatusOr<nlohmann::json> listed = session->Files();
    if (!listed.ok()) return session->Fail(listed.status());
    bool all_ready = listed->is_array() && !listed->empty();
    for (const nlohmann::json& f : listed->is_array() ? *listed : nlohmann::json::array()) {
      absl::StatusOr<std::string> status = StringField(f, "status", "update session file");
      if (!status.ok()) return session->Fail(status.status());
      if (*status == "ERROR") {
        absl::StatusOr<nlohmann::json> state = session->Get();
        return session->Fail(vcenter_error(state.ok() ? *state : nlohmann::json()));
      }
      if (*status != "READY") all_ready = false;
    }
    if (all_ready) break;
    if (absl::Status s = stop(); !s.ok()) return session->Fail(s);
  }
  if (absl::Status s = session->Complete(); !s.ok()) return s;
  for (;;) {  // vCenter finishes the item (govc's WaitOnLibraryItemUpdateSession)
    session->set_options(bounded());
    absl::StatusOr<nlohmann::json> state = session->Get();
    if (!state.ok()) return state.status();
    absl::StatusOr<std::string> name = StringField(*state, "state", "update session");
    if (!name.ok()) return name.status();
    if (*name == "ERROR") return vcenter_error(*state);
    if (*name != "ACTIVE") return absl::OkStatus();
    if (absl::Status s = stop(); !s.ok()) return s;
  }
}

absl::StatusOr<soap::MoRef> ContentLibrary::DeployOvf(std::string_view item_id,
                                                      const OvfDeploySpec& spec,
                                                      const CallOptions& options) const {
  std::string what =
      absl::StrCat("deploying library item ", AbslView(item_id), " as \"", spec.name, "\"");
  nlohmann::json target = {{"resource_pool_id", spec.resource_pool}};
  if (!spec.folder.empty()) target["folder_id"] = spec.folder;
  if (!spec.host.empty()) target["host_id"] = spec.host;
  nlohmann::json deployment = {{"name", spec.name}, {"accept_all_EULA", true}};
  if (!spec.datastore.empty()) deployment["default_datastore_id"] = spec.datastore;
  if (!spec.properties.empty()) {
    nlohmann::json properties = nlohmann::json::array();
    for (const vim::OptionValue& p : spec.properties) {
      properties.push_back({{"id", p.key}, {"value", p.value}});
    }
    deployment["additional_parameters"] = {{{"@class", "com.vmware.vcenter.ovf.property_params"},
                                            {"type", "PropertyParams"},
                                            {"properties", properties}}};
  }
  absl::StatusOr<nlohmann::json> v = rest_.Call(
      Method::kPost, absl::StrCat(AbslView(kOvfItem), "/id:", AbslView(item_id), "?~action=deploy"),
      nlohmann::json{{"target", target}, {"deployment_spec", deployment}}, options);
  if (!v.ok()) return Annotate(v.status(), what);
  if (v->is_object() && v->value("succeeded", false) && v->contains("resource_id")) {
    absl::StatusOr<std::string> type = StringField((*v)["resource_id"], "type", "resource_id");
    absl::StatusOr<std::string> id = StringField((*v)["resource_id"], "id", "resource_id");
    if (!type.ok()) return type.status();
    if (!id.ok()) return id.status();
    return soap::MoRef{*std::move(type), *std::move(id)};
  }
  std::vector<std::string> messages;
  if (v->is_object() && v->contains("error") && (*v)["error"].is_object()) {
    const nlohmann::json& errors = (*v)["error"].value("errors", nlohmann::json::array());
    for (const nlohmann::json& e : errors) {
      if (!e.is_object() || !e.contains("error")) continue;
      for (const nlohmann::json& m : e["error"].value("messages", nlohmann::json::array())) {
        if (m.is_object()) messages.push_back(m.value("default_message", ""));
      }
    }
  }
  return absl::InternalError(absl::StrCat(
      what, ": ", messages.empty() ? "the deployment failed" : absl::StrJoin(messages, "; ")));
}

}  // namespace eksa::vsphere::rest
