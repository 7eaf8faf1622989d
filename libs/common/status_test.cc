#include "libs/common/status.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/cord.h"
#include "libs/common/status_macros.h"
#include "tests/testing/status_matchers.h"

namespace eksa {
namespace {

using ::eksa::testing::IsOk;
using ::eksa::testing::IsOkAndHolds;
using ::eksa::testing::StatusIs;
using ::testing::Eq;
using ::testing::HasSubstr;
using ::testing::Pointee;

// ---- EKSA_RETURN_IF_ERROR -------------------------------------------------------------------

absl::Status ReturnIfErrorStatus(const absl::Status& in, int* reached) {
  EKSA_RETURN_IF_ERROR(in);
  ++*reached;
  return absl::OkStatus();
}

absl::Status ReturnIfErrorStatusOr(const absl::StatusOr<int>& in, int* reached) {
  EKSA_RETURN_IF_ERROR(in);
  ++*reached;
  return absl::OkStatus();
}

absl::StatusOr<std::string> ReturnIfErrorTemporary(bool fail, int* calls) {
  auto make = [&]() -> absl::StatusOr<std::string> {
    ++*calls;
    if (fail) return absl::NotFoundError("template ubuntu-2204");
    return std::string("ok");
  };
  EKSA_RETURN_IF_ERROR(make());  // a temporary StatusOr, evaluated once
  return std::string("done");
}

TEST(StatusMacrosTest, ReturnIfErrorPassesOkStatusThrough) {
  int reached = 0;
  EXPECT_THAT(ReturnIfErrorStatus(absl::OkStatus(), &reached), IsOk());
  EXPECT_EQ(reached, 1);
}

TEST(StatusMacrosTest, ReturnIfErrorReturnsFailedStatus) {
  int reached = 0;
  EXPECT_THAT(ReturnIfErrorStatus(absl::UnavailableError("vcenter down"), &reached),
              StatusIs(absl::StatusCode::kUnavailable, Eq("vcenter down")));
  EXPECT_EQ(reached, 0);
}

TEST(StatusMacrosTest, ReturnIfErrorAcceptsOkStatusOr) {
  int reached = 0;
  EXPECT_THAT(ReturnIfErrorStatusOr(7, &reached), IsOk());
  EXPECT_EQ(reached, 1);
}

TEST(StatusMacrosTest, ReturnIfErrorReturnsStatusOfFailedStatusOr) {
  int reached = 0;
  EXPECT_THAT(ReturnIfErrorStatusOr(absl::PermissionDeniedError("no role"), &reached),
              StatusIs(absl::StatusCode::kPermissionDenied, Eq("no role")));
  EXPECT_EQ(reached, 0);
}

TEST(StatusMacrosTest, ReturnIfErrorEvaluatesExpressionOnce) {
  int calls = 0;
  EXPECT_THAT(ReturnIfErrorTemporary(false, &calls), IsOkAndHolds(Eq("done")));
  EXPECT_EQ(calls, 1);
  calls = 0;
  EXPECT_THAT(ReturnIfErrorTemporary(true, &calls),
              StatusIs(absl::StatusCode::kNotFound, Eq("template ubuntu-2204")));
  EXPECT_EQ(calls, 1);
}

// ---- EKSA_ASSIGN_OR_RETURN ------------------------------------------------------------------

absl::StatusOr<int> Half(int n) {
  if (n % 2 != 0) return absl::InvalidArgumentError("odd number " + std::to_string(n));
  return n / 2;
}

absl::StatusOr<int> QuarterWithDeclaration(int n) {
  EKSA_ASSIGN_OR_RETURN(int half, Half(n));
  EKSA_ASSIGN_OR_RETURN(auto quarter, Half(half));  // two uses in one scope
  return quarter;
}

absl::StatusOr<int> QuarterIntoExisting(int n) {
  int value = -1;
  EKSA_ASSIGN_OR_RETURN(value, Half(n));
  EKSA_ASSIGN_OR_RETURN(value, Half(value));
  return value;
}

absl::StatusOr<std::unique_ptr<int>> MakeBox(bool fail) {
  if (fail) return absl::ResourceExhaustedError("no boxes left");
  return std::make_unique<int>(42);
}

absl::StatusOr<std::unique_ptr<int>> PassBox(bool fail) {
  EKSA_ASSIGN_OR_RETURN(std::unique_ptr<int> box, MakeBox(fail));  // move-only value
  return box;
}

absl::Status AssignInVoidLikeFunction(std::vector<int>* out) {
  EKSA_ASSIGN_OR_RETURN(out->emplace_back(), Half(8));  // lhs may be any assignable expression
  return absl::OkStatus();
}

TEST(StatusMacrosTest, AssignOrReturnDeclaresVariables) {
  EXPECT_THAT(QuarterWithDeclaration(12), IsOkAndHolds(3));
}

TEST(StatusMacrosTest, AssignOrReturnReturnsFirstError) {
  EXPECT_THAT(QuarterWithDeclaration(7),
              StatusIs(absl::StatusCode::kInvalidArgument, Eq("odd number 7")));
}

TEST(StatusMacrosTest, AssignOrReturnReturnsSecondError) {
  EXPECT_THAT(QuarterWithDeclaration(6),
              StatusIs(absl::StatusCode::kInvalidArgument, Eq("odd number 3")));
}

TEST(StatusMacrosTest, AssignOrReturnAssignsExistingVariable) {
  EXPECT_THAT(QuarterIntoExisting(20), IsOkAndHolds(5));
  EXPECT_THAT(QuarterIntoExisting(10),
              StatusIs(absl::StatusCode::kInvalidArgument, Eq("odd number 5")));
}

TEST(StatusMacrosTest, AssignOrReturnMovesMoveOnlyValues) {
  EXPECT_THAT(PassBox(false), IsOkAndHolds(Pointee(42)));
  EXPECT_THAT(PassBox(true), StatusIs(absl::StatusCode::kResourceExhausted, Eq("no boxes left")));
}

TEST(StatusMacrosTest, AssignOrReturnIntoExpression) {
  std::vector<int> out;
  EXPECT_THAT(AssignInVoidLikeFunction(&out), IsOk());
  EXPECT_THAT(out, ::testing::ElementsAre(4));
}

// ---- Annotate -------------------------------------------------------------------------------

TEST(AnnotateTest, PrefixesMessageAndKeepsCode) {
  absl::Status s = Annotate(absl::NotFoundError("no such vm"), "cloning template ubuntu-2204");
  EXPECT_THAT(
      s, StatusIs(absl::StatusCode::kNotFound, Eq("cloning template ubuntu-2204: no such vm")));
}

TEST(AnnotateTest, KeepsPayloads) {
  absl::Status in = absl::AbortedError("task in progress");
  in.SetPayload("type.eksa.dev/task", absl::Cord("task-42"));
  in.SetPayload("type.eksa.dev/retry", absl::Cord("later"));
  absl::Status out = Annotate(Annotate(in, "powering on vm-1"), "creating cluster mgmt");
  EXPECT_THAT(out, StatusIs(absl::StatusCode::kAborted,
                            Eq("creating cluster mgmt: powering on vm-1: task in progress")));
  ASSERT_TRUE(out.GetPayload("type.eksa.dev/task").has_value());
  EXPECT_EQ(std::string(*out.GetPayload("type.eksa.dev/task")), "task-42");
  ASSERT_TRUE(out.GetPayload("type.eksa.dev/retry").has_value());
  EXPECT_EQ(std::string(*out.GetPayload("type.eksa.dev/retry")), "later");
}

TEST(AnnotateTest, OkStaysOk) { EXPECT_THAT(Annotate(absl::OkStatus(), "anything"), IsOk()); }

TEST(AnnotateTest, EmptyContextLeavesStatusUnchanged) {
  EXPECT_THAT(Annotate(absl::InternalError("bug"), ""),
              StatusIs(absl::StatusCode::kInternal, Eq("bug")));
}

// ---- gRPC conversion ------------------------------------------------------------------------

struct CodePair {
  absl::StatusCode absl_code;
  grpc::StatusCode grpc_code;
};

constexpr CodePair kAllCodes[] = {
    {absl::StatusCode::kOk, grpc::StatusCode::OK},
    {absl::StatusCode::kCancelled, grpc::StatusCode::CANCELLED},
    {absl::StatusCode::kUnknown, grpc::StatusCode::UNKNOWN},
    {absl::StatusCode::kInvalidArgument, grpc::StatusCode::INVALID_ARGUMENT},
    {absl::StatusCode::kDeadlineExceeded, grpc::StatusCode::DEADLINE_EXCEEDED},
    {absl::StatusCode::kNotFound, grpc::StatusCode::NOT_FOUND},
    {absl::StatusCode::kAlreadyExists, grpc::StatusCode::ALREADY_EXISTS},
    {absl::StatusCode::kPermissionDenied, grpc::StatusCode::PERMISSION_DENIED},
    {absl::StatusCode::kResourceExhausted, grpc::StatusCode::RESOURCE_EXHAUSTED},
    {absl::StatusCode::kFailedPrecondition, grpc::StatusCode::FAILED_PRECONDITION},
    {absl::StatusCode::kAborted, grpc::StatusCode::ABORTED},
    {absl::StatusCode::kOutOfRange, grpc::StatusCode::OUT_OF_RANGE},
    {absl::StatusCode::kUnimplemented, grpc::StatusCode::UNIMPLEMENTED},
    {absl::StatusCode::kInternal, grpc::StatusCode::INTERNAL},
    {absl::StatusCode::kUnavailable, grpc::StatusCode::UNAVAILABLE},
    {absl::StatusCode::kDataLoss, grpc::StatusCode::DATA_LOSS},
    {absl::StatusCode::kUnauthenticated, grpc::StatusCode::UNAUTHENTICATED},
};

TEST(GrpcStatusTest, CoversAllSeventeenCodes) { EXPECT_EQ(std::size(kAllCodes), 17u); }

TEST(GrpcStatusTest, RoundTripsEveryCode) {
  for (const CodePair& c : kAllCodes) {
    SCOPED_TRACE(absl::StatusCodeToString(c.absl_code));
    const bool ok = c.absl_code == absl::StatusCode::kOk;
    const std::string message = ok ? "" : "message for " + absl::StatusCodeToString(c.absl_code);
    absl::Status in(c.absl_code, message);

    grpc::Status g = ToGrpcStatus(in);
    EXPECT_EQ(g.error_code(), c.grpc_code);
    EXPECT_EQ(g.error_message(), message);

    absl::Status back = FromGrpcStatus(g);
    EXPECT_THAT(back, StatusIs(c.absl_code, Eq(message)));
    EXPECT_EQ(back, in);

    absl::Status from_grpc = FromGrpcStatus(grpc::Status(c.grpc_code, message));
    EXPECT_THAT(from_grpc, StatusIs(c.absl_code, Eq(message)));
  }
}

TEST(GrpcStatusTest, OkHasNoMessage) {
  grpc::Status g = ToGrpcStatus(absl::OkStatus());
  EXPECT_TRUE(g.ok());
  EXPECT_EQ(g.error_message(), "");
  EXPECT_THAT(FromGrpcStatus(grpc::Status::OK), IsOk());
}

TEST(GrpcStatusTest, KeepsMessageBytes) {
  const std::string message = "cloning \"vm-1\": caf\xC3\xA9\nline two";
  EXPECT_EQ(ToGrpcStatus(absl::UnavailableError(message)).error_message(), message);
  EXPECT_THAT(FromGrpcStatus(grpc::Status(grpc::StatusCode::UNAVAILABLE, message)),
              StatusIs(absl::StatusCode::kUnavailable, Eq(message)));
}

}  // namespace
}  // namespace eksa
