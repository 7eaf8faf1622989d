// vAPI REST errors → absl::Status.
//
// An /rest call that fails answers a 4xx/5xx whose JSON body names the error type:
//   {"type":"com.vmware.vapi.std.errors.already_exists","value":{"messages":[
//     {"id":"…","default_message":"An object with the name os already exists."}]}}
// (the simulator sends the type with an empty value). The type maps to a code:
//
//   vAPI error (com.vmware.vapi.std.errors.*)        code
//   already_exists                                   kAlreadyExists
//   not_found                                        kNotFound
//   invalid_argument, invalid_element_type,
//     invalid_element_configuration, invalid_request kInvalidArgument
//   unauthenticated                                  kUnauthenticated
//   unauthorized                                     kPermissionDenied
//   service_unavailable                              kUnavailable
//   resource_busy, concurrent_change                 kAborted
//   not_allowed_in_current_state,
//     resource_inaccessible, resource_in_use         kFailedPrecondition
//   unsupported, operation_not_found                 kUnimplemented
//   timed_out                                        kDeadlineExceeded
//   canceled                                         kCancelled
//   unable_to_allocate_resource                      kResourceExhausted
//   error, internal_server_error                     kInternal
//   other types                                      kUnknown
// A body without a type (the simulator's "404 page not found", a proxy's page) falls back to
// transport::HttpStatusToStatus.
#pragma once

#include <string_view>

#include "absl/status/status.h"

namespace eksa::vsphere::rest {

// The code of vAPI error type `type` (full "com.vmware.vapi.std.errors.x" or just "x").
absl::StatusCode VapiErrorToCode(std::string_view type);

// The status of an HTTP answer: OK for 2xx; otherwise the vAPI error's code with the message
// "<context>: <short type>[: <default messages joined by "; ">]", or HttpStatusToStatus.
// `context` names the call ("POST /rest/com/vmware/cis/tagging/category").
absl::Status RestErrorToStatus(int http_status, std::string_view body, std::string_view context);

}  // namespace eksa::vsphere::rest
