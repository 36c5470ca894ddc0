// The capability vocabulary (capability/capability_key.h) against what the battery measures and
// what ProfileJson writes: every key's item exists with the same unit and comparison, and every
// key sits where the vocabulary says in a profile.json, so demands and profiles cannot drift.
#include <gtest/gtest.h>

#include "tianmu/capability/capability_key.h"
#include "tianmu/certify/registry.h"
#include "tianmu/certify/report.h"

namespace tianmu::certify {
namespace {

const nlohmann::json* At(const nlohmann::json& root, const std::string& key) {
  const nlohmann::json* node = &root;
  std::size_t start = 0;
  while (start <= key.size()) {
    const std::size_t dot = std::min(key.find('.', start), key.size());
    const std::string part = key.substr(start, dot - start);
    if (!node->is_object() || !node->contains(part)) return nullptr;
    node = &(*node)[part];
    start = dot + 1;
  }
  return node;
}

TEST(CapabilityVocabulary, EveryKeysItemHasTheSameUnitAndComparison) {
  int measured = 0;
  for (const capability::CapabilityKey& k : capability::CapabilityKeys()) {
    if (k.item_id.empty()) continue;
    const TestItem* item = Registry::Default().Find(k.item_id);
    ASSERT_NE(item, nullptr) << k.key << ": no item " << k.item_id;
    EXPECT_EQ(item->info().unit, k.unit) << k.key;
    EXPECT_EQ(item->info().comparison, k.at_most ? "<=" : ">=") << k.key;
    ++measured;
  }
  EXPECT_GE(measured, 20);
}

TEST(CapabilityVocabulary, EveryMeasuredKeyIsWhereProfileJsonPutsIt) {
  std::vector<ItemResult> items;
  for (const auto& item : Registry::Default().items()) {
    TrialResult t;
    t.item = item->info().id;
    t.value = 1;
    t.bracket_low = 1;
    t.bracket_high = 2;
    items.push_back(AggregateTrials(item->info(), {t, t}, 0.5));
  }
  RunInfo info;
  info.robot = "tm1";
  const nlohmann::json profile = ProfileJson(ResultsJson(info, items, {}));
  for (const capability::CapabilityKey& k : capability::CapabilityKeys()) {
    if (k.origin != "certification") continue;
    const bool by_item = k.key.rfind("figures.", 0) == 0;
    // Item ids hold dots themselves: `figures` is keyed by the whole id.
    const nlohmann::json* node =
        by_item
            ? (profile["figures"].contains(k.item_id) ? &profile["figures"][k.item_id] : nullptr)
            : At(profile, k.key);
    ASSERT_NE(node, nullptr) << k.key << " is not in profile.json";
    if (by_item) node = &(*node)["value"];
    // The stopping distance comes from trial details these synthetic trials do not have.
    if (k.item_id.empty()) continue;
    EXPECT_TRUE(node->is_number()) << k.key << ": " << node->dump();
  }
}

}  // namespace
}  // namespace tianmu::certify
