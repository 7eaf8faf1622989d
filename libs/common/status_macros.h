// Propagation macros for absl::Status and absl::StatusOr.
//
// They follow the semantics of Abseil's later ABSL_RETURN_IF_ERROR / ABSL_ASSIGN_OR_RETURN (not in
// Debian 12's Abseil 20220623), so a mechanical rename can swap them later.
#pragma once

#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

#define EKSA_STATUS_MACROS_CONCAT_INNER_(x, y) x##y
#define EKSA_STATUS_MACROS_CONCAT_(x, y) EKSA_STATUS_MACROS_CONCAT_INNER_(x, y)

// Evaluates `expr` (an absl::Status or absl::StatusOr<T>); returns its status from the enclosing
// function when it is not OK.
#define EKSA_RETURN_IF_ERROR(expr)                                                  \
  do {                                                                              \
    if (auto eksa_status_ = ::eksa::internal::AsStatus(expr); !eksa_status_.ok()) { \
      return eksa_status_;                                                          \
    }                                                                               \
  } while (false)

// `EKSA_ASSIGN_OR_RETURN(lhs, rexpr)`: evaluates `rexpr` (an absl::StatusOr<T>); on error returns
// its status, otherwise move-assigns the value to `lhs`, which may be a declaration
// (`EKSA_ASSIGN_OR_RETURN(auto x, F())`).
#define EKSA_ASSIGN_OR_RETURN(lhs, rexpr) \
  EKSA_ASSIGN_OR_RETURN_IMPL_(EKSA_STATUS_MACROS_CONCAT_(eksa_statusor_, __LINE__), lhs, rexpr)

#define EKSA_ASSIGN_OR_RETURN_IMPL_(statusor, lhs, rexpr) \
  auto statusor = (rexpr);                                \
  if (!statusor.ok()) {                                   \
    return std::move(statusor).status();                  \
  }                                                       \
  lhs = *std::move(statusor)

namespace eksa::internal {
inline const absl::Status& AsStatus(const absl::Status& s) { return s; }
template <typename T>
const absl::Status& AsStatus(const absl::StatusOr<T>& s) {
  return s.status();
}
}  // namespace eksa::internal
