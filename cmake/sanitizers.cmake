# -DSTACKD_SANITIZE=ON builds every target with ASan + UBSan (the debug preset turns it on).
option(STACKD_SANITIZE "Build with AddressSanitizer and UndefinedBehaviorSanitizer" OFF)
add_library(stackd_sanitizers INTERFACE)
if(STACKD_SANITIZE)
  target_compile_options(stackd_sanitizers INTERFACE
    -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer)
  target_link_options(stackd_sanitizers INTERFACE -fsanitize=address,undefined)
endif()
