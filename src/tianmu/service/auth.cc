#include "tianmu/service/auth.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "tianmu/core/error.h"

namespace tianmu::service {
namespace {

bool ReadRandom(unsigned char* out, std::size_t n) {
  const int fd = ::open("/dev/urandom", O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  std::size_t got = 0;
  while (got < n) {
    const ssize_t r = ::read(fd, out + got, n - got);
    if (r <= 0) break;
    got += static_cast<std::size_t>(r);
  }
  ::close(fd);
  return got == n;
}

}  // namespace

const char* RoleName(Role role) { return role == Role::kOperator ? "operator" : "viewer"; }

std::filesystem::path TokenFilePath(const std::filesystem::path& data_dir) {
  return data_dir / "service" / "tokens.json";
}

std::string RandomToken(const std::string& prefix) {
  std::array<unsigned char, 32> bytes{};
  if (!ReadRandom(bytes.data(), bytes.size())) {
    throw RuntimeError("cannot read /dev/urandom to generate a service token");
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out = prefix;
  for (unsigned char b : bytes) {
    out += kHex[b >> 4];
    out += kHex[b & 15];
  }
  return out;
}

Tokens LoadOrCreateTokens(const std::filesystem::path& data_dir, bool* created) {
  const std::filesystem::path path = TokenFilePath(data_dir);
  if (created != nullptr) *created = false;
  std::error_code ec;
  std::filesystem::create_directories(path.parent_path(), ec);
  if (ec || !std::filesystem::is_directory(path.parent_path())) {
    throw InputError(path.parent_path().string(), 0, "", "a directory that can be created");
  }
  if (!std::filesystem::exists(path)) {
    Tokens tokens{RandomToken("tmo_"), RandomToken("tmv_")};
    const std::string text =
        nlohmann::json{{"operator", tokens.operator_token}, {"viewer", tokens.viewer_token}}.dump(
            2) +
        "\n";
    // O_EXCL: two daemons starting at once never overwrite each other's tokens.
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd >= 0) {
      const ssize_t written = ::write(fd, text.data(), text.size());
      ::close(fd);
      if (written != static_cast<ssize_t>(text.size())) {
        std::filesystem::remove(path, ec);
        throw RuntimeError("cannot write the token file " + path.string());
      }
      if (created != nullptr) *created = true;
      return tokens;
    }
    if (errno != EEXIST) throw InputError(path.string(), 0, "", "a writable token file");
  }
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) throw InputError(path.string(), 0, "", "a readable file");
  if ((st.st_mode & 077) != 0) {
    throw InputError(path.string(), 0, "",
                     "a token file only its owner can read (chmod 600 " + path.string() + ")");
  }
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  const nlohmann::json j = nlohmann::json::parse(text.str(), nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    throw InputError(path.string(), 0, "", "a JSON object with operator and viewer tokens");
  }
  Tokens tokens;
  for (const char* field : {"operator", "viewer"}) {
    if (!j.contains(field) || !j[field].is_string() || j[field].get<std::string>().size() < 16) {
      throw InputError(path.string(), 0, field, "a token string of at least 16 characters");
    }
  }
  tokens.operator_token = j["operator"].get<std::string>();
  tokens.viewer_token = j["viewer"].get<std::string>();
  return tokens;
}

Tokens RotateTokens(const std::filesystem::path& data_dir) {
  const std::filesystem::path path = TokenFilePath(data_dir);
  std::error_code ec;
  std::filesystem::create_directories(path.parent_path(), ec);
  Tokens tokens{RandomToken("tmo_"), RandomToken("tmv_")};
  const std::string text =
      nlohmann::json{{"operator", tokens.operator_token}, {"viewer", tokens.viewer_token}}.dump(2) +
      "\n";
  const std::filesystem::path temp =
      path.parent_path() / (".tokens.json." + std::to_string(::getpid()) + ".tmp");
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) throw RuntimeError("cannot write " + temp.string());
  // O_TRUNC on a left-over temp file keeps its mode: make sure it is owner-only.
  const bool ok = ::fchmod(fd, 0600) == 0 &&
                  ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) &&
                  ::fsync(fd) == 0;
  ::close(fd);
  if (!ok || ::rename(temp.c_str(), path.c_str()) != 0) {
    std::filesystem::remove(temp, ec);
    throw RuntimeError("cannot replace the token file " + path.string());
  }
  return tokens;
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  // Every byte of the longer string is read whatever the contents; only the lengths leak.
  const std::size_t n = std::max(a.size(), b.size());
  unsigned char diff = a.size() == b.size() ? 0 : 1;
  for (std::size_t i = 0; i < n; ++i) {
    const unsigned char x = i < a.size() ? static_cast<unsigned char>(a[i]) : 0;
    const unsigned char y = i < b.size() ? static_cast<unsigned char>(b[i]) : 0;
    diff |= static_cast<unsigned char>(x ^ y);
  }
  return diff == 0;
}

std::optional<Role> Authenticate(const Tokens& tokens, std::string_view token) {
  if (token.empty()) return std::nullopt;
  const bool is_operator = ConstantTimeEquals(token, tokens.operator_token);
  const bool is_viewer = ConstantTimeEquals(token, tokens.viewer_token);
  if (is_operator) return Role::kOperator;
  if (is_viewer) return Role::kViewer;
  return std::nullopt;
}

std::string BearerToken(std::string_view header) {
  constexpr std::string_view kScheme = "Bearer ";
  if (header.size() <= kScheme.size()) return "";
  for (std::size_t i = 0; i < kScheme.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(header[i])) !=
        std::tolower(static_cast<unsigned char>(kScheme[i]))) {
      return "";
    }
  }
  std::string_view token = header.substr(kScheme.size());
  while (!token.empty() && token.front() == ' ') token.remove_prefix(1);
  while (!token.empty() && token.back() == ' ') token.remove_suffix(1);
  return std::string(token);
}

RateLimiter::RateLimiter(double rate_per_s, double burst)
    : rate_per_s_(rate_per_s), burst_(burst) {}

bool RateLimiter::Allow(const std::string& key, std::chrono::steady_clock::time_point now,
                        double* retry_after_s) {
  auto [it, inserted] = buckets_.try_emplace(key, Bucket{burst_, now});
  Bucket& b = it->second;
  if (!inserted) {
    const double elapsed_s = std::chrono::duration<double>(now - b.updated).count();
    b.tokens = std::min(burst_, b.tokens + elapsed_s * rate_per_s_);
    b.updated = now;
  }
  if (b.tokens >= 1) {
    b.tokens -= 1;
    return true;
  }
  if (retry_after_s != nullptr) *retry_after_s = (1 - b.tokens) / rate_per_s_;
  // Bound the table: forget buckets that have refilled (their state equals a fresh bucket).
  if (buckets_.size() > 4096) {
    for (auto i = buckets_.begin(); i != buckets_.end();) {
      const double idle_s = std::chrono::duration<double>(now - i->second.updated).count();
      i = idle_s * rate_per_s_ + i->second.tokens >= burst_ ? buckets_.erase(i) : std::next(i);
    }
  }
  return false;
}

}  // namespace tianmu::service
