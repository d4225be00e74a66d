// SPDX-License-Identifier: MIT
#include "harness.hpp"

#include <fmt/format.h>

#include "driver/driver.hpp"
#include "model/lower.hpp"
#include "syntax/keepalived/parser.hpp"
#include "syntax/toml/inventory.hpp"
#include "syntax/toml/toml_reader.hpp"

namespace havip::lint::test {

namespace {

bool ends_with(std::string_view s, std::string_view suffix) {
    return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

std::string stem(const std::string& name) {
    auto slash = name.find_last_of('/');
    auto base = slash == std::string::npos ? name : name.substr(slash + 1);
    auto dot = base.find_last_of('.');
    return dot == std::string::npos ? base : base.substr(0, dot);
}

/// The inventory as the driver builds it, from text.
void read_inventory(Result& r, const std::string& text, model::Inventory& inv) {
    if (auto in = syntax::toml::read_inventory_text(r.sm, "vpc.toml", text, r.front))
        inv = driver::inventory_model(*in);
}

}  // namespace

std::unique_ptr<Result> run(const Inputs& s) {
    auto r = std::make_unique<Result>();
    Options opt = s.opt;
    if (!s.inventory.empty()) {
        read_inventory(*r, s.inventory, r->inventory);
        opt.inventory = r->inventory;
    }
    for (const auto& f : s.files) {
        if (ends_with(f.name, ".toml")) {
            auto docs = syntax::toml::read_cluster_text(r->sm, f.name, f.text, r->front);
            for (auto& node : model::lower_cluster(docs, r->sm, r->front)) {
                node.origin = model::Origin::Toml;
                r->fleet.nodes.push_back(std::move(node));
            }
            continue;
        }
        syntax::keepalived::Options kopt;
        kopt.confine_includes = true;
        auto doc = syntax::keepalived::parse_text(r->sm, f.name, f.text, kopt, r->front);
        r->fleet.nodes.push_back(model::lower(doc, r->sm, r->front, stem(f.name)));
    }
    driver::set_twins_aside(r->fleet);
    diag::DiagList out;
    lint::run(r->fleet, r->sm, opt, s.policy, out);
    r->found = std::move(out.items);
    return r;
}

std::unique_ptr<Result> run_one(std::string name, std::string text, Options opt) {
    Inputs s;
    s.files.push_back({std::move(name), std::move(text)});
    s.opt = std::move(opt);
    return run(s);
}

std::string with(std::string text, std::string_view from, std::string_view to) {
    auto at = text.find(from);
    if (at == std::string::npos) {
        ADD_FAILURE() << "test config lacks `" << from << "`";
        return text;
    }
    return text.replace(at, from.size(), to);
}

std::vector<const diag::Diagnostic*> Result::with(std::string_view code) const {
    std::vector<const diag::Diagnostic*> v;
    for (const auto& d : found)
        if (d.code == code) v.push_back(&d);
    return v;
}

std::string Result::where(source::Span s) const {
    if (!s.valid()) return "-";
    auto lc = sm.begin_of(s);
    return fmt::format("{}:{}:{}", sm.file(s.file).path, lc.line, lc.col);
}

std::string Result::dump() const {
    std::string out;
    auto line = [&](const diag::Diagnostic& d) {
        out += fmt::format("  {}: {}: {} [{}]\n", where(d), diag::to_string(d.severity), d.message, d.code);
        for (std::size_t k = 1; k < d.labels.size(); ++k)
            out += fmt::format("      {}: {}\n", where(d.labels[k].span), d.labels[k].message);
    };
    for (const auto& d : front.items) line(d);
    for (const auto& d : found) line(d);
    return out.empty() ? "  (no findings)\n" : out;
}

::testing::AssertionResult fires(const Result& r, std::string_view code, diag::Severity sev, std::string_view at) {
    for (const auto* d : r.with(code)) {
        if (r.where(*d) != at) continue;
        if (d->severity != sev)
            return ::testing::AssertionFailure() << code << " at " << at << " is " << diag::to_string(d->severity)
                                                 << ", expected " << diag::to_string(sev) << "\n"
                                                 << r.dump();
        return ::testing::AssertionSuccess();
    }
    return ::testing::AssertionFailure() << "no " << code << " at " << at << "; findings:\n" << r.dump();
}

::testing::AssertionResult quiet(const Result& r, std::string_view code) {
    auto v = r.with(code);
    if (v.empty()) return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure() << code << " fired " << v.size() << " time(s); findings:\n" << r.dump();
}

::testing::AssertionResult valid_input(const Result& r) {
    if (r.front.count(diag::Severity::Warning) == 0) return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure() << "the test input itself has problems:\n" << r.dump();
}

const diag::Label* label_at(const Result& r, const diag::Diagnostic& d, std::string_view at) {
    for (const auto& l : d.labels)
        if (r.where(l.span) == at) return &l;
    return nullptr;
}

const std::string kGuideA = R"(global_defs {
    vrrp_garp_master_repeat 1
}
vrrp_instance VI_1 {
    state BACKUP
    interface eth0
    virtual_router_id 51
    priority 50
    advert_int 1
    nopreempt
    unicast_src_ip 172.16.0.16
    unicast_peer {
        172.16.0.14
    }
    virtual_ipaddress {
        172.16.0.135/24
    }
    use_vmac
    vmac_xmit_base
    garp_master_refresh 5
}
)";

const std::string kGuideB = R"(global_defs {
    vrrp_garp_master_repeat 1
}
vrrp_instance VI_1 {
    state BACKUP
    interface eth0
    virtual_router_id 51
    priority 50
    advert_int 1
    nopreempt
    unicast_src_ip 172.16.0.14
    unicast_peer {
        172.16.0.16
    }
    virtual_ipaddress {
        172.16.0.135/24
    }
    use_vmac
    vmac_xmit_base
    garp_master_refresh 5
}
)";

}  // namespace havip::lint::test
