# Thin wrappers over scripts/setup.sh, CMake and ctest. See README.md.
BUILD_DIR ?= build
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?= -DCMAKE_BUILD_TYPE=Release

.PHONY: setup configure build demo test bench install clean fuzz

setup:
	bash scripts/setup.sh

configure: setup
	cmake -S . -B $(BUILD_DIR) -G Ninja $(CMAKE_FLAGS)

build: configure
	cmake --build $(BUILD_DIR) -j $(JOBS)

# The robot as a service after the offline run: with a display, the dashboard is served until
# Ctrl-C; without one (CI, SSH), the course runs headless and leaves a dashboard screenshot.
DEMO_SERVE ?= $(if $(DISPLAY)$(WAYLAND_DISPLAY),--serve,--serve --headless)

demo: build
	$(BUILD_DIR)/bin/tianmu demo --out out/demo
	$(BUILD_DIR)/bin/tianmu demo $(DEMO_SERVE) --out out/demo

test: build
	cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS)

bench: build
	$(BUILD_DIR)/bin/tianmu bench sim --robot tm1 --json
	$(BUILD_DIR)/bin/tianmu bench sim --robot tm1s --json
	$(BUILD_DIR)/bin/tianmu bench perception --json

# libFuzzer targets under ASan + UBSan (build-fuzz/), FUZZ_SECONDS each (docs/security.md).
FUZZ_SECONDS ?= 10
fuzz: setup
	bash scripts/fuzz.sh $(FUZZ_SECONDS)

install: build
	cmake --install $(BUILD_DIR) --prefix install

clean:
	rm -rf $(BUILD_DIR) out install
