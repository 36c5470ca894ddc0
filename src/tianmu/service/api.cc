#include "tianmu/service/api.h"

#include <sys/stat.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <sstream>

#include "tianmu/core/error.h"
#include "tianmu/knowledge/object_store.h"
#include "tianmu/motion/library.h"
#include "tianmu/record/episode_file.h"
#include "tianmu/service/request_body.h"
#include "tianmu/service/static_files.h"
#include "tianmu/service/telemetry.h"
#include "tianmu/sim/scene.h"

namespace tianmu::service {
namespace {

using Clock = std::chrono::steady_clock;

HttpResponse Json(int status, const nlohmann::json& body) {
  HttpResponse r;
  r.status = status;
  r.body = body.dump() + "\n";
  return r;
}

HttpResponse Error(int status, const std::string& message, const std::string& field = "") {
  return JsonErrorResponse(status, message, field);
}

// True for dataset names: [a-z0-9_-]+, at most 64 characters.
bool IsValidDatasetName(const std::string& name) {
  return !name.empty() && name.size() <= 64 && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
  });
}

// True while the controller steps: starting, walking or stopping a walk.
bool IsStepping(const std::string& mode) {
  return mode == "starting" || mode == "walking" || mode == "stopping";
}

std::string ReadWholeFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream content;
  content << in.rdbuf();
  return content.str();
}

}  // namespace

std::filesystem::path DefaultDashboardDir() {
  std::vector<std::filesystem::path> candidates;
  if (const char* dir = std::getenv("TIANMU_WEB"); dir != nullptr && *dir != '\0') {
    candidates.emplace_back(dir);
  }
  candidates.emplace_back(TIANMU_SOURCE_WEB_DIR);
  candidates.emplace_back(TIANMU_INSTALL_WEB_DIR);
  for (const std::filesystem::path& dir : candidates) {
    std::error_code ec;
    if (std::filesystem::is_regular_file(dir / "index.html", ec)) return dir;
  }
  return {};
}

// One endpoint: method, path, the role it needs (nullopt: public), and what it does.
struct RobotService::Route {
  const char* method;
  const char* path;
  bool needs_operator;
};

RobotService::RobotService(const model::RobotSpec& spec, RobotLoopOptions loop,
                           ServiceOptions options)
    : spec_(spec),
      options_(std::move(options)),
      limiter_(options_.rate_limit_per_s, options_.rate_limit_burst),
      origin_policy_(options_.server.bind_address, options_.allowed_origins),
      server_(options_.server, this) {
  tokens_ = LoadOrCreateTokens(options_.data_dir, &tokens_created_);
  tokens_checked_ = Clock::now();
  struct stat st {};
  if (::stat(TokenFilePath(options_.data_dir).c_str(), &st) == 0) {
    tokens_mtime_ns_ =
        static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
    tokens_inode_ = st.st_ino;
  }
  base_loop_ = loop;
  loop_ = std::make_unique<RobotLoop>(spec_, std::move(loop));
  std::filesystem::path certify = options_.certify_executable;
  if (certify.empty()) {
    std::error_code ec;
    certify = std::filesystem::read_symlink("/proc/self/exe", ec);
  }
  certification_ = std::make_unique<CertificationRuns>(
      options_.data_dir / "certification", certify,
      spec_.yaml_path.empty() ? spec_.name : spec_.yaml_path.string());
  session_id_ = std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(
                                   std::chrono::system_clock::now().time_since_epoch())
                                   .count());
  started_ = Clock::now();
}

RobotService::~RobotService() { Stop(); }

void RobotService::Start() {
  loop_->Start();
  next_telemetry_ = Clock::now();
  try {
    server_.Start();
  } catch (...) {
    loop_->Stop();
    throw;
  }
  origin_policy_.set_port(server_.port());
}

void RobotService::Stop() {
  server_.Stop();
  if (spawn_thread_.joinable()) spawn_thread_.join();
  bool recording = false;
  {
    const std::lock_guard<std::mutex> lock(recording_mutex_);
    recording = recording_ != nullptr;
  }
  if (recording) {
    // A recording still going when the daemon stops is kept, not lost (the worker has stopped:
    // this thread finishes it).
    try {
      FinishRecording();
    } catch (const std::exception& e) {
      std::fprintf(stderr, "tianmu serve: recording: %s\n", e.what());
    }
  }
  loop_->Stop();
  if (certification_) certification_->Terminate();
}

Tokens RobotService::tokens() const {
  const std::lock_guard<std::mutex> lock(tokens_mutex_);
  return tokens_;
}

void RobotService::RefreshTokens() {
  // `tianmu serve --rotate-tokens` renames a new file into place: a changed inode or mtime,
  // looked at no more than once a second, makes the daemon read it.
  const auto now = Clock::now();
  if (now - tokens_checked_ < std::chrono::seconds(1)) return;
  tokens_checked_ = now;
  struct stat st {};
  if (::stat(TokenFilePath(options_.data_dir).c_str(), &st) != 0) return;  // keep the old ones
  const std::int64_t mtime_ns =
      static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
  if (mtime_ns == tokens_mtime_ns_ && st.st_ino == tokens_inode_) return;
  tokens_mtime_ns_ = mtime_ns;
  tokens_inode_ = st.st_ino;
  try {
    Tokens fresh = LoadOrCreateTokens(options_.data_dir);
    {
      const std::lock_guard<std::mutex> lock(tokens_mutex_);
      tokens_ = std::move(fresh);
    }
    AddEvent(1, "the token file changed: new tokens are in force");
  } catch (const std::exception& e) {
    // A broken or world-readable file is refused; the tokens in force stay.
    AddEvent(2, std::string("the token file changed but was refused: ") + e.what());
  }
}

ServiceStats RobotService::stats() const {
  ServiceStats s;
  s.requests = requests_.load();
  s.telemetry_messages = telemetry_messages_.load();
  s.deadman_stops = deadman_stops_.load();
  s.websocket_clients = websocket_clients_.load();
  s.dropped_frames = server_.dropped_frames();
  s.dropped_connections = server_.dropped_connections();
  return s;
}

void RobotService::AddEvent(int level, const std::string& message) {
  const RobotSnapshot snapshot = loop_->Snapshot();
  const std::lock_guard<std::mutex> lock(events_mutex_);
  events_.push_back({{"time_s", snapshot.time_s},
                     {"level", level == 0   ? "info"
                               : level == 1 ? "warning"
                                            : "error"},
                     {"message", message}});
  while (events_.size() > 50) events_.pop_front();
}

HttpResponse RobotService::OnRequest(int conn, const HttpRequest& request,
                                     const std::string& peer) {
  ++requests_;
  if (const std::string why = origin_policy_.Check(request); !why.empty()) return Error(403, why);
  if (request.path.rfind("/api/", 0) != 0) {
    // Canonicalising the path and reading the file are disk work: the worker does them.
    HttpResponse r;
    r.deferred = [this, request] { return ServeStatic(request); };
    return r;
  }
  if (request.path == "/api/v1/health") {
    if (request.method != "GET") return Error(405, "use GET");
    return Json(200, {{"status", "ok"}});
  }
  const std::string token = BearerToken(request.Header("authorization"));
  RefreshTokens();
  const std::optional<Role> role = Authenticate(tokens_, token);
  const auto now = Clock::now();
  if (!role) {
    // Failed attempts are rate limited per address, which slows down token guessing.
    const std::string ip = peer.substr(0, peer.rfind(':'));
    double retry_s = 0;
    if (!limiter_.Allow("unauthenticated:" + ip, now, &retry_s)) {
      HttpResponse r = Error(429, "too many requests without a valid token");
      r.headers["Retry-After"] = std::to_string(static_cast<int>(std::ceil(retry_s)));
      return r;
    }
    HttpResponse r = Error(401, token.empty() ? "missing token: send 'Authorization: Bearer TOKEN' "
                                                "(tianmu serve --print-token)"
                                              : "invalid token");
    r.headers["WWW-Authenticate"] = "Bearer realm=\"tianmu\"";
    return r;
  }
  // Buckets per role and client address: one busy client cannot starve the others.
  Caller caller{*role, std::string(RoleName(*role)) + "@" + peer.substr(0, peer.rfind(':'))};
  // E-stop is never rate limited: an operator must always be able to stop the robot.
  const bool estop = request.path == "/api/v1/estop" && request.method == "POST";
  double retry_s = 0;
  if (!estop && !limiter_.Allow(caller.key, now, &retry_s)) {
    HttpResponse r = Error(
        429, "rate limit exceeded: " + std::to_string(static_cast<int>(options_.rate_limit_per_s)) +
                 " requests/s per token and address");
    r.headers["Retry-After"] = std::to_string(std::max(1, static_cast<int>(std::ceil(retry_s))));
    return r;
  }
  return Dispatch(conn, request, caller);
}

HttpResponse RobotService::Dispatch(int conn, const HttpRequest& request, const Caller& caller) {
  static const Route kRoutes[] = {
      {"GET", "/api/v1/session", false},
      {"GET", "/api/v1/info", false},
      {"GET", "/api/v1/model", false},
      {"GET", "/api/v1/model/geometry", false},
      {"GET", "/api/v1/state", false},
      {"GET", "/api/v1/events", false},
      {"GET", "/api/v1/scenes", false},
      {"GET", "/api/v1/motions", false},
      {"GET", "/api/v1/objects", false},
      {"GET", "/api/v1/recording", false},
      {"GET", "/api/v1/certification/reports", false},
      {"GET", "/api/v1/certification/reports/*", false},
      {"GET", "/api/v1/certification/reports/*/report.html", false},
      {"GET", "/api/v1/bodies", false},
      {"POST", "/api/v1/stand", true},
      {"POST", "/api/v1/walk", true},
      {"POST", "/api/v1/stop", true},
      {"POST", "/api/v1/estop", true},
      {"POST", "/api/v1/reset", true},
      {"POST", "/api/v1/keepalive", true},
      {"POST", "/api/v1/motions/play", true},
      {"POST", "/api/v1/objects/spawn", true},
      {"POST", "/api/v1/recording/start", true},
      {"POST", "/api/v1/recording/stop", true},
      {"POST", "/api/v1/certification/runs", true},
  };
  // A '*' in a pattern stands for one non-empty path segment.
  const auto matches = [&](const std::string& pattern) {
    const std::size_t star = pattern.find('*');
    if (star == std::string::npos) return request.path == pattern;
    const std::string prefix = pattern.substr(0, star), suffix = pattern.substr(star + 1);
    const std::string& p = request.path;
    if (p.size() <= prefix.size() + suffix.size() || p.rfind(prefix, 0) != 0 ||
        p.compare(p.size() - suffix.size(), suffix.size(), suffix) != 0) {
      return false;
    }
    return p.substr(prefix.size(), p.size() - prefix.size() - suffix.size()).find('/') ==
           std::string::npos;
  };
  const Route* route = nullptr;
  std::string allowed;
  for (const Route& r : kRoutes) {
    if (!matches(r.path)) continue;
    allowed += std::string(allowed.empty() ? "" : ", ") + r.method;
    if (request.method == r.method) route = &r;
  }
  if (route == nullptr) {
    if (allowed.empty()) return Error(404, "no endpoint " + request.path);
    HttpResponse r = Error(
        405, request.method + " is not allowed on " + request.path + " (use " + allowed + ")");
    r.headers["Allow"] = allowed;
    return r;
  }
  if (route->needs_operator && caller.role != Role::kOperator) {
    return Error(403, request.method + " " + request.path + " needs the operator token");
  }
  nlohmann::json body = nlohmann::json::object();
  HttpResponse error;
  const std::string path = route->path;
  // An e-stop is accepted whatever its body: it must never fail validation.
  if (request.method == "POST" && path != "/api/v1/estop" &&
      !ParseJsonBody(request, &body, &error)) {
    return error;
  }

  if (path == "/api/v1/session") return Json(200, {{"role", RoleName(caller.role)}});
  if (path == "/api/v1/info") return Json(200, InfoJson(caller));
  if (path == "/api/v1/model") return Json(200, ModelJson());
  if (path == "/api/v1/model/geometry") {
    HttpResponse r;
    r.body = loop_->Snapshot().model->geometry_json;
    return r;
  }
  if (path == "/api/v1/bodies") {
    const RobotSnapshot snapshot = loop_->Snapshot();
    nlohmann::json bodies = nlohmann::json::array();
    for (std::size_t b = 0; b < snapshot.body_pose.size(); ++b) {
      bodies.push_back(
          {{"name", snapshot.model->body_names.at(b)}, {"pose", snapshot.body_pose[b]}});
    }
    return Json(200, {{"time_s", snapshot.time_s}, {"bodies", bodies}});
  }
  if (path == "/api/v1/state") {
    nlohmann::json state = StateJson(loop_->Snapshot(), spec_);
    state["driving"] = driving_;
    state["warnings"] = nlohmann::json::array();
    const std::lock_guard<std::mutex> lock(events_mutex_);
    for (const nlohmann::json& e : events_) {
      if (e["level"] != "info") state["warnings"].push_back(e);
    }
    return Json(200, state);
  }
  if (path == "/api/v1/events") {
    nlohmann::json list = nlohmann::json::array();
    const std::lock_guard<std::mutex> lock(events_mutex_);
    for (const nlohmann::json& e : events_) list.push_back(e);
    return Json(200, {{"events", list}});
  }
  if (path == "/api/v1/scenes") return Json(200, {{"scenes", sim::ListScenes()}});
  if (path == "/api/v1/walk") return Walk(conn, body);
  if (path == "/api/v1/keepalive") {
    if (!OnlyFields(body, {}, &error)) return error;
    if (driving_) driver_heard_ = Clock::now();
    return Json(200, {{"driving", driving_}, {"deadman_timeout_s", options_.deadman_timeout_s}});
  }
  if (path == "/api/v1/stop" || path == "/api/v1/stand") {
    if (!OnlyFields(body, {}, &error)) return error;
    driving_ = false;
    driver_ws_conn_ = -1;
    RobotRequest r;
    if (path == "/api/v1/stop") {
      r.kind = RobotRequest::Kind::kWalk;  // zero velocity: stop walking, stand where it is
    } else {
      r.kind = RobotRequest::Kind::kStand;  // also back to the nominal posture
    }
    loop_->Post(r);
    return Json(202, {{"accepted", path.substr(8)}});
  }
  if (path == "/api/v1/estop") {
    // Any body is accepted: an e-stop must never fail validation. {"category": 2} asks for a
    // stop that holds the stand (power on) instead of the robot's default.
    const nlohmann::json asked = nlohmann::json::parse(request.body, nullptr, false);
    int category = 0;
    if (asked.is_object() && asked.contains("category") && asked["category"].is_number_integer()) {
      const int c = asked["category"].get<int>();
      if (c == 1 || c == 2) category = c;
    }
    loop_->EmergencyStop(category);
    driving_ = false;
    driver_ws_conn_ = -1;
    AddEvent(1, "emergency stop requested");
    return Json(202, {{"accepted", "estop"}});
  }
  if (path == "/api/v1/reset") {
    if (!OnlyFields(body, {}, &error)) return error;
    CollectSpawnResult();
    if (spawn_busy_.load()) {
      return Error(409, "the world is being rebuilt (spawn or reset): try again shortly");
    }
    driving_ = false;
    driver_ws_conn_ = -1;
    loop_->Post({RobotRequest::Kind::kWalk, {}});
    // The world is rebuilt (with the objects spawned so far) on a worker thread and swapped in
    // between two ticks: the loop never stops for the compilation.
    RebuildWorld(spawned_, "reset requested", "the robot was reset to the origin", "reset failed");
    return Json(202, {{"accepted", "reset"}});
  }
  if (path == "/api/v1/motions") {
    HttpResponse r;
    r.deferred = [this] {
      try {
        // Only the index is read: adding the starter clips retargets them (seconds of work);
        // `tianmu serve` adds them at start-up.
        motion::MotionLibrary library(options_.data_dir / "motions");
        nlohmann::json list = nlohmann::json::array();
        for (const motion::LibraryEntry& e : library.List(spec_.name)) list.push_back(e.ToJson());
        return Json(200, {{"robot", spec_.name}, {"motions", list}});
      } catch (const std::exception& e) {
        return Error(500, std::string("motion library: ") + e.what());
      }
    };
    return r;
  }
  if (path == "/api/v1/motions/play") return PlayMotion(body);
  if (path == "/api/v1/objects") {
    HttpResponse r;
    r.deferred = [this] {
      // SQLite on the worker; the spawned objects are server-thread state, read back there.
      nlohmann::json list = nlohmann::json::array();
      try {
        const auto store = knowledge::OpenObjectStore(options_.data_dir / "objects.sqlite");
        for (const knowledge::ObjectRecord& o : store->List()) list.push_back(ObjectToJson(o));
      } catch (const std::exception& e) {
        return Error(500, std::string("object knowledge base: ") + e.what());
      }
      HttpResponse listed;
      listed.then = [this, list = std::move(list)] {
        CollectSpawnResult();
        nlohmann::json spawned = nlohmann::json::array();
        for (const knowledge::SpawnedObject& o : spawned_) {
          spawned.push_back(
              {{"id", o.object.id}, {"body", o.body_name}, {"position_m", o.placement.position_m}});
        }
        return Json(200,
                    {{"objects", list}, {"spawned", spawned}, {"spawning", spawn_busy_.load()}});
      };
      return listed;
    };
    return r;
  }
  if (path == "/api/v1/objects/spawn") return SpawnObject(body);
  if (path == "/api/v1/recording") return Json(200, RecordingJson());
  if (path == "/api/v1/recording/start") return StartRecording(body);
  if (path == "/api/v1/recording/stop") {
    if (!OnlyFields(body, {}, &error)) return error;
    HttpResponse r;
    r.deferred = [this] { return FinishRecording(); };
    return r;
  }
  if (path == "/api/v1/certification/runs") {
    // CertificationRuns reads run directories and starts processes: the worker thread alone
    // calls it (it is not thread-safe).
    HttpResponse r;
    r.deferred = [this, body] { return StartCertification(body); };
    return r;
  }
  if (path == "/api/v1/certification/reports" ||
      path.rfind("/api/v1/certification/reports/", 0) == 0) {
    HttpResponse r;
    r.deferred = [this, target = request.path] { return CertificationReport(target); };
    return r;
  }
  return Error(500, "route without a handler: " + path);
}

HttpResponse RobotService::PlayMotion(const nlohmann::json& body) {
  HttpResponse error;
  std::string name;
  if (!OnlyFields(body, {"name"}, &error) || !StringField(body, "name", true, &name, &error)) {
    return error;
  }
  if (!motion::IsValidClipName(name)) {
    return Error(400, "field 'name': expected a clip name [a-z0-9_-]+", "name");
  }
  const RobotSnapshot snapshot = loop_->Snapshot();
  if (snapshot.estop) {
    return Error(409, "the robot is e-stopped: POST /api/v1/reset before playing a motion");
  }
  if (driving_ || !snapshot.command.IsZero() || IsStepping(snapshot.mode)) {
    return Error(409, "the robot is walking (mode " + snapshot.mode +
                          "): POST /api/v1/stop and let it stand before playing a motion");
  }
  // The clip is read and prepared on the worker thread; the loop only samples it.
  HttpResponse deferred;
  deferred.deferred = [this, name] {
    std::shared_ptr<const ClipPlayer> player;
    try {
      motion::MotionLibrary library(options_.data_dir / "motions");
      const std::optional<motion::LibraryEntry> entry = library.Find(spec_.name, name);
      if (!entry) {
        return Error(404, "no motion '" + name + "' for robot " + spec_.name +
                              " (GET /api/v1/motions lists them)");
      }
      player = std::make_shared<const ClipPlayer>(spec_, library.Load(*entry));
    } catch (const InputError& e) {
      return Error(422, std::string("motion '") + name + "': " + e.what(), "name");
    } catch (const std::exception& e) {
      return Error(500, std::string("motion library: ") + e.what());
    }
    HttpResponse loaded;
    loaded.then = [this, name, player] {
      // Back on the server thread: the robot may have started walking meanwhile.
      const RobotSnapshot now = loop_->Snapshot();
      if (now.estop) {
        return Error(409, "the robot is e-stopped: POST /api/v1/reset before playing a motion");
      }
      if (driving_) {
        return Error(409,
                     "the robot is walking: POST /api/v1/stop and let it stand before "
                     "playing a motion");
      }
      RobotRequest r;
      r.kind = RobotRequest::Kind::kPlay;
      r.clip = player;
      loop_->Post(r);
      AddEvent(0, "playing motion " + name);
      return Json(202, {{"accepted", "play"},
                        {"motion", name},
                        {"duration_s", player->total_s()},
                        {"driven_joints", player->driven_joints()}});
    };
    return loaded;
  };
  return deferred;
}

void RobotService::CollectSpawnResult() {
  if (spawn_busy_.load() || spawn_reported_) return;
  if (spawn_thread_.joinable()) spawn_thread_.join();
  spawn_reported_ = true;
  const std::lock_guard<std::mutex> lock(spawn_mutex_);
  if (!spawn_error_.empty()) {
    AddEvent(2, rebuild_failed_ + ": " + spawn_error_);
    return;
  }
  spawned_ = spawn_pending_;
  spawn_instances_.clear();
  for (const knowledge::SpawnedObject& o : spawned_) ++spawn_instances_[o.object.id];
  AddEvent(0, rebuild_done_);
}

void RobotService::RebuildWorld(std::vector<knowledge::SpawnedObject> objects,
                                const std::string& started, std::string done, std::string failed) {
  RobotLoopOptions options = base_loop_;
  if (!objects.empty()) {
    options.world.extra_scene_xml.push_back(knowledge::ObjectsSceneMjcf(objects));
  }
  rebuild_done_ = std::move(done);
  rebuild_failed_ = std::move(failed);
  // An e-stop the loop takes while the new world compiles is applied to it again when it is
  // installed: the swap never undoes a stop that came after the request.
  const std::uint64_t estops_seen = loop_->estops_seen();
  // Compiling the new world takes about a second: a worker thread does it, never the loop or
  // this thread; the loop swaps it in between two ticks.
  if (spawn_thread_.joinable()) spawn_thread_.join();
  spawn_busy_.store(true);
  spawn_reported_ = false;
  spawn_thread_ = std::thread([this, options = std::move(options), objects, estops_seen]() {
    std::string failure;
    try {
      RobotRequest r;
      r.kind = RobotRequest::Kind::kInstall;
      r.world = BuildLoopWorld(loop_->spec(), options);
      r.estops_seen = estops_seen;
      loop_->Post(r);
    } catch (const std::exception& e) {
      failure = e.what();
    }
    {
      const std::lock_guard<std::mutex> lock(spawn_mutex_);
      spawn_error_ = failure;
      spawn_pending_ = objects;
    }
    spawn_busy_.store(false);
  });
  AddEvent(0, started);
}

HttpResponse RobotService::SpawnObject(const nlohmann::json& body) {
  HttpResponse error;
  std::string name;
  if (!OnlyFields(body, {"name", "position_m", "yaw_rad"}, &error) ||
      !StringField(body, "name", true, &name, &error)) {
    return error;
  }
  knowledge::ObjectPlacement placement;
  placement.name = name;
  placement.position_m = {1.0, 0.0, 0.5};
  if (!Vector3Field(body, "position_m", 100, "[x, y, z] in metres", &placement.position_m,
                    &error)) {
    return error;
  }
  if (!NumberField(body, "yaw_rad", -10, 10, &placement.yaw_rad, &error)) return error;
  CollectSpawnResult();
  if (spawn_busy_.load()) return Error(409, "another object is being spawned: try again shortly");
  const RobotSnapshot snapshot = loop_->Snapshot();
  if (driving_ || !snapshot.command.IsZero() || IsStepping(snapshot.mode)) {
    return Error(409, "the robot is walking (mode " + snapshot.mode +
                          "): POST /api/v1/stop before spawning (the world is rebuilt and the "
                          "robot restarts at the origin)");
  }
  HttpResponse deferred;
  deferred.deferred = [this, name, placement] {
    std::optional<knowledge::ObjectRecord> object;
    try {
      const auto store = knowledge::OpenObjectStore(options_.data_dir / "objects.sqlite");
      object = store->Find(name);
    } catch (const std::exception& e) {
      return Error(500, std::string("object knowledge base: ") + e.what());
    }
    if (!object) {
      return Error(404, "no object '" + name + "' in the knowledge base (GET /api/v1/objects)");
    }
    HttpResponse found;
    found.then = [this, object = *object, placement] { return StartSpawn(object, placement); };
    return found;
  };
  return deferred;
}

HttpResponse RobotService::StartSpawn(const knowledge::ObjectRecord& found,
                                      const knowledge::ObjectPlacement& placement) {
  // Back on the server thread after the knowledge-base lookup: re-checked, the state may have
  // changed meanwhile.
  CollectSpawnResult();
  if (spawn_busy_.load()) return Error(409, "another object is being spawned: try again shortly");
  if (driving_) {
    return Error(409,
                 "the robot is walking: POST /api/v1/stop before spawning (the world is "
                 "rebuilt and the robot restarts at the origin)");
  }
  const std::optional<knowledge::ObjectRecord> object = found;
  std::vector<knowledge::SpawnedObject> objects = spawned_;
  const int instance = spawn_instances_[object->id];
  const std::string body_name = knowledge::ObjectBodyName(object->id, instance);
  objects.push_back({*object, body_name, placement});
  RebuildWorld(objects, "spawning " + body_name,
               "spawned " + body_name + " (the robot restarted at the origin)",
               "object spawn failed");
  return Json(202, {{"accepted", "spawn"},
                    {"object", object->id},
                    {"body", body_name},
                    {"position_m", placement.position_m},
                    {"note",
                     "the world is rebuilt with the object: the robot restarts standing "
                     "at the origin"}});
}

nlohmann::json RobotService::RecordingJson() const {
  const std::lock_guard<std::mutex> lock(recording_mutex_);
  nlohmann::json j = {{"recording", recording_ != nullptr},
                      {"rate_hz", options_.recording_rate_hz},
                      {"last", last_recording_}};
  if (recording_) {
    j["dataset"] = recording_dataset_;
    j["episode"] = recording_->path().string();
    j["frames"] = recording_->frames();
  }
  return j;
}

HttpResponse RobotService::StartRecording(const nlohmann::json& body) {
  HttpResponse error;
  std::string name = "live";
  if (!OnlyFields(body, {"name"}, &error) || !StringField(body, "name", false, &name, &error)) {
    return error;
  }
  if (!IsValidDatasetName(name)) {
    return Error(400, "field 'name': expected a dataset name [a-z0-9_-]+ (at most 64)", "name");
  }
  HttpResponse deferred;
  deferred.deferred = [this, name] { return BeginRecording(name); };
  return deferred;
}

HttpResponse RobotService::BeginRecording(const std::string& name) {
  // On the worker thread, which alone starts and finishes recordings (so no two overlap).
  {
    const std::lock_guard<std::mutex> lock(recording_mutex_);
    if (recording_) {
      return Error(409, "already recording " + recording_->path().string() +
                            ": POST /api/v1/recording/stop first");
    }
  }
  std::shared_ptr<LiveRecording> recording;
  const std::filesystem::path dir = options_.data_dir / "datasets" / name;
  try {
    std::filesystem::create_directories(dir);
    std::int64_t index = 0;
    const std::filesystem::path file = NextEpisodePath(dir, &index);
    record::EpisodeAttributes a;
    a.robot = spec_.name;
    a.scene = base_loop_.scene_name;
    a.task = "live";
    a.instruction = "Live session driven through the service API";
    a.seed = base_loop_.world.seed;
    a.fps = options_.recording_rate_hz;
    a.sim = true;
    a.episode_index = index;
    for (const model::JointSpec& j : spec_.joints) a.joint_names.push_back(j.name);
    a.touch_names = spec_.touch_sensors;
    recording = std::make_shared<LiveRecording>(file, a, spec_.num_joints(),
                                                static_cast<int>(spec_.touch_sensors.size()));
    const std::lock_guard<std::mutex> lock(recording_mutex_);
    recording_ = recording;
    recording_dataset_ = dir.string();
    recording_index_ = index;
  } catch (const std::exception& e) {
    return Error(500, std::string("cannot start recording in ") + dir.string() + ": " + e.what());
  }
  RobotRequest r;
  r.kind = RobotRequest::Kind::kRecord;
  r.recording = recording;
  loop_->Post(r);
  AddEvent(0, "recording " + recording->path().string());
  return Json(202, RecordingJson());
}

HttpResponse RobotService::FinishRecording() {
  std::shared_ptr<LiveRecording> recording;
  std::filesystem::path dir;
  {
    const std::lock_guard<std::mutex> lock(recording_mutex_);
    if (!recording_) return Error(409, "not recording: POST /api/v1/recording/start first");
    recording = std::move(recording_);
    recording_.reset();
    // The loop drops its reference at its next sample, when the recording refuses the frame;
    // the service keeps one until the next recording so that the loop never runs the destructor.
    finished_recording_ = recording;
    dir = recording_dataset_;
  }
  try {
    recording->Finish(!loop_->Snapshot().fallen);
    const record::EpisodeCheck check = record::ValidateEpisode(recording->path());
    if (!check.summary) throw RuntimeError("the episode does not validate: " + check.reason);
    AddEpisodeToDatasetJson(dir, recording->path().filename().string(), *check.summary);
    const std::lock_guard<std::mutex> lock(recording_mutex_);
    last_recording_ = {
        {"dataset", dir.string()},         {"episode", recording->path().string()},
        {"frames", check.summary->frames}, {"duration_s", check.summary->duration_s},
        {"bytes", check.summary->bytes},   {"success", check.summary->attributes.success}};
  } catch (const std::exception& e) {
    AddEvent(2, std::string("recording failed: ") + e.what());
    return Error(500, std::string("recording failed: ") + e.what());
  }
  AddEvent(0, "recorded " + recording->path().string());
  return Json(200, RecordingJson());
}

HttpResponse RobotService::StartCertification(const nlohmann::json& body) {
  HttpResponse error;
  CertificationRequest request;
  if (!OnlyFields(body, {"suite", "items", "trials"}, &error) ||
      !StringField(body, "suite", false, &request.suite, &error)) {
    return error;
  }
  if (!StringListField(body, "items", 64, "item ids", &request.items, &error) ||
      !IntegerField(body, "trials", 1, 100, &request.trials, &error)) {
    return error;
  }
  try {
    CertificationRuns::Validate(request);
  } catch (const InputError& e) {
    const std::string message = e.what();
    const std::size_t open = message.find('\'');
    const std::size_t close = open == std::string::npos ? open : message.find('\'', open + 1);
    return Error(400, message,
                 open == std::string::npos ? "" : message.substr(open + 1, close - open - 1));
  }
  if (const std::optional<CertificationRun> running = certification_->Running()) {
    return Error(409, "certification run " + running->id + " is still running");
  }
  try {
    const CertificationRun run = certification_->Start(request);
    AddEvent(0, "certification run " + run.id + " started (" + request.suite + " suite)");
    nlohmann::json j = run.ToJson();
    j["report"] = "/api/v1/certification/reports/" + run.id;
    return Json(202, j);
  } catch (const std::exception& e) {
    return Error(500, std::string("cannot start the certification run: ") + e.what());
  }
}

HttpResponse RobotService::CertificationReport(const std::string& path) {
  const std::string prefix = "/api/v1/certification/reports";
  if (path == prefix) {
    nlohmann::json runs = nlohmann::json::array();
    for (const CertificationRun& run : certification_->List()) runs.push_back(run.ToJson());
    return Json(200, {{"runs", runs}});
  }
  std::string id = path.substr(prefix.size() + 1);
  const std::string html_suffix = "/report.html";
  const bool html =
      id.size() > html_suffix.size() &&
      id.compare(id.size() - html_suffix.size(), html_suffix.size(), html_suffix) == 0;
  if (html) id = id.substr(0, id.size() - html_suffix.size());
  const std::optional<CertificationRun> run = certification_->Find(id);
  if (!run) return Error(404, "no certification run '" + id + "'");
  if (html) {
    if (run->state != "done" || !std::filesystem::is_regular_file(run->dir / "report.html")) {
      return Error(404, "certification run " + id + " has no report (state " + run->state + ")");
    }
    HttpResponse r;
    r.content_type = "text/html; charset=utf-8";
    r.body = ReadWholeFile(run->dir / "report.html");
    return r;
  }
  nlohmann::json j = run->ToJson();
  if (run->state == "done") {
    j["results"] = nlohmann::json::parse(ReadWholeFile(run->dir / "results.json"), nullptr, false);
    j["report_html"] = prefix + "/" + id + "/report.html";
  } else if (run->state == "failed") {
    // The tail of the certify log says why.
    const std::string log = ReadWholeFile(run->dir / "certify.log");
    j["log_tail"] = log.size() > 2000 ? log.substr(log.size() - 2000) : log;
  }
  return Json(200, j);
}

HttpResponse RobotService::Walk(int conn, const nlohmann::json& body) {
  (void)conn;
  HttpResponse error;
  control::locomotion::VelocityCommand command;
  if (!OnlyFields(body, {"vx_mps", "vy_mps", "wz_radps"}, &error) ||
      !NumberField(body, "vx_mps", -options_.max_vx_mps, options_.max_vx_mps, &command.vx_mps,
                   &error) ||
      !NumberField(body, "vy_mps", -options_.max_vy_mps, options_.max_vy_mps, &command.vy_mps,
                   &error) ||
      !NumberField(body, "wz_radps", -options_.max_wz_radps, options_.max_wz_radps,
                   &command.wz_radps, &error)) {
    return error;
  }
  const RobotSnapshot snapshot = loop_->Snapshot();
  if (snapshot.estop) {
    return Error(409, "the robot is e-stopped: POST /api/v1/reset before walking again");
  }
  Drive(command, -1);
  return Json(
      202,
      {{"accepted", "walk"},
       {"command",
        {{"vx_mps", command.vx_mps}, {"vy_mps", command.vy_mps}, {"wz_radps", command.wz_radps}}},
       {"deadman_timeout_s", options_.deadman_timeout_s}});
}

void RobotService::Drive(const control::locomotion::VelocityCommand& command, int ws_conn) {
  loop_->Post({RobotRequest::Kind::kWalk, command});
  driving_ = !command.IsZero();
  driver_ws_conn_ = driving_ ? ws_conn : -1;
  driver_heard_ = Clock::now();
}

void RobotService::StopDriving(const std::string& why) {
  if (!driving_) return;
  driving_ = false;
  driver_ws_conn_ = -1;
  loop_->Post({RobotRequest::Kind::kWalk, {}});
  ++deadman_stops_;
  AddEvent(1, "deadman stop: " + why);
}

nlohmann::json RobotService::InfoJson(const Caller& caller) const {
  const LoopStats stats = loop_->Stats();
  return {{"api_version", "v1"},
          {"robot", spec_.name},
          {"description", spec_.description},
          {"scene", loop_->options().scene_name},
          {"joints", spec_.num_joints()},
          {"total_mass_kg", spec_.total_mass_kg},
          {"controller", "wbc"},
          {"control_period_s", loop_->options().port.control_period_s},
          {"simulated", true},
          {"role", RoleName(caller.role)},
          {"uptime_s", std::chrono::duration<double>(Clock::now() - started_).count()},
          {"telemetry",
           {{"websocket_path", "/"},
            {"subprotocol", kFoxgloveSubprotocol},
            {"rate_hz", options_.telemetry_rate_hz},
            {"command_topic", kCommandTopic}}},
          {"limits",
           {{"max_body_bytes", options_.server.limits.http.max_body_bytes},
            {"rate_limit_per_s", options_.rate_limit_per_s},
            {"rate_limit_burst", options_.rate_limit_burst},
            {"deadman_timeout_s", options_.deadman_timeout_s},
            {"max_vx_mps", options_.max_vx_mps},
            {"max_vy_mps", options_.max_vy_mps},
            {"max_wz_radps", options_.max_wz_radps}}},
          {"loop",
           {{"ticks", stats.ticks},
            {"deadline_misses", stats.deadline_misses},
            {"max_tick_ms", stats.max_tick_ms},
            {"scheduling", stats.scheduling}}}};
}

nlohmann::json RobotService::ModelJson() const {
  nlohmann::json joints = nlohmann::json::array();
  for (const model::JointSpec& j : spec_.joints) {
    joints.push_back({{"name", j.name},
                      {"group", j.group},
                      {"limited", j.limited},
                      {"lower_rad", j.lower_rad},
                      {"upper_rad", j.upper_rad},
                      {"nominal_rad", j.nominal_rad},
                      {"peak_torque_Nm", j.peak_torque_Nm},
                      {"max_velocity_radps", j.max_velocity_radps}});
  }
  nlohmann::json groups = nlohmann::json::array();
  for (const model::GroupSpec& g : spec_.groups) groups.push_back(g.name);
  return {{"robot", spec_.name},
          {"base_body", spec_.base_body},
          {"feet", {spec_.feet[0].body, spec_.feet[1].body}},
          {"joints", joints},
          {"groups", groups},
          {"bodies", loop_->Snapshot().model->body_names},
          {"total_mass_kg", spec_.total_mass_kg}};
}

HttpResponse RobotService::ServeStatic(const HttpRequest& request) const {
  if (request.method != "GET" && request.method != "HEAD") return Error(405, "use GET");
  if (options_.static_dir.empty()) {
    return Error(404, "no dashboard is served (build web/ and pass --web DIR)");
  }
  const StaticLookup lookup = ResolveStaticFile(options_.static_dir, request.target, request.path);
  if (lookup.status != 200) return Error(lookup.status, lookup.message);
  const std::filesystem::path& file = lookup.file;
  std::error_code ec;
  if (std::filesystem::file_size(file, ec) > 32u * 1024 * 1024) {
    return Error(500, "file too large to serve");
  }
  std::ifstream in(file, std::ios::binary);
  std::stringstream content;
  content << in.rdbuf();
  HttpResponse r;
  r.content_type = lookup.content_type;
  r.body = request.method == "HEAD" ? "" : content.str();
  return r;
}

HttpResponse RobotService::OnUpgrade(int conn, const HttpRequest& request,
                                     const std::string& peer) {
  (void)conn;
  (void)peer;
  if (const std::string why = origin_policy_.Check(request); !why.empty()) return Error(403, why);
  // Browsers cannot set headers on WebSockets: the token may come as ?token=.
  std::string token = BearerToken(request.Header("authorization"));
  if (token.empty() && request.query.count("token") != 0) token = request.query.at("token");
  RefreshTokens();
  const std::optional<Role> role = Authenticate(tokens_, token);
  if (!role) {
    return Error(
        401, token.empty() ? "missing token (Authorization: Bearer or ?token=)" : "invalid token");
  }
  bool foxglove = false;
  std::stringstream protocols(request.Header("sec-websocket-protocol"));
  for (std::string p; std::getline(protocols, p, ',');) {
    while (!p.empty() && p.front() == ' ') p.erase(0, 1);
    while (!p.empty() && p.back() == ' ') p.pop_back();
    foxglove = foxglove || p == kFoxgloveSubprotocol;
  }
  if (!foxglove) {
    return Error(
        400, std::string("WebSocket clients must offer the subprotocol ") + kFoxgloveSubprotocol);
  }
  FoxgloveClient client;
  client.may_publish = *role == Role::kOperator;
  client.max_subscriptions = options_.server.limits.max_subscriptions_per_client;
  ws_clients_[conn] = client;
  HttpResponse r;
  r.status = 101;
  r.headers["Sec-WebSocket-Protocol"] = kFoxgloveSubprotocol;
  return r;
}

void RobotService::OnWsOpen(int conn) {
  const auto it = ws_clients_.find(conn);
  if (it == ws_clients_.end()) return;
  ++websocket_clients_;
  server_.SendFrame(
      conn,
      EncodeWsFrame(WsOpcode::kText, FoxgloveServerInfo("tianmu " + spec_.name, session_id_,
                                                        it->second.may_publish)),
      false);
  server_.SendFrame(conn, EncodeWsFrame(WsOpcode::kText, FoxgloveAdvertise(TelemetryChannels())),
                    false);
}

void RobotService::OnWsMessage(int conn, bool binary, const std::string& payload) {
  const auto it = ws_clients_.find(conn);
  if (it == ws_clients_.end()) return;
  const FoxgloveClientEvent event =
      binary ? HandleFoxgloveBinary(&it->second, payload)
             : HandleFoxgloveText(&it->second, payload, TelemetryChannels());
  for (const std::string& reply : event.replies) {
    server_.SendFrame(conn, EncodeWsFrame(WsOpcode::kText, reply), false);
  }
  if (event.has_command) {
    control::locomotion::VelocityCommand command;
    command.vx_mps = std::clamp(event.vx_mps, -options_.max_vx_mps, options_.max_vx_mps);
    command.vy_mps = std::clamp(event.vy_mps, -options_.max_vy_mps, options_.max_vy_mps);
    command.wz_radps = std::clamp(event.wz_radps, -options_.max_wz_radps, options_.max_wz_radps);
    if (!loop_->Snapshot().estop) Drive(command, conn);
  }
}

void RobotService::OnClose(int conn) {
  if (ws_clients_.erase(conn) != 0) --websocket_clients_;
  if (driving_ && driver_ws_conn_ == conn) StopDriving("the driving WebSocket session closed");
}

bool RobotService::IsUrgent(const HttpRequest& request) const {
  return request.method == "POST" && request.path == "/api/v1/estop";
}

void RobotService::OnTimer() {
  const auto now = Clock::now();
  CollectSpawnResult();
  if (driving_ && now - driver_heard_ > std::chrono::duration<double>(options_.deadman_timeout_s)) {
    StopDriving("no keep-alive for " + std::to_string(options_.deadman_timeout_s) + " s");
  }
  if (now >= next_telemetry_) {
    PublishTelemetry();
    next_telemetry_ += std::chrono::duration_cast<Clock::duration>(
        std::chrono::duration<double>(1.0 / options_.telemetry_rate_hz));
    if (next_telemetry_ < now) next_telemetry_ = now;
  }
}

void RobotService::PublishTelemetry() {
  if (ws_clients_.empty()) return;
  const RobotSnapshot snapshot = loop_->Snapshot();
  if (snapshot.sequence == last_sequence_) return;
  last_sequence_ = snapshot.sequence;
  const std::vector<TelemetryChannel>& channels = TelemetryChannels();
  std::vector<std::string> payloads(channels.size() + 1);
  std::vector<int> conns;
  for (const auto& [conn, client] : ws_clients_) conns.push_back(conn);
  for (int conn : conns) {
    const auto it = ws_clients_.find(conn);
    if (it == ws_clients_.end()) continue;
    // Copy: SendFrame may close the connection (slow client) and erase the client.
    const std::map<std::uint32_t, std::uint32_t> subscriptions = it->second.subscriptions;
    for (const auto& [subscription, channel] : subscriptions) {
      if (channel == 0 || channel > channels.size()) continue;
      std::string& payload = payloads[channel];
      if (payload.empty()) {
        payload = TelemetryMessage(channel, snapshot, spec_, snapshot.model->body_names);
      }
      std::string message =
          FoxgloveMessageHeader(subscription, static_cast<std::uint64_t>(snapshot.wall_time_ns));
      message += payload;
      if (server_.SendFrame(conn, EncodeWsFrame(WsOpcode::kBinary, message), true)) {
        ++telemetry_messages_;
      }
      if (ws_clients_.count(conn) == 0) break;
    }
  }
}

}  // namespace tianmu::service
