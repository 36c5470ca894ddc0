// Certification runs started through the service: each is the `tianmu certify` executable run as
// a child process (never in the robot loop) writing DATA_DIR/certification/<id>/; the list of
// runs, their state and their reports, including runs of earlier daemon sessions.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace tianmu::service {

/// What to run: a suite ("quick" or "full"), optionally only some items and a trial count.
struct CertificationRequest {
  std::string suite = "quick";
  std::vector<std::string> items;  ///< item ids (empty: the whole suite)
  int trials = 0;                  ///< trials per item (0: the suite's own count)
};

/// One run as the API reports it.
struct CertificationRun {
  std::string id;  ///< e.g. "20261125T174501Z"
  CertificationRequest request;
  std::string started_utc;  ///< ISO 8601
  std::string state;        ///< "running", "done" (results.json written) or "failed"
  int exit_code = -1;       ///< of the certify process, -1 while running or when unknown
  std::filesystem::path dir;

  /// {id, suite, items, trials, state, started_utc, exit_code}.
  nlohmann::json ToJson() const;
};

/// The runs under one directory. Not thread-safe: the service calls it from its server thread.
class CertificationRuns {
 public:
  /// Runs go to `root`/<id>; `executable` is the tianmu command, `robot` its --robot argument.
  CertificationRuns(std::filesystem::path root, std::filesystem::path executable,
                    std::string robot);
  /// Terminates a run still going (its process group).
  ~CertificationRuns();
  CertificationRuns(const CertificationRuns&) = delete;
  CertificationRuns& operator=(const CertificationRuns&) = delete;

  /// Checks `request` (InputError naming the field "suite", "items" or "trials").
  static void Validate(const CertificationRequest& request);
  /// Starts a run in the background (RuntimeError when the process cannot be started).
  CertificationRun Start(const CertificationRequest& request);
  /// The run in progress, if any (reaps a finished child first).
  std::optional<CertificationRun> Running();
  /// Every run, newest first: this session's and those found under the root.
  std::vector<CertificationRun> List();
  /// One run by id, or nullopt.
  std::optional<CertificationRun> Find(const std::string& id);
  /// Terminates the run in progress, if any, and waits for it.
  void Terminate();

 private:
  void Poll();
  CertificationRun FromDisk(const std::filesystem::path& dir) const;

  std::filesystem::path root_;
  std::filesystem::path executable_;
  std::string robot_;
  std::map<std::string, CertificationRun> session_;  ///< runs started by this object
  pid_t child_ = -1;
  std::string child_id_;
};

/// True for run ids the service creates ([0-9A-Za-z-]+, at most 64 characters).
bool IsValidRunId(const std::string& id);

}  // namespace tianmu::service
