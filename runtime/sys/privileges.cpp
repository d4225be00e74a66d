// SPDX-License-Identifier: MIT
#include "sys/privileges.hpp"

#include <linux/capability.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <string>

namespace havip::sys {

namespace {
int capget(__user_cap_header_struct* h, __user_cap_data_struct* d) {
    return static_cast<int>(::syscall(SYS_capget, h, d));
}
int capset(__user_cap_header_struct* h, const __user_cap_data_struct* d) {
    return static_cast<int>(::syscall(SYS_capset, h, d));
}
int last_cap() {
    // The kernel's highest capability; probe the bounding set when /proc is absent.
    int last = 40;
    while (last < 63 && ::prctl(PR_CAPBSET_READ, last + 1, 0, 0, 0) >= 0) ++last;
    while (last > 0 && ::prctl(PR_CAPBSET_READ, last, 0, 0, 0) < 0) --last;
    return last;
}
}  // namespace

Status drop_privileges(std::span<const int> keep) {
    std::uint64_t mask = 0;
    for (int c : keep) {
        if (c < 0 || c > 63) return Status::error("privileges: bad capability number");
        mask |= std::uint64_t{1} << c;
    }
    // Bounding set first: it needs CAP_SETPCAP, which the capset below gives up.
    int last = last_cap();
    for (int c = 0; c <= last; ++c) {
        if (mask & (std::uint64_t{1} << c)) continue;
        if (::prctl(PR_CAPBSET_READ, c, 0, 0, 0) <= 0) continue;
        if (::prctl(PR_CAPBSET_DROP, c, 0, 0, 0) < 0 && errno != EINVAL)
            return Status::from_errno("privileges: drop capability " + std::to_string(c) + " from the bounding set",
                                      errno);
    }
    if (::prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) < 0 && errno != EINVAL)
        return Status::from_errno("privileges: clear ambient capabilities", errno);

    __user_cap_header_struct hdr{_LINUX_CAPABILITY_VERSION_3, 0};
    __user_cap_data_struct data[2] = {};
    if (capget(&hdr, data) < 0) return Status::from_errno("privileges: capget", errno);
    std::uint64_t have = std::uint64_t{data[1].permitted} << 32 | data[0].permitted;
    if ((have & mask) != mask)
        return Status::error("privileges: a capability to keep is not permitted to this process");
    data[0].effective = data[0].permitted = static_cast<std::uint32_t>(mask);
    data[1].effective = data[1].permitted = static_cast<std::uint32_t>(mask >> 32);
    data[0].inheritable = data[1].inheritable = 0;
    if (capset(&hdr, data) < 0) return Status::from_errno("privileges: capset", errno);
    if (::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0) return Status::from_errno("privileges: no_new_privs", errno);
    return {};
}

Result<CapState> current_capabilities() {
    __user_cap_header_struct hdr{_LINUX_CAPABILITY_VERSION_3, 0};
    __user_cap_data_struct data[2] = {};
    if (capget(&hdr, data) < 0) return Status::from_errno("privileges: capget", errno);
    CapState s;
    s.effective = std::uint64_t{data[1].effective} << 32 | data[0].effective;
    s.permitted = std::uint64_t{data[1].permitted} << 32 | data[0].permitted;
    s.inheritable = std::uint64_t{data[1].inheritable} << 32 | data[0].inheritable;
    s.no_new_privs = ::prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) == 1;
    return s;
}

}  // namespace havip::sys
