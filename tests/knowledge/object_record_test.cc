// Object records: the starter set, validation that names the field, JSON and CSV round trips.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "input_error_of.h"
#include "tianmu/core/error.h"
#include "tianmu/knowledge/object_io.h"
#include "tianmu/knowledge/object_store.h"

namespace tianmu::knowledge {
namespace {

using ::testing::HasSubstr;

using ::tianmu::testing::InputErrorOf;

TEST(KnowledgeStarterSet, HoldsAtLeastThirtyValidObjectsWithSourcesAndUniqueIds) {
  const std::vector<ObjectRecord> objects = ReadObjectsFile(StarterSetPath());
  ASSERT_GE(objects.size(), 30u);
  std::set<std::string> ids, categories;
  for (const ObjectRecord& o : objects) {
    ValidateObject(o, "starter", 0, "");
    EXPECT_FALSE(o.source.empty()) << o.id;
    ids.insert(o.id);
    categories.insert(o.category);
  }
  EXPECT_EQ(ids.size(), objects.size());
  for (const char* id : {"003_cracker_box", "005_tomato_soup_can", "006_mustard_bottle",
                         "011_banana", "024_bowl", "025_mug", "035_power_drill", "037_scissors",
                         "fire_extinguisher_6kg_powder", "euro_container_600x400x220"}) {
    EXPECT_EQ(ids.count(id), 1u) << id;
  }
  EXPECT_GE(categories.size(), 6u);  // household and industrial, not one kind of thing
}

TEST(KnowledgeStarterSet, CrackerBoxHasTheYcbFiguresAndAUniformSolidInertia) {
  const auto objects = ReadObjectsFile(StarterSetPath());
  const auto it = std::find_if(objects.begin(), objects.end(),
                               [](const ObjectRecord& o) { return o.id == "003_cracker_box"; });
  ASSERT_NE(it, objects.end());
  EXPECT_DOUBLE_EQ(it->mass_kg, 0.411);
  EXPECT_EQ(it->dims_m, (std::vector<double>{0.06, 0.158, 0.21}));
  // Izz of a box: m (x² + y²) / 12.
  EXPECT_NEAR(it->inertia_kgm2[2], 0.411 * (0.06 * 0.06 + 0.158 * 0.158) / 12, 1e-12);
  EXPECT_NEAR(it->height_m(), 0.21, 1e-12);
}

const char* kGoodObject = R"({"id": "t_box", "name_en": "test box", "category": "part",
  "shape": "box", "dims_m": [0.1, 0.2, 0.3], "mass_kg": 1.5, "source": "test"})";

TEST(KnowledgeObjectJson, NonPositiveMassIsRejectedNamingTheField) {
  for (const char* mass : {"0", "-2"}) {
    std::string text = kGoodObject;
    text.replace(text.find("1.5"), 3, mass);
    const std::string message =
        InputErrorOf([&] { ObjectsFromJsonText("[" + text + "]", "objs.json"); });
    EXPECT_THAT(message, HasSubstr("objs.json"));
    EXPECT_THAT(message, HasSubstr("objects[0].mass_kg"));
  }
}

TEST(KnowledgeObjectJson, DuplicateIdsAreRejectedNamingTheSecond) {
  const std::string message = InputErrorOf([] {
    ObjectsFromJsonText(std::string("[") + kGoodObject + "," + kGoodObject + "]", "dup.json");
  });
  EXPECT_THAT(message, HasSubstr("objects[1].id"));
  EXPECT_THAT(message, HasSubstr("t_box"));
}

TEST(KnowledgeObjectJson, UnknownFieldsWrongShapesAndBadDimensionsAreRejected) {
  auto with = [](const std::string& from, const std::string& to) {
    std::string text = kGoodObject;
    text.replace(text.find(from), from.size(), to);
    return "[" + text + "]";
  };
  EXPECT_THAT(InputErrorOf([&] { ObjectsFromJsonText(with("\"source\"", "\"sauce\""), "f"); }),
              HasSubstr("objects[0].sauce"));
  EXPECT_THAT(InputErrorOf([&] { ObjectsFromJsonText(with("\"box\"", "\"cone\""), "f"); }),
              HasSubstr("box, cylinder, sphere"));
  EXPECT_THAT(InputErrorOf([&] { ObjectsFromJsonText(with("0.1, 0.2, 0.3", "0.1, 0.2"), "f"); }),
              HasSubstr("objects[0].dims_m"));
  EXPECT_THAT(InputErrorOf([&] { ObjectsFromJsonText(with("\"t_box\"", "\"T Box\""), "f"); }),
              HasSubstr("objects[0].id"));
  EXPECT_THAT(InputErrorOf([&] {
                ObjectsFromJsonText(with("\"mass_kg\"", "\"rgba\": [2,0,0,1], \"mass_kg\""), "f");
              }),
              HasSubstr("objects[0].rgba"));
}

TEST(KnowledgeObjectJson, InertiaViolatingTheTriangleInequalityIsRejected) {
  std::string text = kGoodObject;
  text.replace(text.find("\"source\""), 8, "\"inertia_kgm2\": [0.01, 0.01, 0.5], \"source\"");
  EXPECT_THAT(InputErrorOf([&] { ObjectsFromJsonText("[" + text + "]", "f"); }),
              HasSubstr("inertia_kgm2"));
}

TEST(KnowledgeObjectIo, StarterSetSurvivesJsonAndCsvRoundTrips) {
  const auto objects = ReadObjectsFile(StarterSetPath());
  const auto from_json = ObjectsFromJsonText(ObjectsToJsonText(objects), "round.json");
  const auto from_csv = ObjectsFromCsv(ObjectsToCsv(objects), "round.csv");
  ASSERT_EQ(from_json.size(), objects.size());
  ASSERT_EQ(from_csv.size(), objects.size());
  for (std::size_t i = 0; i < objects.size(); ++i) {
    // Exact equality of the JSON forms: every number is written in round-trip precision.
    EXPECT_EQ(ObjectToJson(from_json[i]), ObjectToJson(objects[i])) << objects[i].id;
    EXPECT_EQ(ObjectToJson(from_csv[i]), ObjectToJson(objects[i])) << objects[i].id;
  }
}

TEST(KnowledgeObjectCsv, BadRowsAreRejectedNamingTheLineAndField) {
  const std::string header = ObjectsToCsv({}).substr(0, ObjectsToCsv({}).find('\n') + 1);
  const std::string good = "t1,box one,,part,box,0.1 0.1 0.1,,1,,,,,false,,,,test\n";
  EXPECT_NO_THROW(ObjectsFromCsv(header + good, "ok.csv"));
  EXPECT_THAT(InputErrorOf([&] {
                ObjectsFromCsv(
                    header + good + "t2,box two,,part,box,0.1 0.1,,1,,,,,false,,,,test\n",
                    "bad.csv");
              }),
              HasSubstr("bad.csv:3: dims_m"));
  EXPECT_THAT(InputErrorOf([&] {
                ObjectsFromCsv(header + "t2,box two,,part,box,0.1 0.1 0.1,,heavy,,,,,false,,,,x\n",
                               "bad.csv");
              }),
              HasSubstr("bad.csv:2: mass_kg"));
  EXPECT_THAT(InputErrorOf([&] {
                ObjectsFromCsv(header + "t2,box two,,part,box,0.1 0.1 0.1,,-1,,,,,false,,,,x\n",
                               "bad.csv");
              }),
              HasSubstr("bad.csv:2: mass_kg"));
  EXPECT_THAT(InputErrorOf([&] { ObjectsFromCsv(header + good + good, "dup.csv"); }),
              HasSubstr("dup.csv:3: id"));
  EXPECT_THAT(InputErrorOf([&] { ObjectsFromCsv(header + "t1,only,three\n", "short.csv"); }),
              HasSubstr("short.csv:2"));
  EXPECT_THAT(InputErrorOf([&] { ObjectsFromCsv("id,name\n" + good, "hdr.csv"); }),
              HasSubstr("hdr.csv:1: header"));
}

// Found by fuzz/objects_csv_fuzzer: a CSV row with bytes that are not UTF-8 was imported, and
// every later JSON export of the knowledge base (`objects export`, GET /api/v1/objects) threw.
TEST(KnowledgeObjectCsv, TextThatIsNotUtf8IsRejectedNamingTheField) {
  const std::string header = ObjectsToCsv({}).substr(0, ObjectsToCsv({}).find('\n') + 1);
  const auto row = [](const std::string& name_zh, const std::string& source) {
    return "t1,box one," + name_zh + ",part,box,0.1 0.1 0.1,,1,,,,,false,,,," + source + "\n";
  };
  EXPECT_NO_THROW(ObjectsFromCsv(header + row("\xe7\xae\xb1\xe5\xad\x90", "test"), "ok.csv"));
  EXPECT_THAT(InputErrorOf([&] { ObjectsFromCsv(header + row("\xe8\x8d\xc8\xc8", "t"), "a.csv"); }),
              HasSubstr("a.csv:2: name_zh: valid UTF-8 text"));
  EXPECT_THAT(InputErrorOf([&] { ObjectsFromCsv(header + row("", "\xed\xa0\x80"), "b.csv"); }),
              HasSubstr("b.csv:2: source: valid UTF-8 text"));  // an encoded surrogate
  EXPECT_THAT(InputErrorOf([&] { ObjectsFromCsv(header + row("\xc0\xaf", "t"), "c.csv"); }),
              HasSubstr("c.csv:2: name_zh"));  // an overlong '/'
  EXPECT_THAT(InputErrorOf([&] { ObjectsFromCsv(header + row("\xe7\xae", "t"), "d.csv"); }),
              HasSubstr("d.csv:2: name_zh"));  // cut short
}

// Found by fuzz/objects_json_fuzzer: a number too large for a double (1e999) made the JSON
// parser throw out_of_range, which escaped instead of the InputError for malformed JSON.
TEST(KnowledgeObjectJson, ANumberTooLargeForADoubleIsAnInputError) {
  EXPECT_THAT(
      InputErrorOf([] { ObjectsFromJsonText(R"({"objects": [{"mass_kg": 1e999}]})", "n.json"); }),
      HasSubstr("n.json: valid JSON"));
}

}  // namespace
}  // namespace tianmu::knowledge
