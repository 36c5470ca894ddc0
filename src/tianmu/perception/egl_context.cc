#include "tianmu/perception/egl_context.h"

#include <EGL/egl.h>
#include <EGL/eglext.h>
#include <GL/gl.h>

#include <cstdio>
#include <mutex>
#include <string>

#include "tianmu/core/error.h"

namespace tianmu::perception {
namespace {

// eglTerminate releases the display for every thread of the process, so the display is
// terminated only when the last context of the process goes away.
std::mutex display_mutex;
int display_users = 0;

std::string EglErrorText(const char* call) {
  char buffer[96];
  std::snprintf(buffer, sizeof(buffer), "EGL: %s failed (error 0x%04x)", call,
                static_cast<unsigned>(eglGetError()));
  return buffer;
}

}  // namespace

EglContext::EglContext() {
  std::lock_guard<std::mutex> lock(display_mutex);
  // The surfaceless platform needs the extension entry point, not eglGetDisplay.
  auto get_platform_display = reinterpret_cast<PFNEGLGETPLATFORMDISPLAYEXTPROC>(
      eglGetProcAddress("eglGetPlatformDisplayEXT"));
  if (get_platform_display == nullptr) {
    throw RuntimeError(
        "EGL: no eglGetPlatformDisplayEXT (install libegl-mesa0; scripts/setup.sh does)");
  }
  EGLDisplay display =
      get_platform_display(EGL_PLATFORM_SURFACELESS_MESA, EGL_DEFAULT_DISPLAY, nullptr);
  if (display == EGL_NO_DISPLAY) throw RuntimeError(EglErrorText("eglGetPlatformDisplayEXT"));
  EGLint major = 0;
  EGLint minor = 0;
  if (eglInitialize(display, &major, &minor) != EGL_TRUE) {
    throw RuntimeError(EglErrorText("eglInitialize (surfaceless Mesa)"));
  }
  ++display_users;
  display_ = display;
  const EGLint config_attributes[] = {EGL_RED_SIZE,
                                      8,
                                      EGL_GREEN_SIZE,
                                      8,
                                      EGL_BLUE_SIZE,
                                      8,
                                      EGL_ALPHA_SIZE,
                                      8,
                                      EGL_DEPTH_SIZE,
                                      24,
                                      EGL_SURFACE_TYPE,
                                      EGL_PBUFFER_BIT,
                                      EGL_RENDERABLE_TYPE,
                                      EGL_OPENGL_BIT,
                                      EGL_NONE};
  EGLConfig config = nullptr;
  EGLint config_count = 0;
  const auto fail = [&](const char* call) {
    const std::string message = EglErrorText(call);
    if (--display_users == 0) eglTerminate(display);
    throw RuntimeError(message);
  };
  if (eglChooseConfig(display, config_attributes, &config, 1, &config_count) != EGL_TRUE ||
      config_count < 1) {
    fail("eglChooseConfig (RGBA8, depth 24, OpenGL)");
  }
  if (eglBindAPI(EGL_OPENGL_API) != EGL_TRUE) fail("eglBindAPI(EGL_OPENGL_API)");
  EGLContext context = eglCreateContext(display, config, EGL_NO_CONTEXT, nullptr);
  if (context == EGL_NO_CONTEXT) fail("eglCreateContext");
  if (eglMakeCurrent(display, EGL_NO_SURFACE, EGL_NO_SURFACE, context) != EGL_TRUE) {
    eglDestroyContext(display, context);
    fail("eglMakeCurrent (surfaceless)");
  }
  context_ = context;
  const char* vendor = eglQueryString(display, EGL_VENDOR);
  const auto* renderer = reinterpret_cast<const char*>(glGetString(GL_RENDERER));
  description_ = std::string(vendor ? vendor : "?") + " / " + (renderer ? renderer : "?");
}

EglContext::~EglContext() {
  std::lock_guard<std::mutex> lock(display_mutex);
  EGLDisplay display = static_cast<EGLDisplay>(display_);
  if (eglGetCurrentContext() == static_cast<EGLContext>(context_)) {
    eglMakeCurrent(display, EGL_NO_SURFACE, EGL_NO_SURFACE, EGL_NO_CONTEXT);
  }
  eglDestroyContext(display, static_cast<EGLContext>(context_));
  if (--display_users == 0) eglTerminate(display);
}

void EglContext::MakeCurrent() {
  if (eglMakeCurrent(static_cast<EGLDisplay>(display_), EGL_NO_SURFACE, EGL_NO_SURFACE,
                     static_cast<EGLContext>(context_)) != EGL_TRUE) {
    throw RuntimeError(EglErrorText("eglMakeCurrent"));
  }
}

}  // namespace tianmu::perception
