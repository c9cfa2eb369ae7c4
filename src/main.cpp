#include <cstdio>
#include <exception>

#include <CLI/CLI.hpp>
#include <spdlog/spdlog.h>

#include "app/app.hpp"
#include "util/logging.hpp"
#include "config/config.hpp"

#ifndef STACKD_VERSION
#define STACKD_VERSION "0.0.0"
#endif

int main(int argc, char** argv) {
    stackd::util::ConfigureLogging();

    stackd::config::Config config = stackd::config::LoadFromEnvironment();
    CLI::App cli{"stackd: a Stack Auth-compatible authentication server"};
    cli.require_subcommand(1);

    auto* serve = cli.add_subcommand("serve", "Serve the API");
    serve->add_option("--host", config.http.host, "Address to bind")->capture_default_str();
    serve->add_option("--port", config.http.port, "Port to bind (0 picks a free one)")->capture_default_str();
    serve->add_option("--data-dir", config.database.data_dir, "Directory of the embedded database and generated secrets")
        ->capture_default_str();

    auto* migrate = cli.add_subcommand("migrate", "Apply database migrations and exit");
    migrate->add_option("--data-dir", config.database.data_dir, "Directory of the embedded database")
        ->capture_default_str();

    cli.add_subcommand("version", "Print the version");

    CLI11_PARSE(cli, argc, argv);

    try {
        stackd::app::App app(config);
        if (*serve) {
            const int status = app.Serve();
            stackd::util::FlushLogs();
            return status;
        }
        if (*migrate) {
            const int status = app.Migrate();
            stackd::util::FlushLogs();
            return status;
        }
        std::printf("stackd %s\n", STACKD_VERSION);
        return 0;
    } catch (const std::exception& error) {
        spdlog::critical("{}", error.what());
        return 1;
    }
}
