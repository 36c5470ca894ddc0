// Ticks a behaviour tree beside the 1 kHz control loop: called on every control tick, it ticks
// the tree only every N-th (default 50 Hz of 1 kHz), never throws into the loop (an error becomes
// a failure with its message) and stops ticking once the tree has finished.
#pragma once

#include <string>

#include "tianmu/brain/tree.h"

namespace tianmu::brain {

/// Rates of the control loop and of the tree.
struct TickerOptions {
  double control_rate_hz = 1000;
  double tree_rate_hz = 50;  ///< rounded so that the tree ticks every whole number of control ticks
};

/// Drives one tree from the control loop.
class TreeTicker {
 public:
  /// `tree` must outlive the ticker; raises InputError unless 0 < tree rate <= control rate.
  TreeTicker(Tree* tree, const TickerOptions& options);
  /// Call once per control tick with robot time (s); ticks the tree when due. Returns the tree's
  /// status (RUNNING until it finishes; a node error turns it into FAILURE, see error()).
  NodeStatus OnControlTick(double time_s);
  /// Control ticks between two tree ticks.
  int period_ticks() const { return period_ticks_; }
  /// Tree ticks so far.
  int tree_ticks() const { return tree_ticks_; }
  /// The tree's status after the last tree tick (IDLE before the first).
  NodeStatus status() const { return status_; }
  /// The message of the error that stopped the tree, or empty.
  const std::string& error() const { return error_; }

 private:
  Tree* tree_;
  int period_ticks_ = 20;
  long control_ticks_ = 0;
  int tree_ticks_ = 0;
  NodeStatus status_ = NodeStatus::kIdle;
  std::string error_;
};

}  // namespace tianmu::brain
