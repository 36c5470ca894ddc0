#include "tianmu/motion/library.h"

#include <sqlite3.h>

#include <chrono>
#include <ctime>
#include <fstream>
#include <sstream>

#include "tianmu/core/atomic_file.h"
#include "tianmu/core/data_dir.h"
#include "tianmu/core/error.h"
#include "tianmu/motion/motion_map.h"
#include "tianmu/motion/starter_clips.h"

namespace tianmu::motion {
namespace fs = std::filesystem;
namespace {

// A prepared statement, finalised on scope exit.
class Statement {
 public:
  Statement(sqlite3* db, const std::string& sql) {
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt_, nullptr) != SQLITE_OK) {
      throw RuntimeError(std::string("motion library: ") + sqlite3_errmsg(db));
    }
  }
  ~Statement() { sqlite3_finalize(stmt_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  void Bind(int i, const std::string& s) {
    sqlite3_bind_text(stmt_, i, s.c_str(), static_cast<int>(s.size()), SQLITE_TRANSIENT);
  }
  void Bind(int i, double v) { sqlite3_bind_double(stmt_, i, v); }
  void Bind(int i, int v) { sqlite3_bind_int(stmt_, i, v); }
  /// True while rows come; raises on errors.
  bool Step() {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    throw RuntimeError(std::string("motion library: ") + sqlite3_errmsg(sqlite3_db_handle(stmt_)));
  }
  std::string Text(int i) const {
    const unsigned char* t = sqlite3_column_text(stmt_, i);
    return t ? reinterpret_cast<const char*>(t) : "";
  }
  double Double(int i) const { return sqlite3_column_double(stmt_, i); }
  int Int(int i) const { return sqlite3_column_int(stmt_, i); }

 private:
  sqlite3_stmt* stmt_ = nullptr;
};

constexpr const char* kColumns =
    "robot, name, kind, fps, frames, duration_s, source, licence, description, file, metrics, "
    "created_utc";

LibraryEntry ReadEntry(const Statement& s, const fs::path& dir) {
  LibraryEntry e;
  e.robot = s.Text(0);
  e.name = s.Text(1);
  e.kind = s.Text(2);
  e.fps = s.Double(3);
  e.frames = s.Int(4);
  e.duration_s = s.Double(5);
  e.source = s.Text(6);
  e.licence = s.Text(7);
  e.description = s.Text(8);
  e.file = dir / s.Text(9);
  e.metrics = nlohmann::json::parse(s.Text(10), nullptr, /*allow_exceptions=*/false);
  if (e.metrics.is_discarded()) e.metrics = nlohmann::json::object();
  e.created_utc = s.Text(11);
  return e;
}

std::string NowUtc() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

}  // namespace

nlohmann::json LibraryEntry::ToJson() const {
  return {{"robot", robot},
          {"name", name},
          {"kind", kind},
          {"fps", fps},
          {"frames", frames},
          {"duration_s", duration_s},
          {"source", source},
          {"licence", licence},
          {"description", description},
          {"file", file.string()},
          {"metrics", metrics},
          {"created_utc", created_utc}};
}

bool IsValidClipName(const std::string& name) {
  if (name.empty() || name.size() > 64) return false;
  for (char c : name) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-')) return false;
  }
  return true;
}

fs::path DefaultLibraryDir() { return DataDir() / "motions"; }

void MotionLibrary::Closer::operator()(sqlite3* db) const { sqlite3_close(db); }

MotionLibrary::MotionLibrary(const fs::path& dir) : dir_(dir) {
  std::error_code ec;
  fs::create_directories(dir_, ec);
  if (ec || !fs::is_directory(dir_)) {
    throw InputError(dir_.string(), 0, "",
                     "a directory for the motion library (" + ec.message() + ")");
  }
  sqlite3* raw = nullptr;
  const fs::path db_path = dir_ / "library.sqlite";
  const int rc =
      sqlite3_open_v2(db_path.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
  db_.reset(raw);
  if (rc != SQLITE_OK) {
    throw InputError(
        db_path.string(), 0, "",
        std::string("an SQLite database (") + (raw ? sqlite3_errmsg(raw) : "no memory") + ")");
  }
  sqlite3_busy_timeout(db_.get(), 5000);
  Exec(
      "CREATE TABLE IF NOT EXISTS clips (robot TEXT NOT NULL, name TEXT NOT NULL, kind TEXT, "
      "fps REAL, frames INTEGER, duration_s REAL, source TEXT, licence TEXT, description TEXT, "
      "file TEXT, metrics TEXT, created_utc TEXT, PRIMARY KEY (robot, name));"
      "CREATE TABLE IF NOT EXISTS seeded (robot TEXT PRIMARY KEY);");
}

MotionLibrary::~MotionLibrary() = default;

void MotionLibrary::Exec(const std::string& sql) const {
  char* message = nullptr;
  if (sqlite3_exec(db_.get(), sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
    const std::string text = message ? message : "unknown error";
    sqlite3_free(message);
    throw RuntimeError("motion library " + (dir_ / "library.sqlite").string() + ": " + text);
  }
}

int MotionLibrary::EnsureStarterClips(const model::RobotSpec& spec) {
  {
    Statement s(db_.get(), "SELECT robot FROM seeded WHERE robot = ?1");
    s.Bind(1, spec.name);
    if (s.Step()) return 0;
  }
  int added = 0;
  // One transaction for the whole seeding: one sync to disk instead of one per clip.
  Exec("BEGIN IMMEDIATE");
  struct Rollback {
    const MotionLibrary* library;
    bool done = false;
    ~Rollback() {
      if (!done) sqlite3_exec(library->db_.get(), "ROLLBACK", nullptr, nullptr, nullptr);
    }
  } rollback{this};
  const fs::path map_path = DefaultMotionMapPath(spec);
  if (fs::exists(map_path)) {
    const MotionMap map = LoadMotionMap(map_path, spec);
    for (const RobotClip& clip : MakeStarterClips(spec, map)) {
      if (Find(spec.name, clip.name)) continue;  // a user's clip of the same name wins
      Add(clip, /*force=*/false);
      ++added;
    }
  }
  {
    Statement s(db_.get(), "INSERT OR IGNORE INTO seeded (robot) VALUES (?1)");
    s.Bind(1, spec.name);
    s.Step();
  }
  Exec("COMMIT");
  rollback.done = true;
  return added;
}

std::vector<LibraryEntry> MotionLibrary::List(const std::string& robot) const {
  Statement s(db_.get(), std::string("SELECT ") + kColumns +
                             " FROM clips WHERE ?1 = '' OR robot = ?1 ORDER BY robot, name");
  s.Bind(1, robot);
  std::vector<LibraryEntry> out;
  while (s.Step()) out.push_back(ReadEntry(s, dir_));
  return out;
}

std::optional<LibraryEntry> MotionLibrary::Find(const std::string& robot,
                                                const std::string& name) const {
  Statement s(db_.get(),
              std::string("SELECT ") + kColumns + " FROM clips WHERE robot = ?1 AND name = ?2");
  s.Bind(1, robot);
  s.Bind(2, name);
  if (!s.Step()) return std::nullopt;
  return ReadEntry(s, dir_);
}

LibraryEntry MotionLibrary::Get(const std::string& robot, const std::string& name) const {
  if (auto e = Find(robot, name)) return *e;
  std::string known;
  for (const LibraryEntry& e : List(robot)) known += (known.empty() ? "" : ", ") + e.name;
  throw InputError("no clip '" + name + "' for robot " + robot + " in " + dir_.string() +
                   " (known: " + (known.empty() ? "none" : known) + ")");
}

void MotionLibrary::Add(const RobotClip& clip, bool force, const fs::path& human_source) {
  if (!IsValidClipName(clip.name)) {
    throw InputError("--name: expected a clip name [a-z0-9_-]+ (at most 64), got '" + clip.name +
                     "'");
  }
  if (!force && Find(clip.robot, clip.name)) {
    throw InputError("clip '" + clip.name + "' for robot " + clip.robot + " already exists in " +
                     dir_.string() + " (use --force to replace it)");
  }
  const fs::path relative = fs::path(clip.robot) / (clip.name + ".json");
  fs::create_directories(dir_ / clip.robot);
  SaveRobotClip(clip, dir_ / relative);
  if (!human_source.empty()) {
    fs::create_directories(dir_ / "human");
    std::ifstream in(human_source, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    WriteFileAtomically(dir_ / "human" / (clip.robot + "-" + clip.name + ".bvh"), text.str());
  }
  Statement s(db_.get(), std::string("INSERT OR REPLACE INTO clips (") + kColumns +
                             ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)");
  s.Bind(1, clip.robot);
  s.Bind(2, clip.name);
  s.Bind(3, clip.kind);
  s.Bind(4, clip.fps);
  s.Bind(5, clip.num_frames());
  s.Bind(6, clip.duration_s());
  s.Bind(7, clip.source);
  s.Bind(8, clip.licence);
  s.Bind(9, clip.description);
  s.Bind(10, relative.string());
  s.Bind(11, clip.metrics.dump());
  s.Bind(12, NowUtc());
  s.Step();
}

RobotClip MotionLibrary::Load(const LibraryEntry& entry) const { return LoadRobotClip(entry.file); }

}  // namespace tianmu::motion
