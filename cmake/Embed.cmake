# SPDX-License-Identifier: MIT
# havip_embed(<target> <symbol> <file>...): compiles the files into <target> as
#   std::span<const havip::EmbeddedFile> <symbol>()   (name = file name, text = contents)
# so data (keyword catalogue, --explain pages) ships inside the binary.
function(havip_embed target symbol)
  set(out ${CMAKE_CURRENT_BINARY_DIR}/embed_${symbol}.cpp)
  set(files ${ARGN})
  add_custom_command(
    OUTPUT ${out}
    COMMAND ${CMAKE_COMMAND} -DOUT=${out} -DSYMBOL=${symbol} "-DFILES=${files}"
            -P ${PROJECT_SOURCE_DIR}/cmake/EmbedRun.cmake
    DEPENDS ${files} ${PROJECT_SOURCE_DIR}/cmake/EmbedRun.cmake
    COMMENT "Embedding ${symbol}" VERBATIM)
  target_sources(${target} PRIVATE ${out})
endfunction()
