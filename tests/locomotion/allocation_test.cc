// The pattern generator runs in the 1 kHz loop: after construction it must not allocate. This
// file replaces the global allocation functions of the test binary to count calls.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <new>

#include "closed_loop.h"
#include "test_robots.h"

namespace {
std::atomic<bool> g_counting{false};
std::atomic<long> g_allocations{0};

void* Allocate(std::size_t size) {
  if (g_counting.load(std::memory_order_relaxed)) g_allocations.fetch_add(1);
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
void* AllocateAligned(std::size_t size, std::align_val_t alignment) {
  if (g_counting.load(std::memory_order_relaxed)) g_allocations.fetch_add(1);
  const std::size_t align = static_cast<std::size_t>(alignment);
  if (void* p = std::aligned_alloc(align, (size + align - 1) / align * align)) return p;
  throw std::bad_alloc();
}
}  // namespace

void* operator new(std::size_t size) { return Allocate(size); }
void* operator new[](std::size_t size) { return Allocate(size); }
void* operator new(std::size_t size, std::align_val_t a) { return AllocateAligned(size, a); }
void* operator new[](std::size_t size, std::align_val_t a) { return AllocateAligned(size, a); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete(void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }

namespace tianmu::control::locomotion {
namespace {

TEST(WalkingAllocation, CounterSeesAllocations) {
  g_allocations = 0;
  g_counting = true;
  int* volatile p = new int(3);
  g_counting = false;
  delete p;
  EXPECT_EQ(g_allocations, 1);
}

TEST(WalkingAllocation, UpdateNeverAllocatesWhileStandingWalkingRecoveringOrStopping) {
  ClosedLoop loop(TestConfig("tm1"));
  long allocations = 0;
  // Count inside Update only (the harness and gtest may allocate between ticks).
  auto tick = [&] {
    LocomotionInput input = loop.input();
    input.time_s = loop.time_s();
    LocomotionReference r;
    g_allocations = 0;
    g_counting = true;
    loop.generator().Update(input, &r);
    g_counting = false;
    allocations += g_allocations;
    loop.Tick();
  };
  for (int i = 0; i < 500; ++i) tick();
  loop.lipm().velocity_mps.x() += 0.6;  // push: recovery step
  for (int i = 0; i < 3000; ++i) tick();
  loop.generator().RequestWalk();
  loop.input().command = {0.5, 0.1, 0.3};
  for (int i = 0; i < 4000; ++i) tick();
  loop.lipm().velocity_mps.y() += 0.15;  // push while walking: step adjustment
  for (int i = 0; i < 2000; ++i) tick();
  loop.generator().RequestStop();
  for (int i = 0; i < 3000; ++i) tick();
  EXPECT_EQ(loop.reference().state, WalkingState::kStanding);
  EXPECT_GT(loop.reference().step_count, 10);
  EXPECT_EQ(allocations, 0);
}

}  // namespace
}  // namespace tianmu::control::locomotion
