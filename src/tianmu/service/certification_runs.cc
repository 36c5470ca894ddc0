#include "tianmu/service/certification_runs.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <ctime>
#include <fstream>
#include <sstream>
#include <thread>

#include "tianmu/certify/registry.h"
#include "tianmu/certify/test_item.h"
#include "tianmu/core/atomic_file.h"
#include "tianmu/core/error.h"

extern char** environ;

namespace tianmu::service {
namespace {

namespace fs = std::filesystem;

std::string UtcStamp(const char* format) {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char text[64];
  std::strftime(text, sizeof(text), format, &tm);
  return text;
}

std::string JoinItems(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items) out += (out.empty() ? "" : ",") + item;
  return out;
}

}  // namespace

bool IsValidRunId(const std::string& id) {
  return !id.empty() && id.size() <= 64 && std::all_of(id.begin(), id.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-';
  });
}

nlohmann::json CertificationRun::ToJson() const {
  return {{"id", id},
          {"suite", request.suite},
          {"items", request.items},
          {"trials", request.trials},
          {"state", state},
          {"started_utc", started_utc},
          {"exit_code", exit_code}};
}

CertificationRuns::CertificationRuns(fs::path root, fs::path executable, std::string robot)
    : root_(std::move(root)), executable_(std::move(executable)), robot_(std::move(robot)) {}

CertificationRuns::~CertificationRuns() { Terminate(); }

void CertificationRuns::Validate(const CertificationRequest& request) {
  try {
    certify::ParseSuite(request.suite);
  } catch (const InputError&) {
    throw InputError("field 'suite': unknown suite '" + request.suite +
                     "' (expected quick, full or ci)");
  }
  try {
    certify::Registry::Default().Select(request.items);
  } catch (const InputError& e) {
    std::string message = e.what();
    const std::string flag = "--items: ";
    if (message.rfind(flag, 0) == 0) message = message.substr(flag.size());
    throw InputError("field 'items': " + message);
  }
  if (request.trials < 0 || request.trials > 100) {
    throw InputError("field 'trials': expected an integer in [1, 100]");
  }
}

CertificationRun CertificationRuns::Start(const CertificationRequest& request) {
  Validate(request);
  Poll();
  CertificationRun run;
  run.request = request;
  run.started_utc = UtcStamp("%Y-%m-%dT%H:%M:%SZ");
  const std::string stamp = UtcStamp("%Y%m%dT%H%M%SZ");
  run.id = stamp;
  for (int k = 2; fs::exists(root_ / run.id) || session_.count(run.id) != 0; ++k) {
    run.id = stamp + "-" + std::to_string(k);
  }
  run.dir = root_ / run.id;
  std::error_code ec;
  fs::create_directories(run.dir, ec);
  if (ec) throw RuntimeError("cannot create " + run.dir.string() + ": " + ec.message());
  nlohmann::json meta = run.ToJson();
  meta.erase("state");
  meta.erase("exit_code");
  WriteFileAtomically(run.dir / "run.json", meta.dump(2) + "\n");

  std::vector<std::string> args = {
      executable_.string(), "certify", "--robot",       robot_, "--suite",
      request.suite,        "--out",   run.dir.string()};
  if (!request.items.empty()) {
    args.push_back("--items");
    args.push_back(JoinItems(request.items));
  }
  if (request.trials > 0) {
    args.push_back("--trials");
    args.push_back(std::to_string(request.trials));
  }
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);

  // The child gets its own process group (so its workers can be stopped together), signals
  // unblocked (the daemon blocks SIGINT/SIGTERM), no inherited descriptors, and a log file.
  const std::string log = (run.dir / "certify.log").string();
  posix_spawn_file_actions_t actions;
  posix_spawnattr_t attr;
  posix_spawn_file_actions_init(&actions);
  posix_spawnattr_init(&attr);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  posix_spawn_file_actions_addclosefrom_np(&actions, 3);
  sigset_t none;
  sigemptyset(&none);
  posix_spawnattr_setsigmask(&attr, &none);
  posix_spawnattr_setpgroup(&attr, 0);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETPGROUP);
  pid_t pid = -1;
  const int rc = posix_spawn(&pid, executable_.c_str(), &actions, &attr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  if (rc != 0) {
    throw RuntimeError("cannot start " + executable_.string() + ": " + std::strerror(rc));
  }
  child_ = pid;
  child_id_ = run.id;
  run.state = "running";
  session_[run.id] = run;
  return run;
}

void CertificationRuns::Poll() {
  if (child_ <= 0) return;
  int status = 0;
  const pid_t r = ::waitpid(child_, &status, WNOHANG);
  if (r == 0) return;
  CertificationRun& run = session_[child_id_];
  run.exit_code = r == child_ && WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  // certify exits 1 when an item fails its bar: the run itself is complete when it wrote results.
  run.state = fs::is_regular_file(run.dir / "results.json") ? "done" : "failed";
  child_ = -1;
  child_id_.clear();
}

std::optional<CertificationRun> CertificationRuns::Running() {
  Poll();
  if (child_ <= 0) return std::nullopt;
  return session_.at(child_id_);
}

CertificationRun CertificationRuns::FromDisk(const fs::path& dir) const {
  CertificationRun run;
  run.id = dir.filename().string();
  run.dir = dir;
  std::ifstream in(dir / "run.json");
  const nlohmann::json meta = nlohmann::json::parse(in, nullptr, false);
  if (meta.is_object()) {
    run.request.suite = meta.value("suite", "");
    if (meta.contains("items") && meta["items"].is_array()) {
      for (const auto& item : meta["items"]) {
        if (item.is_string()) run.request.items.push_back(item.get<std::string>());
      }
    }
    run.request.trials = meta.value("trials", 0);
    run.started_utc = meta.value("started_utc", "");
  }
  // A run of an earlier session either finished (results.json) or was interrupted.
  run.state = fs::is_regular_file(dir / "results.json") ? "done" : "failed";
  return run;
}

std::vector<CertificationRun> CertificationRuns::List() {
  Poll();
  std::map<std::string, CertificationRun> runs = session_;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(root_, ec)) {
    const std::string id = entry.path().filename().string();
    if (!entry.is_directory() || !IsValidRunId(id) || runs.count(id) != 0) continue;
    if (!fs::is_regular_file(entry.path() / "run.json")) continue;
    runs[id] = FromDisk(entry.path());
  }
  std::vector<CertificationRun> out;
  for (auto it = runs.rbegin(); it != runs.rend(); ++it) out.push_back(it->second);
  return out;
}

std::optional<CertificationRun> CertificationRuns::Find(const std::string& id) {
  if (!IsValidRunId(id)) return std::nullopt;
  Poll();
  if (const auto it = session_.find(id); it != session_.end()) return it->second;
  if (!fs::is_regular_file(root_ / id / "run.json")) return std::nullopt;
  return FromDisk(root_ / id);
}

void CertificationRuns::Terminate() {
  if (child_ <= 0) return;
  ::kill(-child_, SIGTERM);
  for (int k = 0; k < 40; ++k) {
    Poll();
    if (child_ <= 0) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ::kill(-child_, SIGKILL);
  int status = 0;
  ::waitpid(child_, &status, 0);
  session_[child_id_].state = "failed";
  child_ = -1;
  child_id_.clear();
}

}  // namespace tianmu::service
