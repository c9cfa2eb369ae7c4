#include <cstdio>
#include <exception>

#include <CLI/CLI.hpp>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "app/app.hpp"
#include "config/config.hpp"

#ifndef STACKD_VERSION
#define STACKD_VERSION "0.0.0"
#endif

int main(int argc, char** argv) {
    // Logs go to stderr: stdout carries only the "listening on" line tools wait for.
    spdlog::set_default_logger(spdlog::stderr_color_mt("stackd"));
    spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %^%l%$ %v", spdlog::pattern_time_type::utc);

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
            return app.Serve();
        }
        if (*migrate) {
            return app.Migrate();
        }
        std::printf("stackd %s\n", STACKD_VERSION);
        return 0;
    } catch (const std::exception& error) {
        spdlog::critical("{}", error.what());
        return 1;
    }
}
