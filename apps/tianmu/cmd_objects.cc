// tianmu objects list|show|add|import|export: the object knowledge base (SQLite in the data
// directory, or --db FILE), seeded with the starter set on first use. Import and export speak
// JSON and CSV (by file extension); every record is validated and errors name the field.
#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "commands.h"
#include "flags.h"
#include "tianmu/core/error.h"
#include "tianmu/knowledge/object_io.h"
#include "tianmu/knowledge/object_mjcf.h"
#include "tianmu/knowledge/object_store.h"

namespace tianmu::cli {
namespace {

using knowledge::ObjectRecord;

constexpr const char* kUsage =
    "usage: tianmu objects list [--category C] [--json] | show NAME [--json|--mjcf] | add --id ID "
    "--name NAME --category C --shape S --dims D1,D2,.. --mass KG --source TEXT [...] | import "
    "FILE.json|FILE.csv [--replace] | export FILE.json|FILE.csv  (all take --db FILE)";

void NoPositional(const Flags& flags, std::size_t allowed) {
  if (flags.positional().size() > allowed) {
    throw InputError("unexpected argument '" + flags.positional()[allowed] + "' (" + kUsage + ")");
  }
}

std::vector<double> NumberList(const Flags& flags, const std::string& name) {
  std::vector<double> out;
  const std::string text = flags.String(name) + ",";
  std::size_t start = 0;
  for (std::size_t comma = text.find(','); comma != std::string::npos;
       start = comma + 1, comma = text.find(',', start)) {
    const std::string word = text.substr(start, comma - start);
    char* end = nullptr;
    errno = 0;
    const double v = std::strtod(word.c_str(), &end);
    if (word.empty() || *end != '\0' || errno != 0) {
      throw InputError("--" + name + ": expected comma-separated numbers (got '" +
                       flags.String(name) + "')");
    }
    out.push_back(v);
  }
  return out;
}

template <std::size_t N>
std::array<double, N> FixedList(const Flags& flags, const std::string& name) {
  const std::vector<double> v = NumberList(flags, name);
  if (v.size() != N) throw InputError("--" + name + ": expected " + std::to_string(N) + " numbers");
  std::array<double, N> out{};
  std::copy(v.begin(), v.end(), out.begin());
  return out;
}

void PrintObject(const ObjectRecord& o) {
  std::printf("%s  %s%s%s\n", o.id.c_str(), o.name_en.c_str(), o.name_zh.empty() ? "" : " / ",
              o.name_zh.c_str());
  std::printf("  category   %s\n", o.category.c_str());
  std::string dims;
  for (double d : o.dims_m) {
    char buf[32];
    std::snprintf(buf, sizeof(buf), "%g", d);
    dims += (dims.empty() ? "" : " x ") + std::string(buf);
  }
  std::printf("  shape      %s (%s m)\n", knowledge::ShapeTypeName(o.shape), dims.c_str());
  std::printf("  mass       %.4g kg, inertia %.3g %.3g %.3g kg m^2\n", o.mass_kg, o.inertia_kgm2[0],
              o.inertia_kgm2[1], o.inertia_kgm2[2]);
  std::printf("  friction   %.3g %.3g %.3g, material %s\n", o.friction[0], o.friction[1],
              o.friction[2], o.material.c_str());
  std::string affordances;
  if (o.affordances.liftable) affordances += " liftable";
  if (o.affordances.pushable) affordances += " pushable";
  if (o.affordances.openable) affordances += " openable";
  if (o.affordances.fragile) affordances += " fragile";
  std::printf("  affords   %s\n", affordances.empty() ? " nothing" : affordances.c_str());
  std::string hazards;
  for (const std::string& h : o.hazards) hazards += " " + h;
  std::printf("  hazards   %s\n", hazards.empty() ? " none" : hazards.c_str());
  std::printf("  graspable  %s, %zu grasp pose(s)", o.graspable ? "yes" : "no", o.grasps.size());
  for (const auto& g : o.grasps) std::printf(" %s", g.name.c_str());
  std::printf("\n  source     %s\n", o.source.c_str());
}

int List(const Args& args) {
  const Flags flags(args, ObjectsCommand().subcommands[0].flags);
  NoPositional(flags, 0);
  const auto store = knowledge::OpenObjectStore(flags.String("db"));
  const std::string category = flags.String("category");
  nlohmann::json list = nlohmann::json::array();
  int shown = 0;
  for (const ObjectRecord& o : store->List()) {
    if (!category.empty() && o.category != category) continue;
    ++shown;
    if (flags.Has("json")) {
      list.push_back(knowledge::ObjectToJson(o));
    } else {
      std::printf("%-32s %-10s %-9s %8.3f kg  %s\n", o.id.c_str(), o.category.c_str(),
                  knowledge::ShapeTypeName(o.shape), o.mass_kg, o.name_en.c_str());
    }
  }
  if (flags.Has("json")) {
    std::printf(
        "%s\n",
        nlohmann::json({{"database", store->path().string()}, {"count", shown}, {"objects", list}})
            .dump(2)
            .c_str());
  } else {
    std::fprintf(stderr, "%d objects in %s\n", shown, store->path().c_str());
  }
  return 0;
}

int Show(const Args& args) {
  const Flags flags(args, ObjectsCommand().subcommands[1].flags);
  if (flags.positional().size() != 1) throw InputError("show: expected one object id or name");
  NoPositional(flags, 1);
  const auto store = knowledge::OpenObjectStore(flags.String("db"));
  const std::string name = flags.positional()[0];
  const std::optional<ObjectRecord> o = store->Find(name);
  if (!o) throw InputError("unknown object '" + name + "' (tianmu objects list shows them)");
  if (flags.Has("json")) {
    std::printf("%s\n", knowledge::ObjectToJson(*o).dump(2).c_str());
  } else if (flags.Has("mjcf")) {
    knowledge::ObjectPlacement at;
    at.name = o->id;
    at.position_m = {0, 0, o->height_m() / 2};
    std::printf(
        "%s", knowledge::ObjectsSceneMjcf({{*o, knowledge::ObjectBodyName(o->id, 0), at}}).c_str());
  } else {
    PrintObject(*o);
  }
  return 0;
}

int Add(const Args& args) {
  const Flags flags(args, ObjectsCommand().subcommands[2].flags);
  NoPositional(flags, 0);
  ObjectRecord o;
  o.id = flags.Required("id", "an object id such as 099_my_box");
  o.name_en = flags.Required("name", "an English name");
  o.name_zh = flags.String("name-zh");
  o.category = flags.Required("category", "a category such as tool, food, container");
  o.shape = knowledge::ParseShapeType(flags.Required("shape", "box|cylinder|sphere|capsule|mesh"),
                                      "--shape");
  flags.Required("dims", "the shape's dimensions in metres");
  o.dims_m = NumberList(flags, "dims");
  o.mesh_file = flags.String("mesh-file");
  flags.Required("mass", "the mass in kg");
  o.mass_kg = NumberList(flags, "mass").at(0);
  if (!(o.mass_kg > 0)) throw InputError("--mass: expected a positive mass in kg");
  o.inertia_kgm2 = flags.Has("inertia")
                       ? FixedList<3>(flags, "inertia")
                       : knowledge::UniformSolidInertia(o.shape, o.dims_m, o.mass_kg);
  if (flags.Has("friction")) o.friction = FixedList<3>(flags, "friction");
  if (flags.Has("rgba")) o.rgba = FixedList<4>(flags, "rgba");
  o.material = flags.String("material");
  o.graspable = flags.Has("graspable");
  for (const std::string& a : flags.All("affordance")) {
    if (!knowledge::SetAffordance(a, &o.affordances)) {
      throw InputError("--affordance: expected liftable, pushable, openable or fragile");
    }
  }
  o.hazards = flags.All("hazard");
  o.source = flags.Required("source", "where the figures come from");
  knowledge::ValidateObject(o, "", 0, "--");
  const auto store = knowledge::OpenObjectStore(flags.String("db"));
  store->Insert({o}, flags.Has("replace"), "tianmu objects add");
  if (flags.Has("json")) {
    std::printf("%s\n", knowledge::ObjectToJson(o).dump(2).c_str());
  } else {
    std::printf("added %s to %s\n", o.id.c_str(), store->path().c_str());
  }
  return 0;
}

int Import(const Args& args) {
  const Flags flags(args, ObjectsCommand().subcommands[3].flags);
  if (flags.positional().size() != 1) throw InputError("import: expected one FILE.json|FILE.csv");
  const std::string file = flags.positional()[0];
  const std::vector<ObjectRecord> objects = knowledge::ReadObjectsFile(file);
  const auto store = knowledge::OpenObjectStore(flags.String("db"));
  store->Insert(objects, flags.Has("replace"), file);
  if (flags.Has("json")) {
    std::printf("%s\n", nlohmann::json({{"imported", objects.size()},
                                        {"total", store->Count()},
                                        {"database", store->path().string()}})
                            .dump(2)
                            .c_str());
  } else {
    std::printf("imported %zu objects from %s (%d in %s)\n", objects.size(), file.c_str(),
                store->Count(), store->path().c_str());
  }
  return 0;
}

int Export(const Args& args) {
  const Flags flags(args, ObjectsCommand().subcommands[4].flags);
  if (flags.positional().size() != 1) throw InputError("export: expected one FILE.json|FILE.csv");
  const std::string file = flags.positional()[0];
  const auto store = knowledge::OpenObjectStore(flags.String("db"));
  std::vector<ObjectRecord> objects;
  for (ObjectRecord& o : store->List()) {
    if (!flags.Has("category") || o.category == flags.String("category")) {
      objects.push_back(std::move(o));
    }
  }
  knowledge::WriteObjectsFile(file, objects);
  std::printf("exported %zu objects to %s\n", objects.size(), file.c_str());
  return 0;
}

FlagSpec DbFlag() {
  return Option("db", "FILE", "the knowledge base (SQLite)")
      .Default("objects.sqlite in the data directory")
      .Kind(ValueKind::kFile);
}

}  // namespace

CommandSpec ObjectsCommand() {
  return {
      .name = "objects",
      .purpose = "the object knowledge base: list, show, add, import, export",
      .examples = {"tianmu objects list --category tool", "tianmu objects show 003_cracker_box"},
      .subcommands = {
          {.name = "list",
           .purpose = "list the objects, optionally of one category",
           .flags = {DbFlag(), Switch("json", "print the objects as JSON on stdout"),
                     Option("category", "C", "only objects of this category, e.g. tool")},
           .examples = {"tianmu objects list", "tianmu objects list --category food --json"},
           .run = List},
          {.name = "show",
           .purpose = "everything known about one object",
           .operands = "ID|NAME",
           .flags = {DbFlag(), Switch("json", "print the record as JSON on stdout"),
                     Switch("mjcf", "print the object as an MJCF body instead")},
           .examples = {"tianmu objects show 003_cracker_box --mjcf"},
           .run = Show},
          {.name = "add",
           .purpose = "add one object, validated field by field",
           .flags = {DbFlag(), Option("id", "ID", "the object id, e.g. 099_my_box (required)"),
                     Option("name", "NAME", "the English name (required)"),
                     Option("name-zh", "NAME", "the Chinese name"),
                     Option("category", "C", "a category such as tool, food, container (required)"),
                     Option("shape", "SHAPE", "the collision shape (required)")
                         .Choices({"box", "cylinder", "sphere", "capsule", "mesh"}),
                     Option("dims", "D1,D2,..",
                            "the shape's dimensions: box x,y,z full extents; cylinder and capsule "
                            "radius,height; sphere radius; mesh bounding box x,y,z (required)")
                         .Unit("m"),
                     Option("mesh-file", "FILE", "the STL or OBJ mesh of a mesh shape")
                         .Kind(ValueKind::kFile),
                     Option("mass", "KG", "the mass, > 0 (required)").Unit("kg"),
                     Option("inertia", "IXX,IYY,IZZ", "principal moments of inertia")
                         .Unit("kg·m²")
                         .Default("a uniform solid of the shape"),
                     Option("friction", "SLIDE,SPIN,ROLL",
                            "MuJoCo's sliding, torsional and rolling friction coefficients")
                         .Default("0.8,0.005,0.0001"),
                     Option("rgba", "R,G,B,A", "colour, each component in [0, 1]")
                         .Default("0.6,0.6,0.6,1"),
                     Option("material", "TEXT", "what it is made of, e.g. cardboard"),
                     Switch("graspable", "a hand can grasp it"),
                     Option("affordance", "NAME", "what can be done with it")
                         .Choices({"liftable", "pushable", "openable", "fragile"})
                         .Repeatable(),
                     Option("hazard", "TEXT", "a hazard, e.g. sharp").Repeatable(),
                     Option("source", "TEXT", "where the figures come from (required)"),
                     Switch("replace", "replace an object with the same id"),
                     Switch("json", "print the added record as JSON on stdout")},
           .examples = {"tianmu objects add --id 099_my_box --name \"my box\" --category container "
                        "--shape box --dims 0.2,0.1,0.1 --mass 0.3 --source \"kitchen scale\""},
           .run = Add},
          {.name = "import",
           .purpose = "add every object of a JSON or CSV file (by extension)",
           .operands = "FILE.json|FILE.csv",
           .flags = {DbFlag(), Switch("replace", "replace objects with the same ids"),
                     Switch("json", "print the counts as JSON on stdout")},
           .examples = {"tianmu objects import my_objects.csv"},
           .run = Import},
          {.name = "export",
           .purpose = "write the objects to a JSON or CSV file (by extension)",
           .operands = "FILE.json|FILE.csv",
           .flags = {DbFlag(), Option("category", "C", "only objects of this category")},
           .examples = {"tianmu objects export all.json",
                        "tianmu objects export tools.csv --category tool"},
           .run = Export}}};
}

}  // namespace tianmu::cli
