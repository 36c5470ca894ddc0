#include "tianmu/knowledge/object_io.h"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "tianmu/core/atomic_file.h"
#include "tianmu/core/error.h"

namespace tianmu::knowledge {
namespace fs = std::filesystem;
namespace {

// Shortest round-trip text of a number.
std::string Num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%.17g", v);
  // Prefer the short form when it reads back exactly.
  for (int precision = 6; precision < 17; ++precision) {
    char shorter[32];
    std::snprintf(shorter, sizeof(shorter), "%.*g", precision, v);
    if (std::strtod(shorter, nullptr) == v) return shorter;
  }
  return buf;
}

template <typename Container>
std::string JoinNumbers(const Container& values) {
  std::string out;
  for (double v : values) out += (out.empty() ? "" : " ") + Num(v);
  return out;
}

std::string JoinWords(const std::vector<std::string>& words) {
  std::string out;
  for (const std::string& w : words) out += (out.empty() ? "" : ";") + w;
  return out;
}

std::string CsvQuote(const std::string& field) {
  if (field.find_first_of(",\"\n\r") == std::string::npos) return field;
  std::string out = "\"";
  for (char c : field) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

// Splits one CSV line (RFC 4180 quoting, no line breaks inside fields).
std::vector<std::string> SplitCsvLine(const std::string& line, const std::string& file,
                                      int line_no) {
  std::vector<std::string> fields;
  std::string current;
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        current += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        current += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      fields.push_back(current);
      current.clear();
    } else if (c != '\r') {
      current += c;
    }
  }
  if (quoted) throw InputError(file, line_no, "", "a closing quote");
  fields.push_back(current);
  return fields;
}

std::vector<double> ParseNumbers(const std::string& text, const std::string& file, int line,
                                 const std::string& field) {
  std::vector<double> out;
  std::istringstream in(text);
  std::string word;
  while (in >> word) {
    char* end = nullptr;
    errno = 0;
    const double v = std::strtod(word.c_str(), &end);
    if (end == word.c_str() || *end != '\0' || errno != 0) {
      throw InputError(file, line, field, "numbers separated by spaces (got '" + word + "')");
    }
    out.push_back(v);
  }
  return out;
}

template <std::size_t N>
std::array<double, N> ParseFixed(const std::string& text, const std::string& file, int line,
                                 const std::string& field) {
  const std::vector<double> v = ParseNumbers(text, file, line, field);
  if (v.size() != N) {
    throw InputError(file, line, field, std::to_string(N) + " numbers separated by spaces");
  }
  std::array<double, N> out{};
  for (std::size_t i = 0; i < N; ++i) out[i] = v[i];
  return out;
}

std::vector<std::string> SplitWords(const std::string& text) {
  std::vector<std::string> out;
  std::string current;
  for (char c : text + ";") {
    if (c == ';') {
      const auto b = current.find_first_not_of(' ');
      const auto e = current.find_last_not_of(' ');
      if (b != std::string::npos) out.push_back(current.substr(b, e - b + 1));
      current.clear();
    } else {
      current += c;
    }
  }
  return out;
}

std::string ReadText(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw InputError(file.string(), 0, "", "a readable file");
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

const std::vector<std::string>& CsvColumns() {
  static const std::vector<std::string> kColumns = {
      "id",        "name_en", "name_zh",      "category", "shape",  "dims_m",
      "mesh_file", "mass_kg", "inertia_kgm2", "friction", "rgba",   "material",
      "graspable", "grasps",  "affordances",  "hazards",  "source", "tag"};
  return kColumns;
}

std::string ObjectsToCsv(const std::vector<ObjectRecord>& objects) {
  std::string out;
  for (const std::string& c : CsvColumns()) out += (out.empty() ? "" : ",") + c;
  out += "\n";
  for (const ObjectRecord& o : objects) {
    std::string grasps;
    for (const GraspPose& g : o.grasps) {
      grasps += (grasps.empty() ? "" : ";") + g.name + ":" + JoinNumbers(g.position_m) + " " +
                JoinNumbers(g.orientation_wxyz) + " " + Num(g.width_m);
    }
    std::vector<std::string> affordances;
    if (o.affordances.liftable) affordances.push_back("liftable");
    if (o.affordances.pushable) affordances.push_back("pushable");
    if (o.affordances.openable) affordances.push_back("openable");
    if (o.affordances.fragile) affordances.push_back("fragile");
    const std::vector<std::string> row = {o.id,
                                          o.name_en,
                                          o.name_zh,
                                          o.category,
                                          ShapeTypeName(o.shape),
                                          JoinNumbers(o.dims_m),
                                          o.mesh_file,
                                          Num(o.mass_kg),
                                          JoinNumbers(o.inertia_kgm2),
                                          JoinNumbers(o.friction),
                                          JoinNumbers(o.rgba),
                                          o.material,
                                          o.graspable ? "true" : "false",
                                          grasps,
                                          JoinWords(affordances),
                                          JoinWords(o.hazards),
                                          o.source,
                                          o.tag ? o.tag->family + ":" + std::to_string(o.tag->id) +
                                                      " " + Num(o.tag->size_m) + " " + o.tag->face
                                                : std::string()};
    std::string line;
    for (std::size_t i = 0; i < row.size(); ++i) line += (i ? "," : "") + CsvQuote(row[i]);
    out += line + "\n";
  }
  return out;
}

std::vector<ObjectRecord> ObjectsFromCsv(const std::string& text, const std::string& file) {
  std::istringstream in(text);
  std::string line;
  int line_no = 0;
  std::vector<std::string> header;
  while (std::getline(in, line)) {
    ++line_no;
    if (line.find_first_not_of(" \r\t") != std::string::npos) break;
  }
  header = SplitCsvLine(line, file, line_no);
  // Files written before tags existed lack the last column ("tag"); they still read.
  const std::vector<std::string> without_tag(CsvColumns().begin(), CsvColumns().end() - 1);
  if (header != CsvColumns() && header != without_tag) {
    std::string expected;
    for (const std::string& c : CsvColumns()) expected += (expected.empty() ? "" : ",") + c;
    throw InputError(file, line_no, "header", "the columns " + expected);
  }
  std::vector<ObjectRecord> objects;
  while (std::getline(in, line)) {
    ++line_no;
    if (line.find_first_not_of(" \r\t") == std::string::npos) continue;
    const std::vector<std::string> f = SplitCsvLine(line, file, line_no);
    // The trailing tag field may be left off a row (objects without a tag).
    if (f.size() != header.size() && !(f.size() == 17 && header.size() == 18)) {
      throw InputError(
          file, line_no, "",
          std::to_string(header.size()) + " fields (got " + std::to_string(f.size()) + ")");
    }
    ObjectRecord o;
    o.id = f[0];
    o.name_en = f[1];
    o.name_zh = f[2];
    o.category = f[3];
    o.shape = ParseShapeType(f[4], file + ":" + std::to_string(line_no) + ": shape");
    o.dims_m = ParseNumbers(f[5], file, line_no, "dims_m");
    o.mesh_file = f[6];
    const std::vector<double> mass = ParseNumbers(f[7], file, line_no, "mass_kg");
    if (mass.size() != 1) throw InputError(file, line_no, "mass_kg", "one number (kg)");
    o.mass_kg = mass[0];
    if (!(o.mass_kg > 0)) throw InputError(file, line_no, "mass_kg", "a positive mass");
    if (f[8].find_first_not_of(' ') == std::string::npos) {
      o.inertia_kgm2 = UniformSolidInertia(o.shape, o.dims_m, o.mass_kg);
    } else {
      o.inertia_kgm2 = ParseFixed<3>(f[8], file, line_no, "inertia_kgm2");
    }
    if (!f[9].empty()) o.friction = ParseFixed<3>(f[9], file, line_no, "friction");
    if (!f[10].empty()) o.rgba = ParseFixed<4>(f[10], file, line_no, "rgba");
    o.material = f[11];
    if (f[12] == "true" || f[12] == "1") {
      o.graspable = true;
    } else if (f[12] == "false" || f[12] == "0" || f[12].empty()) {
      o.graspable = false;
    } else {
      throw InputError(file, line_no, "graspable", "true or false");
    }
    for (const std::string& g : SplitWords(f[13])) {
      const auto colon = g.find(':');
      if (colon == std::string::npos) {
        throw InputError(file, line_no, "grasps", "NAME:x y z qw qx qy qz [width] entries");
      }
      const std::vector<double> v = ParseNumbers(g.substr(colon + 1), file, line_no, "grasps");
      if (v.size() != 7 && v.size() != 8) {
        throw InputError(file, line_no, "grasps", "NAME:x y z qw qx qy qz [width] entries");
      }
      GraspPose pose;
      pose.name = g.substr(0, colon);
      for (int k = 0; k < 3; ++k) pose.position_m[k] = v[k];
      for (int k = 0; k < 4; ++k) pose.orientation_wxyz[k] = v[3 + k];
      if (v.size() == 8) pose.width_m = v[7];
      o.grasps.push_back(pose);
    }
    for (const std::string& a : SplitWords(f[14])) {
      if (!SetAffordance(a, &o.affordances)) {
        throw InputError(file, line_no, "affordances",
                         "liftable, pushable, openable or fragile (got '" + a + "')");
      }
    }
    o.hazards = SplitWords(f[15]);
    o.source = f[16];
    if (f.size() > 17 && f[17].find_first_not_of(' ') != std::string::npos) {
      // FAMILY:ID SIZE_M FACE, e.g. "tag36h11:0 0.12 -x".
      std::istringstream tag_in(f[17]);
      std::string family_id, face;
      double size_m = 0;
      tag_in >> family_id >> size_m >> face;
      const auto colon = family_id.find(':');
      char* end = nullptr;
      const long id =
          colon == std::string::npos ? -1 : std::strtol(family_id.c_str() + colon + 1, &end, 10);
      if (colon == std::string::npos || !end || *end != '\0' || tag_in.fail() || face.empty()) {
        throw InputError(file, line_no, "tag", "FAMILY:ID SIZE_M FACE (e.g. tag36h11:0 0.12 -x)");
      }
      o.tag = FiducialTag{family_id.substr(0, colon), static_cast<int>(id), size_m, face};
    }
    ValidateObject(o, file, line_no, "");
    for (const ObjectRecord& earlier : objects) {
      if (earlier.id == o.id) {
        throw InputError(file, line_no, "id", "a unique id ('" + o.id + "' appears twice)");
      }
    }
    objects.push_back(std::move(o));
  }
  return objects;
}

std::string ObjectsToJsonText(const std::vector<ObjectRecord>& objects) {
  nlohmann::json list = nlohmann::json::array();
  for (const ObjectRecord& o : objects) list.push_back(ObjectToJson(o));
  const nlohmann::json doc = {{"format", "tianmu-objects"}, {"version", 1}, {"objects", list}};
  return doc.dump(2) + "\n";
}

std::vector<ObjectRecord> ObjectsFromJsonText(const std::string& text, const std::string& file) {
  nlohmann::json doc;
  try {
    doc = nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception& e) {  // parse_error, or out_of_range for 1e999
    throw InputError(file, 0, "", std::string("valid JSON (") + e.what() + ")");
  }
  const nlohmann::json* list = &doc;
  if (doc.is_object()) {
    if (!doc.contains("objects")) throw InputError(file, 0, "objects", "an array of objects");
    list = &doc.at("objects");
  }
  if (!list->is_array()) throw InputError(file, 0, "objects", "an array of objects");
  std::vector<ObjectRecord> objects;
  for (std::size_t i = 0; i < list->size(); ++i) {
    objects.push_back(ObjectFromJson((*list)[i], file, static_cast<int>(i)));
  }
  CheckUniqueIds(objects, file);
  return objects;
}

std::vector<ObjectRecord> ReadObjectsFile(const fs::path& file) {
  const std::string ext = file.extension().string();
  if (ext != ".json" && ext != ".csv") {
    throw InputError(file.string(), 0, "", "a .json or .csv file");
  }
  const std::string text = ReadText(file);
  return ext == ".json" ? ObjectsFromJsonText(text, file.string())
                        : ObjectsFromCsv(text, file.string());
}

void WriteObjectsFile(const fs::path& file, const std::vector<ObjectRecord>& objects) {
  const std::string ext = file.extension().string();
  if (ext != ".json" && ext != ".csv") {
    throw InputError(file.string(), 0, "", "a .json or .csv file name");
  }
  CheckWritable(file);
  WriteFileAtomically(file, ext == ".json" ? ObjectsToJsonText(objects) : ObjectsToCsv(objects));
}

}  // namespace tianmu::knowledge
