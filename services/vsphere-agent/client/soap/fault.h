// vim25 faults → absl::Status.
//
// A failed SOAP call answers HTTP 500 with
//   <soapenv:Fault><faultcode>ServerFaultCode</faultcode><faultstring>TEXT</faultstring>
//     <detail><InvalidLoginFault xmlns="urn:vim25" xsi:type="InvalidLogin">…</InvalidLoginFault>
//   </detail></soapenv:Fault>
// and a failed task reports info.error, a LocalizedMethodFault:
//   <error><fault xsi:type="InvalidPowerState">…</fault><localizedMessage>TEXT</localizedMessage>
// Both decode to a Fault, and FaultToStatus() maps its type to a code:
//
//   fault type                                   code
//   NotAuthenticated, InvalidLogin               kUnauthenticated  (session re-logs in on the
//   first) ManagedObjectNotFound, NotFound, FileNotFound kNotFound DuplicateName, AlreadyExists,
//   FileAlreadyExists kAlreadyExists NoPermission                                 kPermissionDenied
//   InvalidPowerState, InvalidState              kFailedPrecondition
//   TaskInProgress                               kAborted
//   InvalidArgument, InvalidName, InvalidRequest kInvalidArgument
//   NotSupported, NotImplemented                 kUnimplemented
//   RequestCanceled                              kCancelled
//   Timedout                                     kDeadlineExceeded
//   HostCommunication, HostNotConnected          kUnavailable
//   SystemError, RuntimeFault                    kInternal
//   any other type, or no typed detail           kUnknown
//
// The status message is "<type>: <faultstring>" ("InvalidLogin: Cannot complete login due to an
// incorrect user name or password."), or just the type when the text is empty (vcsim sends empty
// text for its own NotAuthenticated). The Fault travels as a status payload, so callers branch on
// the vim type, not on message text, even after eksa::Annotate():
//   if (IsFault(status, "DuplicateName")) …;  FaultFromStatus(status)->fields["name"]
#pragma once

#include <map>
#include <optional>
#include <pugixml.hpp>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace eksa::vsphere::soap {

struct Fault {
  // The vim25 fault type ("NotAuthenticated"): the detail element's xsi:type, else its name
  // without the "Fault" suffix. Empty when the fault has no typed detail.
  std::string type;
  // faultstring (SOAP fault) or localizedMessage (LocalizedMethodFault); may be empty.
  std::string message;
  // The typed fault's simple fields, by local name → text: DuplicateName {name, object},
  // ManagedObjectNotFound {obj}, TaskInProgress {task}, NoPermission {object, privilegeId},
  // InvalidPowerState {requestedState, existingState}. MoRef-valued fields hold the moid.
  // Nested or repeated fields are not kept (a repeated name keeps its first value).
  std::map<std::string, std::string> fields;
};

// The code for a vim25 fault type (table above).
absl::StatusCode FaultTypeToCode(std::string_view type);

// The status for `fault`: code per FaultTypeToCode, message as above, `fault` as payload.
absl::Status FaultToStatus(const Fault& fault);

// Decodes a <Fault> element in the SOAP envelope namespace (the `soapenv:Fault` child of Body).
// kInternal when `fault` is not such an element.
[[nodiscard]] absl::StatusOr<Fault> ParseSoapFault(pugi::xml_node fault);

// Decodes a LocalizedMethodFault: an element (TaskInfo's <error>, or a property value typed
// LocalizedMethodFault) whose children are <fault xsi:type="…"> and <localizedMessage>.
// kInternal when there is no <fault> child.
[[nodiscard]] absl::StatusOr<Fault> ParseLocalizedMethodFault(pugi::xml_node node);

// The Fault carried by a status made by FaultToStatus (kept through eksa::Annotate); nullopt for
// any other status.
std::optional<Fault> FaultFromStatus(const absl::Status& status);

// Whether `status` carries a fault of exactly `type`.
bool IsFault(const absl::Status& status, std::string_view type);

// The payload type URL the Fault is stored under.
inline constexpr std::string_view kFaultPayloadUrl = "type.eksa.dev/eksa.vsphere.soap.Fault";

}  // namespace eksa::vsphere::soap
