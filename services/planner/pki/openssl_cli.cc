#include "services/planner/pki/openssl_cli.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace eksa::planner::pki::testing {

TempDir::TempDir() {
  const char* base = std::getenv("TEST_TMPDIR");
  std::string tmpl = std::string(base != nullptr ? base : "/tmp") + "/eksa_pki_XXXXXX";
  if (mkdtemp(tmpl.data()) == nullptr) ADD_FAILURE() << "mkdtemp failed";
  path_ = tmpl;
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

std::string TempDir::Write(const std::string& name, const std::string& content) const {
  const std::string file = path_ + "/" + name;
  std::filesystem::create_directories(std::filesystem::path(file).parent_path());
  std::ofstream out(file, std::ios::binary);
  out << content;
  if (!out) ADD_FAILURE() << "cannot write " << file;
  return file;
}

eksa::testing::CommandResult Openssl(const std::vector<std::string>& args) {
  std::vector<std::string> argv = {"/usr/bin/openssl"};
  argv.insert(argv.end(), args.begin(), args.end());
  return eksa::testing::RunCommand(argv);
}

std::string X509Text(const std::string& cert_path, const std::vector<std::string>& args) {
  std::vector<std::string> argv = {"x509", "-in", cert_path, "-noout"};
  argv.insert(argv.end(), args.begin(), args.end());
  eksa::testing::CommandResult r = Openssl(argv);
  EXPECT_EQ(r.exit_code, 0) << "openssl x509 failed: " << r.err;
  return r.out;
}

}  // namespace eksa::planner::pki::testing
