// The object knowledge base on disk: an SQLite database (objects.sqlite in the data directory
// by default), created with the documented schema and seeded from the starter set on first use.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "tianmu/knowledge/object_record.h"

struct sqlite3;

namespace tianmu::knowledge {

/// The schema version this code writes (PRAGMA user_version).
constexpr int kObjectSchemaVersion = 1;

/// assets/objects/starter.json: the objects a new database is seeded with.
std::filesystem::path StarterSetPath();

/// DataDir()/objects.sqlite (the directory is not created).
std::filesystem::path DefaultDatabasePath();

/// An open knowledge base. Not thread-safe; one per thread.
class ObjectStore {
 public:
  /// Opens `db_file`, creating the schema if the file is new and seeding it with the objects of
  /// `seed_file` (nothing when empty). Raises InputError when the file is not a knowledge base.
  ObjectStore(const std::filesystem::path& db_file, const std::filesystem::path& seed_file);
  ~ObjectStore();
  ObjectStore(const ObjectStore&) = delete;
  ObjectStore& operator=(const ObjectStore&) = delete;

  /// Every object, sorted by id.
  std::vector<ObjectRecord> List() const;
  /// The object with this id, or else the one whose English name matches (case-insensitive).
  std::optional<ObjectRecord> Find(const std::string& id_or_name) const;
  /// Number of objects.
  int Count() const;
  /// Adds the objects in one transaction (all or none). They are validated; an id already in
  /// the base raises InputError naming `origin` unless `replace`.
  void Insert(const std::vector<ObjectRecord>& objects, bool replace, const std::string& origin);
  /// Removes an object by id; false when there was none.
  bool Remove(const std::string& id);
  /// The database file.
  const std::filesystem::path& path() const { return path_; }

 private:
  struct Closer {
    void operator()(sqlite3* db) const;
  };
  void Execute(const std::string& sql) const;
  std::filesystem::path path_;
  std::unique_ptr<sqlite3, Closer> db_;
};

/// The store at `db_file`, or at DefaultDatabasePath() (data directory created) when empty;
/// seeded from StarterSetPath() when new.
std::unique_ptr<ObjectStore> OpenObjectStore(const std::filesystem::path& db_file = {});

}  // namespace tianmu::knowledge
