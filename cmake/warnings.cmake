# Strict warnings on our own targets only; third-party headers come in as SYSTEM includes.
add_library(stackd_warnings INTERFACE)
# -Wno-missing-field-initializers: C++20 designated initializers ({.required = true}) are
# meant to leave the other fields at their defaults; g++ 12 would flag every such use.
# -Wno-restrict: g++ 12 at -O3 reports impossible memcpy overlaps inside std::string
# concatenation (GCC bug 105329), a false positive in libstdc++'s own code.
target_compile_options(stackd_warnings INTERFACE -Wall -Wextra -Wpedantic -Werror -Wno-missing-field-initializers
                                                 -Wno-restrict)
