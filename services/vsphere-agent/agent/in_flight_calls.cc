#include "services/vsphere-agent/agent/in_flight_calls.h"

#include <set>
#include <utility>

namespace eksa::vsphere_agent {

InFlightCalls::Token::~Token() {
  if (calls_ != nullptr) calls_->End(id_);
}

InFlightCalls::Token InFlightCalls::Begin(std::string request_id) {
  absl::MutexLock lock(&mu_);
  const uint64_t id = next_id_++;
  calls_.emplace(id, std::move(request_id));
  return Token(this, id);
}

void InFlightCalls::End(uint64_t id) {
  absl::MutexLock lock(&mu_);
  calls_.erase(id);
}

InFlightCalls::Snapshot InFlightCalls::Take() const {
  absl::MutexLock lock(&mu_);
  std::set<std::string> ids;
  for (const auto& [id, request_id] : calls_) {
    if (!request_id.empty()) ids.insert(request_id);
  }
  return {.count = static_cast<int>(calls_.size()),
          .request_ids = std::vector<std::string>(ids.begin(), ids.end())};
}

}  // namespace eksa::vsphere_agent
