// Symbolic world state for planning: a set of ground facts such as at(robot, table),
// looking_at(gauge_1) or greeted(visitor), written predicate(arg, ...). Facts come from the scene
// or the perception port and from the effects of skills.
#pragma once

#include <set>
#include <string>
#include <vector>

namespace tianmu::brain {

/// One fact or fact pattern: a predicate and its arguments ("?x" is a variable in patterns, "_"
/// matches anything in delete effects).
struct Fact {
  std::string predicate;
  std::vector<std::string> args;

  /// "at(robot,table)"; a fact without arguments prints as "waved()".
  std::string ToString() const;
  /// Parses "at(robot, table)" (spaces allowed); raises InputError naming `field` on bad text.
  static Fact Parse(const std::string& text, const std::string& field = "fact");
  /// Orders by predicate, then arguments (facts live in sorted sets).
  bool operator<(const Fact& other) const {
    return predicate != other.predicate ? predicate < other.predicate : args < other.args;
  }
  /// Same predicate and arguments.
  bool operator==(const Fact& other) const {
    return predicate == other.predicate && args == other.args;
  }
};

/// A set of ground facts (closed world: what is not in the set is false).
class WorldState {
 public:
  WorldState() = default;
  /// A state holding `facts` (each parsed with Fact::Parse).
  static WorldState Parse(const std::vector<std::string>& facts);
  /// True when `fact` holds.
  bool Holds(const Fact& fact) const { return facts_.count(fact) > 0; }
  /// Makes `fact` hold.
  void Add(const Fact& fact) { facts_.insert(fact); }
  /// Makes `fact` false.
  void Remove(const Fact& fact) { facts_.erase(fact); }
  /// All facts, sorted.
  const std::set<Fact>& facts() const { return facts_; }
  /// Every constant named in some fact, sorted.
  std::set<std::string> Objects() const;
  /// The facts, "; "-separated.
  std::string ToString() const;
  /// Orders states by their facts (the planner's visited set).
  bool operator<(const WorldState& other) const { return facts_ < other.facts_; }
  /// Same facts.
  bool operator==(const WorldState& other) const { return facts_ == other.facts_; }

 private:
  std::set<Fact> facts_;
};

}  // namespace tianmu::brain
