#include "services/vsphere-agent/client/vim/update_set.h"

#include <string_view>
#include <utility>

#include "absl/strings/str_cat.h"
#include "libs/common/absl_view.h"
#include "services/vsphere-agent/client/soap/xml.h"
#include "services/vsphere-agent/client/vim/values.h"

namespace eksa::vsphere::vim {
namespace {

absl::Status Malformed(std::string_view what, std::string_view value) {
  return absl::InternalError(
      absl::StrCat("decoding UpdateSet: ", AbslView(what), " \"", AbslView(value), "\""));
}

absl::StatusOr<ObjectUpdateKind> ParseKind(std::string_view s) {
  if (s == "enter") return ObjectUpdateKind::kEnter;
  if (s == "modify") return ObjectUpdateKind::kModify;
  if (s == "leave") return ObjectUpdateKind::kLeave;
  return Malformed("unknown ObjectUpdate kind", s);
}

absl::StatusOr<PropertyChangeOp> ParseOp(std::string_view s) {
  if (s == "assign") return PropertyChangeOp::kAssign;
  if (s == "add") return PropertyChangeOp::kAdd;
  if (s == "remove") return PropertyChangeOp::kRemove;
  if (s == "indirectRemove") return PropertyChangeOp::kIndirectRemove;
  return Malformed("unknown PropertyChange op", s);
}

absl::StatusOr<ObjectUpdate> ParseObjectUpdate(pugi::xml_node node) {
  ObjectUpdate update;
  absl::StatusOr<ObjectUpdateKind> kind = ParseKind(soap::ChildText(node, "kind"));
  if (!kind.ok()) return kind.status();
  update.kind = *kind;
  absl::StatusOr<MoRef> obj = soap::ParseMoRef(soap::Child(node, "obj"));
  if (!obj.ok()) return obj.status();
  update.obj = *std::move(obj);
  for (pugi::xml_node c : soap::Children(node, "changeSet")) {
    absl::StatusOr<PropertyChangeOp> op = ParseOp(soap::ChildText(c, "op"));
    if (!op.ok()) return op.status();
    update.changes.push_back({std::string(soap::ChildText(c, "name")), *op, soap::Child(c, "val")});
  }
  absl::StatusOr<std::vector<MissingProperty>> missing = ParseMissingSet(node);
  if (!missing.ok()) return missing.status();
  update.missing = *std::move(missing);
  return update;
}

}  // namespace

absl::StatusOr<std::optional<UpdateSet>> ParseUpdateSet(pugi::xml_node returnval) {
  if (!returnval) return std::nullopt;
  UpdateSet set;
  pugi::xml_node version = soap::Child(returnval, "version");
  if (!version) return Malformed("no version", "");
  set.version = std::string(soap::Text(version));
  absl::StatusOr<bool> truncated = ChildBool(returnval, "truncated");
  if (!truncated.ok()) return truncated.status();
  set.truncated = *truncated;
  for (pugi::xml_node f : soap::Children(returnval, "filterSet")) {
    PropertyFilterUpdate filter;
    absl::StatusOr<MoRef> ref = soap::ParseMoRef(soap::Child(f, "filter"));
    if (!ref.ok()) return ref.status();
    filter.filter = *std::move(ref);
    for (pugi::xml_node o : soap::Children(f, "objectSet")) {
      absl::StatusOr<ObjectUpdate> update = ParseObjectUpdate(o);
      if (!update.ok()) return update.status();
      filter.objects.push_back(*std::move(update));
    }
    set.filters.push_back(std::move(filter));
  }
  return std::optional<UpdateSet>(std::move(set));
}

}  // namespace eksa::vsphere::vim
