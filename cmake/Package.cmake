# SPDX-License-Identifier: MIT
# `make package` (cpack in the build directory): two Debian packages from one
# build, both stripped, their debug info split into -dbgsym .ddeb files
# (needs file, objcopy and readelf: binutils).
#   havip-tools  havip-lint, havip-compile, havip-sim, their man pages, the
#                shell completions and the JSON Schemas
#   havipd       havipd, havipd.service, havipd(8), /etc/default/havipd
#                (conffile) and /etc/havip, where the unit looks for the plan
# The programs are static (cmake/Static.cmake), so Depends stays empty; with
# HAVIP_STATIC_TOOLS=OFF dpkg-shlibdeps (dpkg-dev) fills it in.
# The maintainer scripts never start a service on install: the unit is not
# enabled; an upgrade restarts a running havipd only if its plan exists.
set(_deb ${PROJECT_SOURCE_DIR}/dist/debian)
set(_gen ${PROJECT_BINARY_DIR}/dist/debian)

# Per package: copyright, a Debian changelog (gzip -9n, as policy asks) and
# the lintian overrides (only statically-linked-binary, explained inside).
configure_file(${_deb}/changelog.in ${_gen}/changelog @ONLY)
find_program(HAVIP_GZIP gzip)
if(HAVIP_GZIP)
  execute_process(COMMAND ${HAVIP_GZIP} -9n -c ${_gen}/changelog OUTPUT_FILE ${_gen}/changelog.gz)
endif()
foreach(_c tools havipd)
  if(_c STREQUAL "tools")
    set(_pkg havip-tools)
  else()
    set(_pkg havipd)
  endif()
  install(FILES ${_deb}/copyright DESTINATION share/doc/${_pkg} COMPONENT ${_c})
  if(HAVIP_GZIP)
    install(FILES ${_gen}/changelog.gz DESTINATION share/doc/${_pkg} COMPONENT ${_c})
  endif()
  install(FILES ${_deb}/${_c}/lintian-overrides DESTINATION share/lintian/overrides
          RENAME ${_pkg} COMPONENT ${_c})
endforeach()
install(FILES ${_deb}/havipd.default DESTINATION /etc/default RENAME havipd COMPONENT havipd)
install(DIRECTORY DESTINATION /etc/havip COMPONENT havipd)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME havip)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "havip maintainers <havip@example.org>")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_ALL tools havipd)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
# The DEB generator splits each unstripped ELF file (objcopy --only-keep-debug
# into a -dbgsym .ddeb under /usr/lib/debug/.build-id) and then strips it
# (--strip-unneeded); CPACK_STRIP_FILES would strip first and leave nothing to split.
set(CPACK_STRIP_FILES OFF)
set(CPACK_DEBIAN_DEBUGINFO_PACKAGE ON)
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
find_program(HAVIP_DPKG_SHLIBDEPS dpkg-shlibdeps)
if(HAVIP_DPKG_SHLIBDEPS)
  set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
endif()

set(CPACK_DEBIAN_TOOLS_PACKAGE_NAME havip-tools)
set(CPACK_DEBIAN_TOOLS_PACKAGE_SECTION devel)
# CPack indents the lines after the first itself.
set(CPACK_COMPONENT_TOOLS_DESCRIPTION "lint and compile keepalived configurations of HAVIP pairs
havip-lint reads every keepalived.conf or havip.toml of a VPC and reports,
across nodes and clusters, what would break a master/backup pair sharing a
virtual IP. havip-compile turns a clean configuration into a binary plan per
node for havipd, or into keepalived.conf; havip-sim runs plans through the
VRRP core on a virtual clock.")
set(CPACK_DEBIAN_HAVIPD_PACKAGE_NAME havipd)
set(CPACK_DEBIAN_HAVIPD_PACKAGE_CONTROL_EXTRA
    ${_deb}/havipd/conffiles ${_deb}/havipd/postinst ${_deb}/havipd/prerm ${_deb}/havipd/postrm)
set(CPACK_COMPONENT_HAVIPD_DESCRIPTION "lean VRRP runtime for HAVIP master/backup pairs
havipd executes one node's plan compiled by havip-compile: VRRP adverts,
virtual IPs, gratuitous ARP, track scripts and notify scripts. It
interoperates with keepalived on the peer. The service is not started on
install: put the node's plan at /etc/havip/havipd.hvp, then enable it.")

# The unit names havipd by the build's install prefix; in the package it is
# /usr/sbin/havipd. The script rewrites the staged copy and fails if it cannot.
set(CPACK_HAVIP_BUILD_PREFIX ${CMAKE_INSTALL_PREFIX})
set(CPACK_PRE_BUILD_SCRIPTS ${PROJECT_SOURCE_DIR}/cmake/PackageUnit.cmake)
include(CPack)
