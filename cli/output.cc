#include "cli/output.h"

#include <cstdio>

namespace eksa::cli {

using planner::v1::Event;

std::string HumanDuration(int64_t ms) {
  char buf[32];
  if (ms < 1000) {
    std::snprintf(buf, sizeof buf, "%lldms", static_cast<long long>(ms));
  } else if (ms < 60'000) {
    std::snprintf(buf, sizeof buf, "%.1fs", ms / 1000.0);
  } else if (ms < 3'600'000) {
    std::snprintf(buf, sizeof buf, "%lldm%llds", static_cast<long long>(ms / 60'000),
                  static_cast<long long>(ms / 1000 % 60));
  } else {
    std::snprintf(buf, sizeof buf, "%lldh%lldm", static_cast<long long>(ms / 3'600'000),
                  static_cast<long long>(ms / 60'000 % 60));
  }
  return buf;
}

std::string RenderEvent(const Event& e, int verbosity) {
  if (e.verbosity() > verbosity) return "";
  const int64_t ms = e.duration().seconds() * 1000 + e.duration().nanos() / 1'000'000;
  switch (e.type()) {
    case planner::v1::EVENT_TYPE_TASK_FINISHED: {
      std::string line = (e.status_code() == 0 ? "✅ " : "❌ ") + e.message();
      if (verbosity >= 4) line += " (" + e.task_id() + ", " + HumanDuration(ms) + ")";
      return line;
    }
    case planner::v1::EVENT_TYPE_TASK_STARTED:
    case planner::v1::EVENT_TYPE_TASK_RETRY:
      return "  " + e.message();
    default:
      return e.message();
  }
}

}  // namespace eksa::cli
