# The two commands a newcomer needs: `make run` and `make test`.
BUILD_DIR ?= build
DATA_DIR ?= data

.PHONY: setup build run test clean

setup:
	bash scripts/setup

$(BUILD_DIR)/build.ninja:
	cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBUILD_TESTING=ON

build: setup $(BUILD_DIR)/build.ninja
	cmake --build $(BUILD_DIR)

# Serves on 127.0.0.1:8102 on the embedded SQLite database with upstream's development values.
run: build
	set -a && . ./scripts/dev.env && set +a && ./$(BUILD_DIR)/stackd serve --host 127.0.0.1 --port 8102 --data-dir $(DATA_DIR)

# Unit, storage and integration tests; on SQLite and on a throwaway PostgreSQL.
test: build
	bash scripts/test $(BUILD_DIR)

clean:
	rm -rf $(BUILD_DIR)
