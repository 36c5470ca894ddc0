#include "tianmu/brain/tree_ticker.h"

#include <cmath>
#include <exception>

#include "tianmu/core/error.h"

namespace tianmu::brain {

TreeTicker::TreeTicker(Tree* tree, const TickerOptions& options) : tree_(tree) {
  if (!(options.control_rate_hz > 0) || !std::isfinite(options.control_rate_hz)) {
    throw InputError("tree ticker: control_rate_hz must be a positive number");
  }
  if (!(options.tree_rate_hz > 0) || options.tree_rate_hz > options.control_rate_hz) {
    throw InputError("tree ticker: tree_rate_hz must be in (0, control_rate_hz]");
  }
  period_ticks_ =
      std::max(1, static_cast<int>(std::lround(options.control_rate_hz / options.tree_rate_hz)));
}

NodeStatus TreeTicker::OnControlTick(double time_s) {
  const bool due = control_ticks_++ % period_ticks_ == 0;
  const bool finished = status_ == NodeStatus::kSuccess || status_ == NodeStatus::kFailure;
  if (!due || finished) return status_ == NodeStatus::kIdle ? NodeStatus::kRunning : status_;
  ++tree_ticks_;
  try {
    status_ = tree_->TickOnce(time_s);
  } catch (const std::exception& e) {
    error_ = e.what();
    try {
      tree_->Halt();
    } catch (const std::exception&) {
      // Halting after an error is best effort; the first error is the one reported.
    }
    status_ = NodeStatus::kFailure;
  }
  return status_;
}

}  // namespace tianmu::brain
