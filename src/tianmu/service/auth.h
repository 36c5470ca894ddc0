// Access control of the robot service: operator and viewer bearer tokens kept in a 0600 file in
// the data directory, compared in constant time, and per-client token-bucket rate limiting.
#pragma once

#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace tianmu::service {

/// What a caller may do: viewers read, operators also command the robot.
enum class Role { kViewer, kOperator };

/// "viewer" or "operator".
const char* RoleName(Role role);

/// The service's two tokens.
struct Tokens {
  std::string operator_token;  ///< may command the robot
  std::string viewer_token;    ///< may only read
};

/// The token file: DATA_DIR/service/tokens.json.
std::filesystem::path TokenFilePath(const std::filesystem::path& data_dir);

/// Reads the token file, or creates it (mode 0600, fresh random tokens) when absent; `created`
/// tells which. Raises InputError when the file is malformed or readable by others.
Tokens LoadOrCreateTokens(const std::filesystem::path& data_dir, bool* created = nullptr);

/// Replaces both tokens with fresh random ones: the new file is written owner-only beside the
/// old one and renamed over it (readers see the old or the new file, never a partial one).
/// Returns the new tokens; RuntimeError when the file cannot be written.
Tokens RotateTokens(const std::filesystem::path& data_dir);

/// 32 random bytes from the system's CSPRNG, hex-encoded, with `prefix`.
std::string RandomToken(const std::string& prefix);

/// Compares two strings in time independent of where they differ.
bool ConstantTimeEquals(std::string_view a, std::string_view b);

/// The role a bearer token grants, or nullopt when it matches neither token.
std::optional<Role> Authenticate(const Tokens& tokens, std::string_view token);

/// The token of an "Authorization: Bearer TOKEN" header value; "" when malformed or absent.
std::string BearerToken(std::string_view authorization_header);

/// Token buckets per client key: `rate_per_s` sustained, `burst` at once.
class RateLimiter {
 public:
  /// Limits each key to `rate_per_s` requests per second with bursts of `burst`.
  RateLimiter(double rate_per_s, double burst);
  /// Takes one request from `key`'s bucket; false (and the wait in `retry_after_s`) when empty.
  bool Allow(const std::string& key, std::chrono::steady_clock::time_point now,
             double* retry_after_s = nullptr);

 private:
  struct Bucket {
    double tokens = 0;
    std::chrono::steady_clock::time_point updated;
  };
  double rate_per_s_;
  double burst_;
  std::map<std::string, Bucket> buckets_;
};

}  // namespace tianmu::service
