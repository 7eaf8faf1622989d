// absl::string_view from std::string_view and back: Debian's Abseil has its own string_view type,
// so absl::StrCat and friends do not take std::string_view (docs/NOTES.md). eksa's APIs take
// std::string_view and convert at the call:
//
//   absl::StrCat("deploying ", AbslView(name));
#pragma once

#include <string_view>

#include "absl/strings/string_view.h"

namespace eksa {

inline absl::string_view AbslView(std::string_view s) { return {s.data(), s.size()}; }
inline std::string_view StdView(absl::string_view s) { return {s.data(), s.size()}; }

}  // namespace eksa
