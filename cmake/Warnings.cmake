# SPDX-License-Identifier: MIT
# One place for warning flags: every havip target calls havip_warnings().
function(havip_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wno-missing-field-initializers
    $<$<CXX_COMPILER_ID:GNU>:-Wshadow=local>)
  if(HAVIP_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
    # GCC's flow analysis under -fsanitize reports std::function inside
    # <regex> as maybe-uninitialized (a false positive of the instrumented
    # code, absent from normal builds): kept as a warning there, not an error.
    if(HAVIP_SANITIZE AND CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
      target_compile_options(${target} PRIVATE -Wno-error=maybe-uninitialized)
    endif()
  endif()
endfunction()

if(HAVIP_SANITIZE)
  # Undefined behaviour stops the test that hit it (the default only prints).
  add_compile_options(-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
endif()
if(HAVIP_FUZZ)
  add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
endif()

# havip_module(<name> <dir> [DEPS ...] [PUBLIC_DEPS ...]): one CMake library per
# design row, its sources globbed from <dir> (*.cpp, not recursive), so adding a
# file to a module needs no edit here. Links only along the edges given.
function(havip_module name dir)
  cmake_parse_arguments(M "" "INCLUDE_ROOT" "DEPS" ${ARGN})
  file(GLOB _srcs CONFIGURE_DEPENDS ${dir}/*.cpp)
  if(NOT M_INCLUDE_ROOT)
    set(M_INCLUDE_ROOT ${CMAKE_CURRENT_SOURCE_DIR})
  endif()
  if(_srcs)
    add_library(${name} STATIC ${_srcs})
    target_include_directories(${name} PUBLIC ${M_INCLUDE_ROOT})
    target_link_libraries(${name} PUBLIC ${M_DEPS})
    havip_warnings(${name})
  else()
    add_library(${name} INTERFACE)
    target_include_directories(${name} INTERFACE ${M_INCLUDE_ROOT})
    target_link_libraries(${name} INTERFACE ${M_DEPS})
  endif()
endfunction()
