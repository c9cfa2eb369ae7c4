# Strict warnings on our own targets only; third-party headers come in as SYSTEM includes.
add_library(stackd_warnings INTERFACE)
# -Wno-missing-field-initializers: C++20 designated initializers ({.required = true}) are
# meant to leave the other fields at their defaults; g++ 12 would flag every such use.
target_compile_options(stackd_warnings INTERFACE -Wall -Wextra -Wpedantic -Werror -Wno-missing-field-initializers)
