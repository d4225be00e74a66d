// SPDX-License-Identifier: MIT
#include "daemon/from_plan.hpp"

#include <span>

#include <fmt/format.h>

#include "sys/files.hpp"

namespace havip::daemon {

sys::Result<NodeConfig> load_plan_file(const std::string& path) {
    // POSIX read through runtime/sys rather than plan::read_plan_file: its
    // std::ifstream would bring iostreams and locales into havipd (resident memory).
    auto text = sys::read_file(path, plan::kMaxPlanSize);
    if (!text) return sys::Result<NodeConfig>::error(text.message());
    auto bytes = std::as_bytes(std::span<const char>(text->data(), text->size()));
    auto view = plan::PlanView::load(bytes);
    if (!view) return sys::Result<NodeConfig>::error(fmt::format("{}: {}", path, view.error().message));
    auto cfg = from_plan(*view);
    if (cfg) cfg->plan_checksum = view->checksum();  // for havipd_plan_info
    return cfg;
}

}  // namespace havip::daemon
