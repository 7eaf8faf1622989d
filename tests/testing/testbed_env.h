// The testbed's environment file, `DIR/env` (written by tests/testbed/up DIR; tests find DIR in
// $EKSA_TESTBED_DIR): `export NAME=value` lines, values escaped by bash's printf %q.
#pragma once

#include <map>
#include <string>

namespace eksa::testing {

// NAME → value of `dir`/env; empty when the file cannot be read.
std::map<std::string, std::string> ReadTestbedEnv(const std::string& dir);

// ReadTestbedEnv($EKSA_TESTBED_DIR); empty when the variable is unset.
std::map<std::string, std::string> ReadTestbedEnvFromEnvironment();

}  // namespace eksa::testing
