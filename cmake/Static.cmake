# SPDX-License-Identifier: MIT
# Programs that run on a machine without the build's libraries: a CI runner, a
# CVM. havip_fmt is fmt as a static archive (Debian ships only libfmt.so); it
# takes fmt::fmt's own interface (headers, definitions) and replaces only the
# library. havip_static_program() links a program with -static, so `ldd` finds
# no shared library at all (the compiler side calls no NSS function: no
# getpwnam, no getaddrinfo, so a static glibc is safe there).
add_library(havip_fmt STATIC ${CMAKE_CURRENT_LIST_DIR}/fmt_static.cpp)
target_compile_definitions(havip_fmt PUBLIC $<TARGET_PROPERTY:fmt::fmt,INTERFACE_COMPILE_DEFINITIONS>)
target_include_directories(havip_fmt PUBLIC $<TARGET_PROPERTY:fmt::fmt,INTERFACE_INCLUDE_DIRECTORIES>)

option(HAVIP_STATIC_TOOLS "Link havip-lint, havip-compile and havip-sim statically" ON)

function(havip_static_program target)
  if(HAVIP_STATIC_TOOLS AND CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND NOT HAVIP_SANITIZE AND NOT HAVIP_FUZZ)
    target_link_options(${target} PRIVATE -static)
  endif()
endfunction()
