// Golden files: the exact bytes of one Ubuntu first-control-plane cloud-config and one
// Bottlerocket worker TOML, from the deterministic fake inputs. Regenerate after an intended
// change with EKSA_UPDATE_GOLDENS=1 and review the diff.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "services/planner/userdata/fake_inputs.h"
#include "services/planner/userdata/userdata.h"
#include "tests/testing/command.h"
#include "tests/testing/status_matchers.h"

namespace eksa::planner::userdata {
namespace {

using ::eksa::testing::IsOk;

void CompareWithGolden(const std::string& name, const std::string& actual) {
  const std::string path = eksa::testing::SourcePath("services/planner/userdata/testdata/" + name);
  const char* update = std::getenv("EKSA_UPDATE_GOLDENS");
  if (update != nullptr && std::string(update) == "1") {
    std::ofstream(path, std::ios::binary) << actual;
  }
  std::ifstream in(path, std::ios::binary);
  ASSERT_TRUE(in) << "missing golden " << path << " (run with EKSA_UPDATE_GOLDENS=1)";
  std::stringstream want;
  want << in.rdbuf();
  EXPECT_EQ(actual, want.str()) << "golden " << path << " differs";
}

std::string Render(const MachineBootstrap& m) {
  absl::StatusOr<pki::Secret> data = RenderUserData(m, testing::FakePki(), testing::FakeToken());
  EXPECT_THAT(data, IsOk());
  return data.ok() ? data->Reveal() : "";
}

TEST(GoldenTest, UbuntuInitControlPlane) {
  CompareWithGolden("ubuntu_init_control_plane.yaml",
                    Render(testing::FakeMachine(Role::kInitControlPlane, OsFamily::kUbuntu)));
}

TEST(GoldenTest, BottlerocketWorker) {
  CompareWithGolden("bottlerocket_worker.toml",
                    Render(testing::FakeMachine(Role::kWorker, OsFamily::kBottlerocket)));
}

}  // namespace
}  // namespace eksa::planner::userdata
