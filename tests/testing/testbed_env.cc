#include "tests/testing/testbed_env.h"

#include <cstdlib>
#include <fstream>
#include <string_view>

namespace eksa::testing {

std::map<std::string, std::string> ReadTestbedEnv(const std::string& dir) {
  std::map<std::string, std::string> env;
  std::ifstream in(dir + "/env");
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("export ", 0) != 0) continue;
    const std::string_view l = std::string_view(line).substr(7);
    const size_t eq = l.find('=');
    if (eq == std::string_view::npos) continue;
    std::string value;
    for (size_t i = eq + 1; i < l.size(); ++i) {
      if (l[i] == '\\' && i + 1 < l.size()) ++i;  // %q escapes with backslashes
      value += l[i];
    }
    env[std::string(l.substr(0, eq))] = value;
  }
  return env;
}

std::map<std::string, std::string> ReadTestbedEnvFromEnvironment() {
  const char* dir = std::getenv("EKSA_TESTBED_DIR");
  if (dir == nullptr) return {};
  return ReadTestbedEnv(dir);
}

}  // namespace eksa::testing
