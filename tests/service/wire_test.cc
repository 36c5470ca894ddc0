// The service's wire formats and access control, without a running robot: HTTP parsing and its
// limits, the WebSocket handshake and frames (RFC 6455 examples), tokens, rate limiting.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <chrono>
#include <fstream>

#include "service_test_util.h"
#include "tianmu/core/error.h"
#include "tianmu/service/auth.h"
#include "tianmu/service/foxglove_ws.h"
#include "tianmu/service/http.h"
#include "tianmu/service/telemetry.h"

namespace tianmu::service {
namespace {

std::string Hex(const std::string& bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    out += kHex[c >> 4];
    out += kHex[c & 15];
  }
  return out;
}

TEST(Http, ParsesARequestWithBodyQueryAndHeaders) {
  const std::string raw =
      "POST /api/v1/walk?token=a%20b&x=1 HTTP/1.1\r\nHost: h\r\nContent-Type: application/json"
      "\r\nContent-Length: 13\r\n\r\n{\"vx_mps\":1}\nNEXT";
  HttpRequest r;
  std::size_t consumed = 0;
  int status = 0;
  std::string message;
  ASSERT_EQ(ParseHttpRequest(raw, {}, &r, &consumed, &status, &message), ParseStatus::kComplete);
  EXPECT_EQ(r.method, "POST");
  EXPECT_EQ(r.path, "/api/v1/walk");
  EXPECT_EQ(r.query.at("token"), "a b");
  EXPECT_EQ(r.Header("content-type"), "application/json");
  EXPECT_EQ(r.body, "{\"vx_mps\":1}\n");
  EXPECT_EQ(raw.substr(consumed), "NEXT");
  EXPECT_TRUE(r.keep_alive);
}

TEST(Http, WaitsForTheWholeBodyAndRejectsOversizeInput) {
  HttpRequest r;
  std::size_t consumed = 0;
  int status = 0;
  std::string message;
  EXPECT_EQ(ParseHttpRequest("GET / HTTP/1.1\r\nHost: h\r\n", {}, &r, &consumed, &status, &message),
            ParseStatus::kIncomplete);
  EXPECT_EQ(ParseHttpRequest("POST / HTTP/1.1\r\nContent-Length: 10\r\n\r\n12345", {}, &r,
                             &consumed, &status, &message),
            ParseStatus::kIncomplete);
  HttpLimits limits;
  limits.max_body_bytes = 100;
  EXPECT_EQ(ParseHttpRequest("POST / HTTP/1.1\r\nContent-Length: 101\r\n\r\n", limits, &r,
                             &consumed, &status, &message),
            ParseStatus::kError);
  EXPECT_EQ(status, 413);
  EXPECT_EQ(ParseHttpRequest(std::string(20000, 'a'), {}, &r, &consumed, &status, &message),
            ParseStatus::kError);
  EXPECT_EQ(status, 431);
  EXPECT_EQ(ParseHttpRequest("GARBAGE\r\n\r\n", {}, &r, &consumed, &status, &message),
            ParseStatus::kError);
  EXPECT_EQ(status, 400);
  EXPECT_EQ(ParseHttpRequest("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n", {}, &r,
                             &consumed, &status, &message),
            ParseStatus::kError);
  EXPECT_EQ(status, 501);
}

TEST(WebSocket, HandshakeAndDigestMatchTheStandardsExamples) {
  EXPECT_EQ(Hex(Sha1("abc")), "a9993e364706816aba3e25717850c26c9cd0d89d");
  EXPECT_EQ(Hex(Sha1("")), "da39a3ee5e6b4b0d3255bfef95601890afd80709");
  // RFC 6455 section 1.3.
  EXPECT_EQ(WebSocketAccept("dGhlIHNhbXBsZSBub25jZQ=="), "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
  EXPECT_EQ(Base64Encode("ab"), "YWI=");
}

TEST(WebSocket, DecodesMaskedClientFramesAndRejectsUnmaskedOnes) {
  const std::string text(300, 'x');
  const std::string frame = testing::ClientFrame(0x1, text);
  WsFrame f;
  std::size_t consumed = 0;
  int code = 0;
  ASSERT_EQ(ParseWsFrame(frame, 1024, &f, &consumed, &code), ParseStatus::kComplete);
  EXPECT_EQ(f.payload, text);
  EXPECT_EQ(consumed, frame.size());
  EXPECT_EQ(ParseWsFrame(frame.substr(0, 10), 1024, &f, &consumed, &code),
            ParseStatus::kIncomplete);
  EXPECT_EQ(ParseWsFrame(frame, 100, &f, &consumed, &code), ParseStatus::kError);
  EXPECT_EQ(code, 1009);
  EXPECT_EQ(ParseWsFrame(EncodeWsFrame(WsOpcode::kText, "hi"), 100, &f, &consumed, &code),
            ParseStatus::kError);
  EXPECT_EQ(code, 1002);
}

TEST(Foxglove, MessageDataHeaderIsOpcodeSubscriptionAndTimestampLittleEndian) {
  const std::string h = FoxgloveMessageHeader(0x01020304u, 0x1122334455667788ull);
  EXPECT_EQ(Hex(h),
            "01"
            "04030201"
            "8877665544332211");
}

TEST(Foxglove, SubscribeValidatesChannelsAndIds) {
  FoxgloveClient client;
  auto e =
      HandleFoxgloveText(&client, R"({"op":"subscribe","subscriptions":[{"id":7,"channelId":1}]})",
                         TelemetryChannels());
  EXPECT_TRUE(e.replies.empty());
  EXPECT_EQ(client.subscriptions.at(7), 1u);
  e = HandleFoxgloveText(
      &client,
      R"({"op":"subscribe","subscriptions":[{"id":7,"channelId":2},{"id":8,"channelId":99}]})",
      TelemetryChannels());
  EXPECT_EQ(e.replies.size(), 2u);
  e = HandleFoxgloveText(&client, "{not json", TelemetryChannels());
  ASSERT_EQ(e.replies.size(), 1u);
  EXPECT_NE(e.replies[0].find("\"level\":2"), std::string::npos);
  HandleFoxgloveText(&client, R"({"op":"unsubscribe","subscriptionIds":[7]})", TelemetryChannels());
  EXPECT_TRUE(client.subscriptions.empty());
}

TEST(Foxglove, EveryChannelSchemaAndMessageIsJsonWithTheSchemasProperties) {
  RobotSnapshot snapshot;
  snapshot.q_rad.assign(3, 0.1);
  snapshot.dq_radps = snapshot.tau_Nm = snapshot.temperature_C = snapshot.q_rad;
  snapshot.body_pose.assign(2, {0, 0, 0, 1, 0, 0, 0});
  model::RobotSpec spec;
  spec.joints.resize(3);
  ASSERT_EQ(TelemetryChannels().size(), 6u);
  for (const TelemetryChannel& c : TelemetryChannels()) {
    const nlohmann::json schema = nlohmann::json::parse(c.schema, nullptr, false);
    ASSERT_FALSE(schema.is_discarded()) << c.topic << ": " << c.schema;
    const nlohmann::json message =
        nlohmann::json::parse(TelemetryMessage(c.id, snapshot, spec, {"world", "base"}));
    for (const auto& [key, value] : schema["properties"].items()) {
      EXPECT_TRUE(message.contains(key)) << c.topic << " lacks " << key;
    }
    for (const auto& [key, value] : message.items()) {
      EXPECT_TRUE(schema["properties"].contains(key)) << c.topic << ": schema lacks " << key;
    }
  }
}

TEST(Auth, TokenFileIsCreatedOwnerOnlyAndReadBack) {
  testing::TempDir dir;
  bool created = false;
  const Tokens first = LoadOrCreateTokens(dir.path(), &created);
  EXPECT_TRUE(created);
  EXPECT_EQ(first.operator_token.rfind("tmo_", 0), 0u);
  EXPECT_EQ(first.operator_token.size(), 4u + 64u);
  EXPECT_NE(first.operator_token, first.viewer_token);
  struct stat st {};
  ASSERT_EQ(::stat(TokenFilePath(dir.path()).c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  const Tokens second = LoadOrCreateTokens(dir.path(), &created);
  EXPECT_FALSE(created);
  EXPECT_EQ(second.operator_token, first.operator_token);
  EXPECT_EQ(Authenticate(second, first.operator_token), Role::kOperator);
  EXPECT_EQ(Authenticate(second, first.viewer_token), Role::kViewer);
  EXPECT_FALSE(Authenticate(second, first.operator_token + "x"));
  EXPECT_FALSE(Authenticate(second, ""));
  // A token file others can read is refused, as ssh refuses such keys.
  ::chmod(TokenFilePath(dir.path()).c_str(), 0644);
  EXPECT_THROW(LoadOrCreateTokens(dir.path()), InputError);
}

TEST(Auth, BearerHeaderAndConstantTimeCompare) {
  EXPECT_EQ(BearerToken("Bearer abc"), "abc");
  EXPECT_EQ(BearerToken("bearer  abc "), "abc");
  EXPECT_EQ(BearerToken("Basic abc"), "");
  EXPECT_EQ(BearerToken(""), "");
  EXPECT_TRUE(ConstantTimeEquals("abc", "abc"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abd"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abcd"));
}

TEST(RateLimiter, AllowsTheBurstThenRefillsAtTheRate) {
  RateLimiter limiter(10, 5);
  const auto t0 = std::chrono::steady_clock::now();
  for (int i = 0; i < 5; ++i) EXPECT_TRUE(limiter.Allow("k", t0));
  double retry_s = 0;
  EXPECT_FALSE(limiter.Allow("k", t0, &retry_s));
  EXPECT_NEAR(retry_s, 0.1, 1e-9);
  EXPECT_TRUE(limiter.Allow("other", t0));  // buckets are per key
  EXPECT_TRUE(limiter.Allow("k", t0 + std::chrono::milliseconds(100)));
  EXPECT_FALSE(limiter.Allow("k", t0 + std::chrono::milliseconds(100)));
}

}  // namespace
}  // namespace tianmu::service
