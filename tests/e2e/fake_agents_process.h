// What e2e tests need to run eksa-fake-agents (fake_agents_main.cc) as a process: its path, and
// the addresses it prints once serving ("AGENTS vsphere=<addr|none> bootstrap=<addr>
// gitops=<addr>").
#pragma once

#include <string>

namespace eksa::testing {

inline std::string FakeAgentsPath() {
  return std::string(EKSA_BINARY_DIR) + "/tests/eksa-fake-agents";
}

// The value of `key=` in the AGENTS line; "" when the line has none.
inline std::string AgentsLineField(const std::string& line, const std::string& key) {
  const size_t at = line.find(key + "=");
  if (at == std::string::npos) return "";
  const size_t end = line.find(' ', at);
  return line.substr(at + key.size() + 1,
                     end == std::string::npos ? end : end - at - key.size() - 1);
}

}  // namespace eksa::testing
