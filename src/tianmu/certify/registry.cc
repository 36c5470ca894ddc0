// The battery's registry (see registry.h).
#include "tianmu/certify/registry.h"

#include <stdexcept>

#include "tianmu/core/error.h"

namespace tianmu::certify {

const Registry& Registry::Default() {
  static const Registry* registry = [] {
    auto* r = new Registry;
    AddPerformanceItems(r);
    AddSafetyItems(r);
    AddContactItems(r);
    AddReliabilityItems(r);
    return r;
  }();
  return *registry;
}

void Registry::Add(std::unique_ptr<TestItem> item) {
  if (Find(item->info().id) != nullptr) {
    throw std::logic_error("duplicate certification item id " + item->info().id);
  }
  items_.push_back(std::move(item));
}

const TestItem* Registry::Find(const std::string& id) const {
  for (const auto& item : items_) {
    if (item->info().id == id) return item.get();
  }
  return nullptr;
}

std::vector<const TestItem*> Registry::Select(const std::vector<std::string>& ids) const {
  std::vector<const TestItem*> out;
  for (const std::string& id : ids) {
    if (Find(id) == nullptr) {
      std::string known;
      for (const auto& item : items_) known += (known.empty() ? "" : ", ") + item->info().id;
      throw InputError("--items: unknown item '" + id + "' (known: " + known + ")");
    }
  }
  for (const auto& item : items_) {
    bool wanted = ids.empty();
    for (const std::string& id : ids) wanted = wanted || id == item->info().id;
    if (wanted) out.push_back(item.get());
  }
  return out;
}

FunctionItem::FunctionItem(ItemInfo info, TrialFn trial, UnavailableFn unavailable)
    : info_(std::move(info)), trial_(std::move(trial)), unavailable_(std::move(unavailable)) {}

std::optional<std::string> FunctionItem::Unavailable(const model::RobotSpec& spec) const {
  if (!unavailable_) return std::nullopt;
  return unavailable_(spec);
}

TrialResult FunctionItem::RunTrial(const TrialContext& context, int trial_index,
                                   std::uint64_t seed) const {
  TrialResult r = trial_(context, trial_index, seed);
  r.item = info_.id;
  r.trial = trial_index;
  r.seed = seed;
  return r;
}

}  // namespace tianmu::certify
