#include "tianmu/knowledge/object_store.h"

#include <sqlite3.h>

#include <algorithm>
#include <cctype>

#include "tianmu/core/assets.h"
#include "tianmu/core/data_dir.h"
#include "tianmu/core/error.h"
#include "tianmu/knowledge/object_io.h"

namespace tianmu::knowledge {
namespace fs = std::filesystem;
namespace {

// The documented schema (docs/objects.md). Lists are JSON arrays in TEXT columns.
constexpr const char* kSchema = R"sql(
CREATE TABLE objects (
  id          TEXT PRIMARY KEY,
  name_en     TEXT NOT NULL,
  name_zh     TEXT NOT NULL DEFAULT '',
  category    TEXT NOT NULL,
  shape       TEXT NOT NULL CHECK (shape IN ('box', 'cylinder', 'sphere', 'capsule', 'mesh')),
  dims_m      TEXT NOT NULL,
  mesh_file   TEXT NOT NULL DEFAULT '',
  mass_kg     REAL NOT NULL CHECK (mass_kg > 0),
  ixx_kgm2    REAL NOT NULL CHECK (ixx_kgm2 > 0),
  iyy_kgm2    REAL NOT NULL CHECK (iyy_kgm2 > 0),
  izz_kgm2    REAL NOT NULL CHECK (izz_kgm2 > 0),
  friction_sliding   REAL NOT NULL,
  friction_torsional REAL NOT NULL,
  friction_rolling   REAL NOT NULL,
  rgba        TEXT NOT NULL,
  material    TEXT NOT NULL DEFAULT '',
  graspable   INTEGER NOT NULL,
  liftable    INTEGER NOT NULL,
  pushable    INTEGER NOT NULL,
  openable    INTEGER NOT NULL,
  fragile     INTEGER NOT NULL,
  hazards     TEXT NOT NULL,
  source      TEXT NOT NULL
);
CREATE TABLE grasp_poses (
  object_id TEXT NOT NULL REFERENCES objects(id) ON DELETE CASCADE,
  name      TEXT NOT NULL,
  x_m REAL NOT NULL, y_m REAL NOT NULL, z_m REAL NOT NULL,
  qw REAL NOT NULL, qx REAL NOT NULL, qy REAL NOT NULL, qz REAL NOT NULL,
  width_m   REAL NOT NULL,
  PRIMARY KEY (object_id, name)
);
CREATE INDEX objects_category ON objects(category);
)sql";

// AprilTags on objects (issue 17). Created on open when missing, so bases made before tags
// existed gain the table without a schema version change (their objects simply have no tags).
constexpr const char* kTagSchema = R"sql(
CREATE TABLE IF NOT EXISTS fiducial_tags (
  object_id TEXT PRIMARY KEY REFERENCES objects(id) ON DELETE CASCADE,
  family    TEXT NOT NULL,
  tag_id    INTEGER NOT NULL,
  size_m    REAL NOT NULL,
  face      TEXT NOT NULL
);
)sql";

// A prepared statement, finalised on destruction.
class Statement {
 public:
  Statement(sqlite3* db, const std::string& sql) : db_(db) {
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt_, nullptr) != SQLITE_OK) {
      throw RuntimeError(std::string("sqlite: ") + sqlite3_errmsg(db) + " in: " + sql);
    }
  }
  ~Statement() { sqlite3_finalize(stmt_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  void Bind(int i, const std::string& v) {
    sqlite3_bind_text(stmt_, i, v.c_str(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
  }
  void Bind(int i, double v) { sqlite3_bind_double(stmt_, i, v); }
  void BindInt(int i, int v) { sqlite3_bind_int(stmt_, i, v); }
  /// true while there is a row.
  bool Step() {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    throw RuntimeError(std::string("sqlite: ") + sqlite3_errmsg(db_));
  }
  void Reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
  std::string Text(int col) const {
    const unsigned char* t = sqlite3_column_text(stmt_, col);
    return t == nullptr ? "" : reinterpret_cast<const char*>(t);
  }
  double Real(int col) const { return sqlite3_column_double(stmt_, col); }
  int Int(int col) const { return sqlite3_column_int(stmt_, col); }

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
};

template <std::size_t N>
std::array<double, N> JsonArray(const std::string& text) {
  const nlohmann::json j = nlohmann::json::parse(text);
  std::array<double, N> out{};
  for (std::size_t i = 0; i < N && i < j.size(); ++i) out[i] = j[i].get<double>();
  return out;
}

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

constexpr const char* kSelect =
    "SELECT id, name_en, name_zh, category, shape, dims_m, mesh_file, mass_kg, ixx_kgm2, "
    "iyy_kgm2, izz_kgm2, friction_sliding, friction_torsional, friction_rolling, rgba, material, "
    "graspable, liftable, pushable, openable, fragile, hazards, source FROM objects";

ObjectRecord RowToObject(const Statement& s) {
  ObjectRecord o;
  o.id = s.Text(0);
  o.name_en = s.Text(1);
  o.name_zh = s.Text(2);
  o.category = s.Text(3);
  o.shape = ParseShapeType(s.Text(4), "objects.shape");
  o.dims_m = nlohmann::json::parse(s.Text(5)).get<std::vector<double>>();
  o.mesh_file = s.Text(6);
  o.mass_kg = s.Real(7);
  o.inertia_kgm2 = {s.Real(8), s.Real(9), s.Real(10)};
  o.friction = {s.Real(11), s.Real(12), s.Real(13)};
  o.rgba = JsonArray<4>(s.Text(14));
  o.material = s.Text(15);
  o.graspable = s.Int(16) != 0;
  o.affordances = {s.Int(17) != 0, s.Int(18) != 0, s.Int(19) != 0, s.Int(20) != 0};
  o.hazards = nlohmann::json::parse(s.Text(21)).get<std::vector<std::string>>();
  o.source = s.Text(22);
  return o;
}

}  // namespace

fs::path StarterSetPath() { return AssetsDir() / "objects" / "starter.json"; }

fs::path DefaultDatabasePath() { return DataDir() / "objects.sqlite"; }

void ObjectStore::Closer::operator()(sqlite3* db) const { sqlite3_close_v2(db); }

ObjectStore::ObjectStore(const fs::path& db_file, const fs::path& seed_file) : path_(db_file) {
  sqlite3* raw = nullptr;
  const int rc =
      sqlite3_open_v2(db_file.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
  db_.reset(raw);
  if (rc != SQLITE_OK) {
    throw InputError(db_file.string(), 0, "",
                     std::string("an SQLite database that can be opened (") +
                         (raw ? sqlite3_errmsg(raw) : "out of memory") + ")");
  }
  sqlite3_busy_timeout(db_.get(), 5000);
  int version = 0;
  try {
    Statement s(db_.get(), "PRAGMA user_version");
    if (s.Step()) version = s.Int(0);
  } catch (const RuntimeError&) {
    throw InputError(db_file.string(), 0, "", "an SQLite object knowledge base");
  }
  Execute("PRAGMA foreign_keys = ON");
  if (version == kObjectSchemaVersion) {
    Execute(kTagSchema);
    return;
  }
  if (version != 0) {
    throw InputError(db_file.string(), 0, "user_version",
                     "schema version " + std::to_string(kObjectSchemaVersion));
  }
  {
    Statement tables(db_.get(), "SELECT count(*) FROM sqlite_master");
    if (tables.Step() && tables.Int(0) != 0) {
      throw InputError(db_file.string(), 0, "", "an object knowledge base (other tables found)");
    }
  }
  std::vector<ObjectRecord> seed;
  if (!seed_file.empty()) seed = ReadObjectsFile(seed_file);
  Execute("BEGIN IMMEDIATE");
  try {
    // Another process may have created the base while this one waited for the write lock.
    bool created_meanwhile = false;
    {
      Statement s(db_.get(), "PRAGMA user_version");
      created_meanwhile = s.Step() && s.Int(0) == kObjectSchemaVersion;
    }
    if (created_meanwhile) {
      Execute(kTagSchema);
      Execute("COMMIT");
      return;
    }
    Execute(kSchema);
    Execute(kTagSchema);
    Execute("PRAGMA user_version = " + std::to_string(kObjectSchemaVersion));
    Execute("COMMIT");
  } catch (...) {
    Execute("ROLLBACK");
    throw;
  }
  if (!seed.empty()) Insert(seed, false, seed_file.string());
}

ObjectStore::~ObjectStore() = default;

void ObjectStore::Execute(const std::string& sql) const {
  char* message = nullptr;
  if (sqlite3_exec(db_.get(), sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
    const std::string text = message != nullptr ? message : "unknown error";
    sqlite3_free(message);
    throw RuntimeError("sqlite (" + path_.string() + "): " + text);
  }
}

std::vector<ObjectRecord> ObjectStore::List() const {
  std::vector<ObjectRecord> out;
  {
    Statement s(db_.get(), std::string(kSelect) + " ORDER BY id");
    while (s.Step()) out.push_back(RowToObject(s));
  }
  Statement g(db_.get(),
              "SELECT object_id, name, x_m, y_m, z_m, qw, qx, qy, qz, width_m FROM grasp_poses "
              "ORDER BY object_id, rowid");
  while (g.Step()) {
    const std::string id = g.Text(0);
    auto it =
        std::lower_bound(out.begin(), out.end(), id,
                         [](const ObjectRecord& o, const std::string& k) { return o.id < k; });
    if (it == out.end() || it->id != id) continue;
    it->grasps.push_back({g.Text(1),
                          {g.Real(2), g.Real(3), g.Real(4)},
                          {g.Real(5), g.Real(6), g.Real(7), g.Real(8)},
                          g.Real(9)});
  }
  Statement t(db_.get(), "SELECT object_id, family, tag_id, size_m, face FROM fiducial_tags");
  while (t.Step()) {
    const std::string id = t.Text(0);
    auto it =
        std::lower_bound(out.begin(), out.end(), id,
                         [](const ObjectRecord& o, const std::string& k) { return o.id < k; });
    if (it == out.end() || it->id != id) continue;
    it->tag = FiducialTag{t.Text(1), t.Int(2), t.Real(3), t.Text(4)};
  }
  return out;
}

std::optional<ObjectRecord> ObjectStore::Find(const std::string& id_or_name) const {
  std::optional<ObjectRecord> found;
  {
    Statement s(db_.get(), std::string(kSelect) + " WHERE id = ?1");
    s.Bind(1, id_or_name);
    if (s.Step()) found = RowToObject(s);
  }
  if (!found) {
    Statement s(db_.get(), std::string(kSelect) + " ORDER BY id");
    const std::string wanted = Lower(id_or_name);
    while (s.Step()) {
      if (Lower(s.Text(1)) == wanted) {
        found = RowToObject(s);
        break;
      }
    }
  }
  if (!found) return found;
  Statement g(db_.get(),
              "SELECT name, x_m, y_m, z_m, qw, qx, qy, qz, width_m FROM grasp_poses WHERE "
              "object_id = ?1 ORDER BY rowid");
  g.Bind(1, found->id);
  while (g.Step()) {
    found->grasps.push_back({g.Text(0),
                             {g.Real(1), g.Real(2), g.Real(3)},
                             {g.Real(4), g.Real(5), g.Real(6), g.Real(7)},
                             g.Real(8)});
  }
  Statement t(db_.get(),
              "SELECT family, tag_id, size_m, face FROM fiducial_tags WHERE object_id = ?1");
  t.Bind(1, found->id);
  if (t.Step()) found->tag = FiducialTag{t.Text(0), t.Int(1), t.Real(2), t.Text(3)};
  return found;
}

int ObjectStore::Count() const {
  Statement s(db_.get(), "SELECT count(*) FROM objects");
  return s.Step() ? s.Int(0) : 0;
}

void ObjectStore::Insert(const std::vector<ObjectRecord>& objects, bool replace,
                         const std::string& origin) {
  CheckUniqueIds(objects, origin);
  for (std::size_t i = 0; i < objects.size(); ++i) {
    ValidateObject(objects[i], origin, 0, "objects[" + std::to_string(i) + "].");
  }
  Execute("BEGIN IMMEDIATE");
  try {
    Statement exists(db_.get(), "SELECT 1 FROM objects WHERE id = ?1");
    Statement remove(db_.get(), "DELETE FROM objects WHERE id = ?1");
    Statement insert(db_.get(),
                     "INSERT INTO objects VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, "
                     "?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23)");
    Statement grasp(db_.get(),
                    "INSERT INTO grasp_poses VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
                    "?9, ?10)");
    Statement tag(db_.get(), "INSERT INTO fiducial_tags VALUES (?1, ?2, ?3, ?4, ?5)");
    for (std::size_t i = 0; i < objects.size(); ++i) {
      const ObjectRecord& o = objects[i];
      exists.Reset();
      exists.Bind(1, o.id);
      if (exists.Step()) {
        if (!replace) {
          throw InputError(
              origin, 0, "objects[" + std::to_string(i) + "].id",
              "an id not already in the knowledge base ('" + o.id + "' exists; use --replace)");
        }
        remove.Reset();
        remove.Bind(1, o.id);
        remove.Step();
      }
      insert.Reset();
      insert.Bind(1, o.id);
      insert.Bind(2, o.name_en);
      insert.Bind(3, o.name_zh);
      insert.Bind(4, o.category);
      insert.Bind(5, std::string(ShapeTypeName(o.shape)));
      insert.Bind(6, nlohmann::json(o.dims_m).dump());
      insert.Bind(7, o.mesh_file);
      insert.Bind(8, o.mass_kg);
      for (int k = 0; k < 3; ++k) insert.Bind(9 + k, o.inertia_kgm2[k]);
      for (int k = 0; k < 3; ++k) insert.Bind(12 + k, o.friction[k]);
      insert.Bind(15, nlohmann::json(o.rgba).dump());
      insert.Bind(16, o.material);
      insert.BindInt(17, o.graspable);
      insert.BindInt(18, o.affordances.liftable);
      insert.BindInt(19, o.affordances.pushable);
      insert.BindInt(20, o.affordances.openable);
      insert.BindInt(21, o.affordances.fragile);
      insert.Bind(22, nlohmann::json(o.hazards).dump());
      insert.Bind(23, o.source);
      insert.Step();
      for (const GraspPose& g : o.grasps) {
        grasp.Reset();
        grasp.Bind(1, o.id);
        grasp.Bind(2, g.name);
        for (int k = 0; k < 3; ++k) grasp.Bind(3 + k, g.position_m[k]);
        for (int k = 0; k < 4; ++k) grasp.Bind(6 + k, g.orientation_wxyz[k]);
        grasp.Bind(10, g.width_m);
        grasp.Step();
      }
      if (o.tag) {
        tag.Reset();
        tag.Bind(1, o.id);
        tag.Bind(2, o.tag->family);
        tag.BindInt(3, o.tag->id);
        tag.Bind(4, o.tag->size_m);
        tag.Bind(5, o.tag->face);
        tag.Step();
      }
    }
  } catch (...) {
    Execute("ROLLBACK");
    throw;
  }
  Execute("COMMIT");
}

bool ObjectStore::Remove(const std::string& id) {
  Statement s(db_.get(), "DELETE FROM objects WHERE id = ?1");
  s.Bind(1, id);
  s.Step();
  return sqlite3_changes(db_.get()) > 0;
}

std::unique_ptr<ObjectStore> OpenObjectStore(const fs::path& db_file) {
  fs::path path = db_file;
  if (path.empty()) path = EnsureDataDir() / "objects.sqlite";
  if (!path.parent_path().empty() && !fs::is_directory(path.parent_path())) {
    throw InputError(path.string(), 0, "--db", "a file in an existing directory");
  }
  return std::make_unique<ObjectStore>(path, StarterSetPath());
}

}  // namespace tianmu::knowledge
