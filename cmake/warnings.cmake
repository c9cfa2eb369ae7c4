# Strict warnings on our own targets only; third-party headers come in as SYSTEM includes.
add_library(stackd_warnings INTERFACE)
target_compile_options(stackd_warnings INTERFACE -Wall -Wextra -Wpedantic -Werror)
