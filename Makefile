# SPDX-License-Identifier: MIT
# Thin front door over CMake. `make demo` and `make test` are the Quick start.
# Only `make deps` and `make demo` install packages (scripts/deps.sh, which never
# starts or stops a service); `make build`, `make test` and the rest only build
# and check, and fail with the list of what is missing.
BUILD ?= build
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?=

.PHONY: all deps build demo test unit bench fuzz golden-update clean package install

all: build

deps:
	@scripts/deps.sh

$(BUILD)/CMakeCache.txt:
	@scripts/deps.sh --check
	cmake -S . -B $(BUILD) -G Ninja $(CMAKE_FLAGS)

build: $(BUILD)/CMakeCache.txt
	@scripts/deps.sh --check
	cmake --build $(BUILD) -j $(JOBS)

demo: deps
	$(MAKE) build
	@scripts/demo.sh $(BUILD)

test: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

unit: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS) -L unit

bench: build
	@scripts/bench.sh $(BUILD)

golden-update: build
	HAVIP_UPDATE_GOLDEN=1 $(MAKE) test

# Two .debs (havip-tools, havipd) and their -dbgsym .ddebs in $(BUILD)/packages,
# from the programs of $(BUILD) (cmake/Package.cmake).
package: $(BUILD)/CMakeCache.txt
	cmake --build $(BUILD) -j $(JOBS) --target havip-lint havip-compile havip-sim havipd completions manpages
	cd $(BUILD) && cpack -G DEB -B packages

# Stripped install into the configured prefix (CMAKE_INSTALL_PREFIX); DESTDIR works as usual.
install: $(BUILD)/CMakeCache.txt
	cmake --build $(BUILD) -j $(JOBS) --target havip-lint havip-compile havip-sim havipd completions manpages
	cmake --install $(BUILD) --strip

clean:
	rm -rf $(BUILD)
