// Token rotation: RotateTokens replaces both tokens with an owner-only file renamed into place,
// and a running daemon accepts the new tokens and refuses the old ones within about a second.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <chrono>
#include <thread>

#include "service_test_util.h"
#include "tianmu/service/auth.h"

namespace tianmu::service {
namespace {

using Clock = std::chrono::steady_clock;
using testing::Http;

TEST(TokenRotation, RotatedFileIsOwnerOnlyAndHoldsTwoNewTokens) {
  testing::TempDir dir;
  const Tokens before = LoadOrCreateTokens(dir.path());
  const Tokens rotated = RotateTokens(dir.path());
  EXPECT_NE(rotated.operator_token, before.operator_token);
  EXPECT_NE(rotated.viewer_token, before.viewer_token);
  EXPECT_NE(rotated.operator_token, rotated.viewer_token);
  const Tokens read = LoadOrCreateTokens(dir.path());
  EXPECT_EQ(read.operator_token, rotated.operator_token);
  EXPECT_EQ(read.viewer_token, rotated.viewer_token);
  struct stat st {};
  ASSERT_EQ(::stat(TokenFilePath(dir.path()).c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  // No temporary file is left beside it.
  int files = 0;
  for (const auto& entry :
       std::filesystem::directory_iterator(TokenFilePath(dir.path()).parent_path())) {
    (void)entry;
    ++files;
  }
  EXPECT_EQ(files, 1);
}

TEST(TokenRotation, RunningDaemonAcceptsTheNewTokensAndRefusesTheOldOnes) {
  testing::TestService s;
  const int port = s.port();
  const std::string old_operator = s.operator_token();
  const std::string old_viewer = s.viewer_token();
  ASSERT_EQ(Http(port, "GET", "/api/v1/state", old_operator).status, 200);
  const Tokens rotated = RotateTokens(s.dir.path());
  // The daemon looks at the file at most once a second: poll (every 100 ms, within the
  // failed-authentication burst) until the new operator token is accepted.
  const auto deadline = Clock::now() + std::chrono::seconds(5);
  int status = 0;
  while (Clock::now() < deadline) {
    status = Http(port, "GET", "/api/v1/state", rotated.operator_token).status;
    if (status == 200) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_EQ(status, 200) << "the new operator token was not accepted within 5 s";
  EXPECT_EQ(Http(port, "GET", "/api/v1/state", rotated.viewer_token).status, 200);
  EXPECT_EQ(Http(port, "GET", "/api/v1/state", old_operator).status, 401);
  EXPECT_EQ(Http(port, "GET", "/api/v1/state", old_viewer).status, 401);
  EXPECT_EQ(s.operator_token(), rotated.operator_token);
  // WebSocket upgrades use the new tokens too.
  EXPECT_NO_THROW(testing::OpenWebSocket(port, rotated.viewer_token));
}

}  // namespace
}  // namespace tianmu::service
