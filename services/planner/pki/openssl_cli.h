// Test helpers: a scratch directory and the real `openssl` command, so the pki tests check the
// generated material with a tool that shares none of our code paths.
#pragma once

#include <string>
#include <vector>

#include "tests/testing/command.h"

namespace eksa::planner::pki::testing {

// A fresh directory under TEST_TMPDIR / /tmp, removed with everything in it on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return path_; }
  // Writes `content` to `name` inside the directory and returns the file's path.
  std::string Write(const std::string& name, const std::string& content) const;

 private:
  std::string path_;
};

// Runs /usr/bin/openssl with `args`.
eksa::testing::CommandResult Openssl(const std::vector<std::string>& args);

// Runs `openssl x509 -in cert_path -noout <args...>` and returns its stdout (fails the test on a
// non-zero exit).
std::string X509Text(const std::string& cert_path, const std::vector<std::string>& args);

}  // namespace eksa::planner::pki::testing
