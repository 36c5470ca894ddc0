// The 1 kHz loop allocates nothing per tick once it runs: this binary replaces the C allocator
// (malloc and friends, which operator new, Eigen and MuJoCo all end in) with counting wrappers
// that count only on a thread that armed them, and ticks the service's loop standing and walking.
#include <execinfo.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "service_test_util.h"
#include "tianmu/control/cerebellum/humanoid_controller.h"
#include "tianmu/hal/sim_port.h"
#include "tianmu/service/robot_loop.h"
#include "tianmu/sim/scene.h"

extern "C" {
void* __libc_malloc(std::size_t size);
void* __libc_calloc(std::size_t count, std::size_t size);
void* __libc_realloc(void* pointer, std::size_t size);
void* __libc_memalign(std::size_t alignment, std::size_t size);
}

namespace {

thread_local bool t_armed = false;      // count allocations made by this thread
thread_local bool t_in_report = false;  // backtrace() itself may allocate
std::atomic<std::uint64_t> g_allocations{0};

// With TIANMU_ALLOC_TRACE set, counted allocations are grouped by call stack (a fixed table: the
// hook must not allocate) and printed once per test (binary+offset: addr2line -f -C -i -e
// BINARY OFFSET... names them).
struct Site {
  void* frames[8] = {};
  int depth = 0;
  std::uint64_t count = 0;
};
Site g_sites[256];

void Record() {
  void* frames[10];
  const int n = backtrace(frames, 10);
  // frames[0..1] are Record and Count; the allocator's caller follows.
  for (Site& site : g_sites) {
    if (site.depth == 0) {
      site.depth = n - 2;
      for (int i = 2; i < n; ++i) site.frames[i - 2] = frames[i];
    }
    if (site.depth == n - 2 && std::memcmp(site.frames, frames + 2, sizeof(void*) * (n - 2)) == 0) {
      ++site.count;
      return;
    }
  }
}

void PrintSites() {
  for (Site& site : g_sites) {
    if (site.count == 0) continue;
    std::fprintf(stderr, "--- %llu allocations at:\n", static_cast<unsigned long long>(site.count));
    backtrace_symbols_fd(site.frames, site.depth, 2);
    site = Site();
  }
}

void Count() {
  if (!t_armed || t_in_report) return;
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  if (std::getenv("TIANMU_ALLOC_TRACE") != nullptr) {
    t_in_report = true;
    Record();
    t_in_report = false;
  }
}

}  // namespace

extern "C" {
void* malloc(std::size_t size) {
  Count();
  return __libc_malloc(size);
}
void* calloc(std::size_t count, std::size_t size) {
  Count();
  return __libc_calloc(count, size);
}
void* realloc(void* pointer, std::size_t size) {
  Count();
  return __libc_realloc(pointer, size);
}
void* aligned_alloc(std::size_t alignment, std::size_t size) {
  Count();
  return __libc_memalign(alignment, size);
}
void* memalign(std::size_t alignment, std::size_t size) {
  Count();
  return __libc_memalign(alignment, size);
}
int posix_memalign(void** pointer, std::size_t alignment, std::size_t size) {
  Count();
  *pointer = __libc_memalign(alignment, size);
  return *pointer == nullptr ? ENOMEM : 0;
}
}

namespace tianmu::service {
namespace {

// Ticks `ticks` times on this thread with the counter armed; returns the allocations counted.
std::uint64_t AllocationsWhileTicking(RobotLoop* loop, std::uint64_t ticks) {
  const std::uint64_t before = g_allocations.load();
  t_armed = true;
  for (std::uint64_t k = 0; k < ticks; ++k) loop->RunTicks(1);
  t_armed = false;
  PrintSites();
  return g_allocations.load() - before;
}

TEST(LoopAllocations, CounterSeesAllocationsOnTheArmedThreadOnly) {
  const std::uint64_t before = g_allocations.load();
  t_armed = true;
  void* p = std::malloc(64);
  void* q = ::operator new(64);  // a new-expression could be elided with its delete
  t_armed = false;
  ::operator delete(q);
  std::free(p);
  EXPECT_EQ(g_allocations.load() - before, 2u);
  void* r = std::malloc(64);
  std::free(r);
  EXPECT_EQ(g_allocations.load() - before, 2u);
}

TEST(LoopAllocations, NoHeapAllocationPerTickStandingOrWalkingAfterWarmUp) {
  {  // backtrace() loads libgcc on its first call: not on the armed thread.
    void* frames[4];
    backtrace(frames, 4);
  }
  RobotLoopOptions options;
  options.scene = sim::ResolveScene("flat");
  options.world.sensor_noise = false;
  options.realtime = false;
  options.raise_priority = false;
  RobotLoop loop(testing::Tm1(), options);
  // Warm-up: the first ticks size buffers (QP workspaces, snapshot vectors).
  loop.RunTicks(1000);
  EXPECT_EQ(AllocationsWhileTicking(&loop, 2000), 0u) << "standing";

  // Walking: requests are posted from this thread (unarmed), as the server thread does.
  control::locomotion::VelocityCommand walk;
  walk.vx_mps = 0.3;
  loop.Post({RobotRequest::Kind::kWalk, walk});
  loop.RunTicks(3000);
  ASSERT_EQ(loop.Snapshot().mode, "walking");
  EXPECT_EQ(AllocationsWhileTicking(&loop, 2000), 0u) << "walking";

  // Recording while walking: frames go through the recording's preallocated ring.
  testing::TempDir dir;
  record::EpisodeAttributes attributes;
  attributes.robot = testing::Tm1().name;
  attributes.fps = 50;
  for (const model::JointSpec& j : testing::Tm1().joints) attributes.joint_names.push_back(j.name);
  attributes.touch_names = testing::Tm1().touch_sensors;
  auto recording = std::make_shared<LiveRecording>(
      dir.path() / "episode_000000.hdf5", attributes, testing::Tm1().num_joints(),
      static_cast<int>(testing::Tm1().touch_sensors.size()));
  RobotRequest record;
  record.kind = RobotRequest::Kind::kRecord;
  record.recording = recording;
  loop.Post(record);
  loop.RunTicks(200);
  EXPECT_EQ(AllocationsWhileTicking(&loop, 2000), 0u) << "walking and recording";
  EXPECT_FALSE(loop.Snapshot().fallen);
  recording->Finish(true);
  EXPECT_GE(recording->frames(), 100);  // 2200 ticks at 50 Hz, none dropped
  EXPECT_EQ(recording->dropped_frames(), 0u);
}

TEST(LoopAllocations, NoHeapAllocationPerControllerTickWithHandAndGazeTargetsAndAHeldObject) {
  {  // backtrace() loads libgcc on its first call: not on the armed thread.
    void* frames[4];
    backtrace(frames, 4);
  }
  const model::RobotSpec& spec = testing::Tm1();
  sim::WorldOptions world_options;
  world_options.sensor_noise = false;
  sim::World world(spec, sim::ResolveScene("flat"), world_options);
  hal::SimPort port(&world, {});
  control::HumanoidController controller(spec);
  hal::LowState state;
  hal::LowCmd cmd;
  cmd.Resize(spec.num_joints());
  port.ReadState(&state);
  controller.Reset(state);
  auto tick = [&] {
    port.ReadState(&state);
    controller.Compute(state, &cmd);
    port.WriteCommand(cmd);
    port.Advance();
  };
  for (int k = 0; k < 500; ++k) tick();
  // Both hand tasks (a full pose and a position only), the gaze task and a 2 kg held object.
  ASSERT_TRUE(
      controller.SetHandTarget(0, Eigen::Vector3d(0.3, 0.2, 1.0), Eigen::Matrix3d::Identity()));
  ASSERT_TRUE(controller.SetHandPositionTarget(1, Eigen::Vector3d(0.3, -0.2, 1.0)));
  ASSERT_TRUE(controller.SetGazeTarget(Eigen::Vector3d(2, 0, 0.8)));
  control::HeldObject held;
  held.mass_kg = 2;
  held.com_m = Eigen::Vector3d(0.3, 0, 1.0);
  held.inertia_kgm2 = 0.01 * Eigen::Matrix3d::Identity();
  held.hands = {0, 1};
  ASSERT_TRUE(controller.SetHeldObject(held));
  for (int k = 0; k < 1000; ++k) tick();
  const std::uint64_t before = g_allocations.load();
  t_armed = true;
  for (int k = 0; k < 2000; ++k) tick();
  t_armed = false;
  PrintSites();
  EXPECT_EQ(g_allocations.load() - before, 0u);
  EXPECT_STRNE(controller.status().mode, "fallen");
}

}  // namespace
}  // namespace tianmu::service
