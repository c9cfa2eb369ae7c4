#pragma once

#include <spdlog/logger.h>

namespace stackd::util {

// Logs go to stderr (stdout carries only the "listening on" line tools wait for).
// Two loggers share it: the default one (startup, jobs, warnings, errors), whose every
// line reaches the file descriptor at once, so nothing is lost if the process is killed;
// and the access log, one line per request, which is buffered and written at most
// kAccessLogFlushInterval later (or earlier, with the next line of the default logger).
// An unbuffered access log costs a write system call per request, a measurable share of
// the server's CPU at tens of thousands of requests a second. On a terminal both are
// unbuffered and coloured.
void ConfigureLogging();

// The per-request access log.
spdlog::logger& AccessLog();

// Writes out what the access log has buffered; call before exiting.
void FlushLogs();

}  // namespace stackd::util
