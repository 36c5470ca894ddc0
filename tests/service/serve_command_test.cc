// `tianmu serve` from the outside: --print-token creates the 0600 token file and prints the
// operator token; --rotate-tokens replaces both; a short run listens on the port it prints; bad
// flags are input errors.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include "run_command.h"
#include "service_test_util.h"
#include "tianmu/service/auth.h"

namespace tianmu::service {
namespace {

const std::string kCli = TIANMU_CLI;

TEST(ServeCommand, PrintTokenCreatesTheOwnerOnlyTokenFileOnce) {
  testing::TempDir dir;
  const auto first =
      tianmu::testing::RunCommand(kCli + " serve --print-token --data-dir " + dir.path().string());
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_EQ(first.out.rfind("tmo_", 0), 0u) << first.out;
  struct stat st {};
  ASSERT_EQ(::stat(TokenFilePath(dir.path()).c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  const auto second =
      tianmu::testing::RunCommand(kCli + " serve --print-token --data-dir " + dir.path().string());
  EXPECT_EQ(second.out, first.out);
}

TEST(ServeCommand, RotateTokensReplacesBothTokensInTheOwnerOnlyFileAndPrintsThem) {
  testing::TempDir dir;
  const Tokens before = LoadOrCreateTokens(dir.path());
  const auto r = tianmu::testing::RunCommand(kCli + " serve --rotate-tokens --data-dir " +
                                             dir.path().string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const Tokens after = LoadOrCreateTokens(dir.path());
  EXPECT_NE(after.operator_token, before.operator_token);
  EXPECT_NE(after.viewer_token, before.viewer_token);
  EXPECT_NE(r.out.find("operator token: " + after.operator_token), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("viewer token:   " + after.viewer_token), std::string::npos) << r.out;
  struct stat st {};
  ASSERT_EQ(::stat(TokenFilePath(dir.path()).c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
}

TEST(ServeCommand, ShortRunPrintsTheAddressAndTheTokensOnFirstStart) {
  testing::TempDir dir;
  const auto r = tianmu::testing::RunCommand(kCli + " serve --port 0 --duration 1 --data-dir " +
                                             dir.path().string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("listening on 127.0.0.1:"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("operator tmo_"), std::string::npos) << r.out;
  EXPECT_NE(r.err.find("deadline misses"), std::string::npos) << r.err;
}

TEST(ServeCommand, BadBindAddressOrPortIsAnInputError) {
  testing::TempDir dir;
  auto r = tianmu::testing::RunCommand(kCli + " serve --bind localhost --port 0 --data-dir " +
                                       dir.path().string());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--bind"), std::string::npos) << r.err;
  r = tianmu::testing::RunCommand(kCli + " serve --port 70000 --data-dir " + dir.path().string());
  EXPECT_EQ(r.exit_code, 2);
  r = tianmu::testing::RunCommand(kCli + " serve --port 0 --allow-origin robot.lan --data-dir " +
                                  dir.path().string());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--allow-origin"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace tianmu::service
