// EglContext: a headless OpenGL context through EGL on Mesa's surfaceless platform, so MuJoCo can
// render offscreen on machines without a GPU or display (docs/perception.md).
#pragma once

#include <string>

namespace tianmu::perception {

/// An OpenGL context with no window, made current on the thread that creates it. OpenGL
/// contexts belong to one thread at a time: create, use and destroy it on the same thread.
class EglContext {
 public:
  /// Opens the surfaceless EGL display, creates an RGBA8 + depth24 OpenGL context and makes it
  /// current on this thread. Raises RuntimeError naming the EGL call that failed.
  EglContext();
  ~EglContext();
  EglContext(const EglContext&) = delete;
  EglContext& operator=(const EglContext&) = delete;

  /// Makes the context current on the calling thread again (after another context was used).
  void MakeCurrent();
  /// "Mesa Project / llvmpipe (LLVM 15.0.6, 256 bits)": EGL vendor and OpenGL renderer.
  const std::string& description() const { return description_; }

 private:
  void* display_ = nullptr;  // EGLDisplay
  void* context_ = nullptr;  // EGLContext
  std::string description_;
};

}  // namespace tianmu::perception
