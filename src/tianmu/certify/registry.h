// The battery: every certification test item by id, in report order (performance, safety,
// reliability). Items are defined one family per file under items/.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "tianmu/certify/test_item.h"

namespace tianmu::certify {

/// The items of the battery.
class Registry {
 public:
  /// The registry holding every built-in item.
  static const Registry& Default();

  /// Adds an item; ids must be unique (std::logic_error otherwise).
  void Add(std::unique_ptr<TestItem> item);
  /// All items, in report order.
  const std::vector<std::unique_ptr<TestItem>>& items() const { return items_; }
  /// The item `id`, or nullptr.
  const TestItem* Find(const std::string& id) const;
  /// The items named in `ids` (all when empty), in report order; InputError names an unknown id.
  std::vector<const TestItem*> Select(const std::vector<std::string>& ids) const;

 private:
  std::vector<std::unique_ptr<TestItem>> items_;
};

/// A trial function of a FunctionItem.
using TrialFn = std::function<TrialResult(const TrialContext&, int trial, std::uint64_t seed)>;
/// An availability check of a FunctionItem (nullopt: available).
using UnavailableFn = std::function<std::optional<std::string>(const model::RobotSpec&)>;

/// An item made of its metadata and two functions (how most items are written).
class FunctionItem : public TestItem {
 public:
  /// `unavailable` may be empty (always available).
  FunctionItem(ItemInfo info, TrialFn trial, UnavailableFn unavailable = {});
  const ItemInfo& info() const override { return info_; }
  std::optional<std::string> Unavailable(const model::RobotSpec& spec) const override;
  TrialResult RunTrial(const TrialContext& context, int trial_index,
                       std::uint64_t seed) const override;

 private:
  ItemInfo info_;
  TrialFn trial_;
  UnavailableFn unavailable_;
};

/// Item families (items/*.cc).
void AddPerformanceItems(Registry* registry);
void AddSafetyItems(Registry* registry);
void AddContactItems(Registry* registry);
void AddReliabilityItems(Registry* registry);

}  // namespace tianmu::certify
