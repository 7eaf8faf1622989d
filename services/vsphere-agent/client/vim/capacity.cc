#include "services/vsphere-agent/client/vim/capacity.h"

#include "libs/common/status.h"
#include "services/vsphere-agent/client/soap/xml.h"
#include "services/vsphere-agent/client/vim/values.h"

namespace eksa::vsphere::vim {

int64_t PoolMemory::AvailableMib() const {
  if (limit_mib < 0) return -1;
  return limit_mib - overall_usage_bytes / (1024 * 1024);
}

absl::StatusOr<DatastoreSpace> DecodeDatastoreSummary(pugi::xml_node summary) {
  if (!summary) return absl::InternalError("decoding DatastoreSummary: absent");
  DatastoreSpace d{.name = std::string(soap::ChildText(summary, "name")),
                   .type = std::string(soap::ChildText(summary, "type"))};
  absl::StatusOr<int64_t> capacity = ChildInt(summary, "capacity");
  absl::StatusOr<int64_t> free = ChildInt(summary, "freeSpace");
  absl::StatusOr<bool> accessible = ChildBool(summary, "accessible");
  if (!capacity.ok()) return capacity.status();
  if (!free.ok()) return free.status();
  if (!accessible.ok()) return accessible.status();
  d.capacity_bytes = *capacity;
  d.free_bytes = *free;
  d.accessible = *accessible;
  return d;
}

absl::StatusOr<PoolMemory> DecodePoolMemory(pugi::xml_node runtime, pugi::xml_node config) {
  if (!runtime || !config) return absl::InternalError("decoding resource pool memory: absent");
  PoolMemory m;
  pugi::xml_node usage = soap::Child(runtime, "memory");
  pugi::xml_node alloc = soap::Child(config, "memoryAllocation");
  for (auto [field, name] : {std::pair{&m.overall_usage_bytes, "overallUsage"},
                             std::pair{&m.max_usage_bytes, "maxUsage"},
                             std::pair{&m.unreserved_for_vm_bytes, "unreservedForVm"},
                             std::pair{&m.reservation_used_bytes, "reservationUsed"}}) {
    absl::StatusOr<int64_t> v = ChildInt(usage, name);
    if (!v.ok()) return v.status();
    *field = *v;
  }
  absl::StatusOr<int64_t> reservation = ChildInt(alloc, "reservation");
  absl::StatusOr<int64_t> limit = ChildInt(alloc, "limit", -1);
  absl::StatusOr<bool> expandable = ChildBool(alloc, "expandableReservation");
  if (!reservation.ok()) return reservation.status();
  if (!limit.ok()) return limit.status();
  if (!expandable.ok()) return expandable.status();
  m.reservation_mib = *reservation;
  m.limit_mib = *limit;
  m.expandable_reservation = *expandable;
  return m;
}

absl::StatusOr<DatastoreSpace> ReadDatastoreSpace(const PropertyCollector& pc,
                                                  const soap::MoRef& ds) {
  absl::StatusOr<ObjectContents> c = pc.RetrieveOne(ds, {"summary"});
  if (!c.ok()) return Annotate(c.status(), "reading datastore summary");
  return DecodeDatastoreSummary(c->objects().front().Get("summary"));
}

absl::StatusOr<PoolMemory> ReadPoolMemory(const PropertyCollector& pc, const soap::MoRef& pool) {
  absl::StatusOr<ObjectContents> c = pc.RetrieveOne(pool, {"runtime", "config"});
  if (!c.ok()) return Annotate(c.status(), "reading resource pool memory");
  const ObjectContent& o = c->objects().front();
  return DecodePoolMemory(o.Get("runtime"), o.Get("config"));
}

}  // namespace eksa::vsphere::vim
