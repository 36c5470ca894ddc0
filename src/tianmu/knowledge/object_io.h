// Reading and writing object lists as JSON ({"objects": [...]}) and CSV (one object per row,
// header line first), with validation that names the file, line or index and the field.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "tianmu/knowledge/object_record.h"

namespace tianmu::knowledge {

/// The CSV columns, in order (the header line ObjectsToCsv writes and ObjectsFromCsv expects).
const std::vector<std::string>& CsvColumns();

/// Objects as CSV text: header plus one row each (lists space- or ';'-separated, docs/objects.md).
std::string ObjectsToCsv(const std::vector<ObjectRecord>& objects);

/// Objects from CSV text; every row validated, ids unique. `file` names errors.
std::vector<ObjectRecord> ObjectsFromCsv(const std::string& text, const std::string& file);

/// Objects as the JSON document {"format": "tianmu-objects", "version": 1, "objects": [...]}.
std::string ObjectsToJsonText(const std::vector<ObjectRecord>& objects);

/// Objects from a JSON document (that object, or a bare array); validated, ids unique.
std::vector<ObjectRecord> ObjectsFromJsonText(const std::string& text, const std::string& file);

/// Reads FILE by extension (.json or .csv); raises InputError for other extensions or I/O errors.
std::vector<ObjectRecord> ReadObjectsFile(const std::filesystem::path& file);

/// Writes FILE atomically by extension (.json or .csv).
void WriteObjectsFile(const std::filesystem::path& file, const std::vector<ObjectRecord>& objects);

}  // namespace tianmu::knowledge
