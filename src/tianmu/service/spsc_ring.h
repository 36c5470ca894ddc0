// A lock-free single-producer, single-consumer ring of preallocated slots: the real-time loop
// hands data to a worker thread by copying it into a slot, without allocating, locking or
// making a system call.
#pragma once

#include <atomic>
#include <cstddef>
#include <vector>

namespace tianmu::service {

/// Fixed-capacity queue between exactly one producer thread and one consumer thread. Slots are
/// built once as copies of a prototype, so copying a value of the same shape into one does not
/// allocate (std::vector members keep their capacity).
template <typename T>
class SpscRing {
 public:
  /// `capacity` slots (at most capacity - 1 values queued), each a copy of `prototype`.
  SpscRing(std::size_t capacity, const T& prototype)
      : slots_(capacity < 2 ? 2 : capacity, prototype) {}

  /// Producer: the slot to fill next, or nullptr when the ring is full.
  T* BeginPush() {
    const std::size_t head = head_.load(std::memory_order_relaxed);
    if (Next(head) == tail_.load(std::memory_order_acquire)) return nullptr;
    return &slots_[head];
  }
  /// Producer: hands the slot from BeginPush to the consumer.
  void CommitPush() {
    head_.store(Next(head_.load(std::memory_order_relaxed)), std::memory_order_release);
  }
  /// Consumer: the oldest queued value, or nullptr when the ring is empty.
  T* Front() {
    const std::size_t tail = tail_.load(std::memory_order_relaxed);
    if (tail == head_.load(std::memory_order_acquire)) return nullptr;
    return &slots_[tail];
  }
  /// Consumer: gives the slot from Front back to the producer.
  void Pop() {
    tail_.store(Next(tail_.load(std::memory_order_relaxed)), std::memory_order_release);
  }

 private:
  std::size_t Next(std::size_t i) const { return i + 1 == slots_.size() ? 0 : i + 1; }

  std::vector<T> slots_;
  alignas(64) std::atomic<std::size_t> head_{0};  ///< next slot the producer fills
  alignas(64) std::atomic<std::size_t> tail_{0};  ///< next slot the consumer reads
};

}  // namespace tianmu::service
