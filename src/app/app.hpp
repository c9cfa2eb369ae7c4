#pragma once

#include <memory>

#include "config/config.hpp"

namespace stackd::app {

// The composition root: builds every component from the Config, owns their lifetimes
// and wires dependencies by reference.
class App {
public:
    explicit App(config::Config config);
    ~App();

    // Migrates, seeds, starts serving and blocks until SIGINT/SIGTERM.
    // `on_listening` receives the bound port once the socket accepts connections.
    int Serve();
    // Applies migrations and exits.
    int Migrate();

private:
    struct Components;
    config::Config config_;
    std::unique_ptr<Components> components_;
};

}  // namespace stackd::app
