# SPDX-License-Identifier: MIT
# CPack pre-build script: point the staged havipd.service at the packaged havipd.
file(GLOB_RECURSE _units ${CPACK_TEMPORARY_DIRECTORY}/*/havipd.service)
foreach(_u IN LISTS _units)
  file(READ ${_u} _text)
  string(REPLACE "${CPACK_HAVIP_BUILD_PREFIX}/sbin/havipd" "${CPACK_PACKAGING_INSTALL_PREFIX}/sbin/havipd" _text "${_text}")
  if(NOT _text MATCHES "ExecStart=${CPACK_PACKAGING_INSTALL_PREFIX}/sbin/havipd ")
    message(FATAL_ERROR "havip: ${_u} does not start ${CPACK_PACKAGING_INSTALL_PREFIX}/sbin/havipd")
  endif()
  file(WRITE ${_u} "${_text}")
endforeach()
