# SPDX-License-Identifier: MIT
# Shell completions for bash, zsh and fish, written at build time by each
# program from its own option table (`PROGRAM --completion SHELL`, see
# base/completion.hpp; havipd's own table in runtime/daemon/main/options.hpp),
# into build/completions/, and installed where each shell looks for vendor
# completions, in the package of their program.
set(_dir ${PROJECT_BINARY_DIR}/completions)
set(_outs)
foreach(_p havip-lint havip-compile havip-sim havipd)
  if(NOT TARGET ${_p})
    continue()
  endif()
  set(_bash ${_dir}/bash/${_p})
  set(_zsh ${_dir}/zsh/_${_p})
  set(_fish ${_dir}/fish/${_p}.fish)
  add_custom_command(OUTPUT ${_bash} ${_zsh} ${_fish}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${_dir}/bash ${_dir}/zsh ${_dir}/fish
    COMMAND $<TARGET_FILE:${_p}> --completion bash > ${_bash}
    COMMAND $<TARGET_FILE:${_p}> --completion zsh > ${_zsh}
    COMMAND $<TARGET_FILE:${_p}> --completion fish > ${_fish}
    DEPENDS ${_p} VERBATIM)
  list(APPEND _outs ${_bash} ${_zsh} ${_fish})
  set(_c tools)
  if(_p STREQUAL "havipd")
    set(_c havipd)
  endif()
  install(FILES ${_bash} DESTINATION share/bash-completion/completions COMPONENT ${_c})
  install(FILES ${_zsh} DESTINATION share/zsh/vendor-completions COMPONENT ${_c})
  install(FILES ${_fish} DESTINATION share/fish/vendor_completions.d COMPONENT ${_c})
endforeach()
add_custom_target(completions ALL DEPENDS ${_outs})
