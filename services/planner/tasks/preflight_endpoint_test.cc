// preflight-endpoint: EKS-A's "is the control-plane IP in use" dial, against 127.0.0.x listeners
// this test owns (never another address): a listener that accepts or a port that refuses means in
// use; an address that does not answer within the timeout means free.

#include "services/planner/tasks/task_test_util.h"
#include "services/planner/tasks/test_listener.h"

namespace eksa::planner::tasks::testing {
namespace {

using ::testing::HasSubstr;

class PreflightEndpointTest : public TasksTest {
 protected:
  void SetUp() override {
    TasksTest::SetUp();
    op_ = NewOperation(spec_);
  }

  absl::StatusOr<dag::TaskOutputs> Check(const Listener& target) {
    options_.endpoint_check_port = target.port();
    MakeRunner();
    return RunTask(op_, TaskOf(spec_, "preflight-endpoint", "", /*ip_check=*/true));
  }

  LabSpec spec_{.endpoint = "127.0.0.57"};
  std::string op_;
};

TEST_F(PreflightEndpointTest, ListeningEndpointIsInUse) {
  Listener listening("127.0.0.57", /*listening=*/true);
  EXPECT_THAT(Check(listening),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("control plane endpoint 127.0.0.57 is already in use")));
}

TEST_F(PreflightEndpointTest, RefusedConnectionMeansInUse) {
  Listener bound_only("127.0.0.57", /*listening=*/false);  // the port refuses
  EXPECT_THAT(Check(bound_only), StatusIs(absl::StatusCode::kFailedPrecondition,
                                          HasSubstr("127.0.0.57 is already in use")));
}

TEST_F(PreflightEndpointTest, SilentEndpointIsFreeAfterTheTimeout) {
  Listener silent("127.0.0.57", /*listening=*/true, /*saturated=*/true);
  options_.endpoint_check_timeout = absl::Milliseconds(300);
  const absl::Time start = absl::Now();
  absl::StatusOr<dag::TaskOutputs> out = Check(silent);
  ASSERT_THAT(out, IsOk());
  EXPECT_EQ(out->at("in-use"), "false");
  EXPECT_GE(absl::Now() - start, absl::Milliseconds(250));
}

TEST_F(PreflightEndpointTest, EndpointThatIsNotAnIpv4AddressIsRejected) {
  dag::TaskSpec task = TaskOf(spec_, "preflight-endpoint", "", true);
  task.params["host"] = "cp.example.com";
  EXPECT_THAT(RunTask(op_, task),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("is not an IPv4 address")));
}

}  // namespace
}  // namespace eksa::planner::tasks::testing
