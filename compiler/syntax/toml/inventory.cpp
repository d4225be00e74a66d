// SPDX-License-Identifier: MIT
// The VPC inventory reader (shape: man/havip-inventory.5).
#include "syntax/toml/inventory.hpp"

#include <algorithm>
#include <unordered_map>

#include "diag/spellcheck.hpp"
#include "syntax/toml/toml_doc.hpp"
#include "syntax/toml/toml_reader.hpp"
#include "syntax/toml/value_checks.hpp"

namespace havip::syntax::toml {
namespace {

using detail::Doc;
using detail::Value;

Text text_of(Doc& d, const Value& v, std::string s) { return {std::move(s), d.span(v)}; }

/// A string or an array of strings (`subnets = "10.0.0.0/24"` is forgiven).
std::vector<const Value*> string_list(Doc& d, const Value& v, const std::string& what) {
    std::vector<const Value*> out;
    if (v.is_array()) {
        for (const auto& e : v.as_array())
            if (d.get_string(e, what)) out.push_back(&e);
    } else if (d.get_string(v, what)) {
        out.push_back(&v);
    }
    return out;
}

class InventoryReader {
  public:
    explicit InventoryReader(Doc& d) : d_(d) {}

    Inventory run() {
        Inventory inv;
        inv.file = d_.file();
        const Value& root = d_.root();
        d_.check_keys(root, {"vpc", "node"}, "the inventory (top level)");
        if (const Value* v = d_.find(root, "vpc")) {
            if (tables(*v, "vpc"))
                for (const auto& t : v->as_array())
                    if (auto x = vpc(t)) inv.vpcs.push_back(std::move(*x));
        }
        if (const Value* v = d_.find(root, "node")) {
            if (tables(*v, "node"))
                for (const auto& t : v->as_array())
                    if (auto x = node(t)) inv.nodes.push_back(std::move(*x));
        }
        return inv;
    }

  private:
    bool tables(const Value& v, const char* what) {
        if (!v.is_array()) {
            d_.error(
                "HV004", d_.span(v),
                std::string("`") + what + "` must be an array of tables ([[" + what + "]]), not " + Doc::type_name(v));
            return false;
        }
        return true;
    }

    /// A table's required, non-empty `name`, unique among `seen` (which it joins).
    std::optional<Text> unique_name(const Value& t, const char* table, const char* what, const char* hint,
                                    std::unordered_map<std::string, source::Span>& seen) {
        const Value* n = d_.find(t, "name");
        if (!n) {
            d_.error("HV004", d_.span(t), std::string(table) + " without `name`", hint);
            return std::nullopt;
        }
        auto s = d_.get_string(*n, "name");
        if (!s) return std::nullopt;
        if (s->empty()) {
            d_.error("HV004", d_.span(*n), "`name` must not be empty");
            return std::nullopt;
        }
        if (auto it = seen.find(*s); it != seen.end()) {
            auto b = diag::make("HV004", diag::Severity::Error, std::string(what) + " `" + *s + "` is declared twice");
            b.at(d_.span(*n), "declared again here").also(it->second, "first declared here");
            d_.report(std::move(b));
            return std::nullopt;
        }
        seen.emplace(*s, d_.span(*n));
        return text_of(d_, *n, *s);
    }

    std::optional<InventoryVpc> vpc(const Value& t) {
        if (!d_.expect_table(t, "vpc")) return std::nullopt;
        d_.check_keys(t, {"name", "subnets", "multicast", "havip_per_eni"}, "[[vpc]]");
        InventoryVpc out;
        out.span = d_.extent(t);
        auto name = unique_name(t, "[[vpc]]", "VPC", "add `name = \"prod\"`", vpc_names_);
        if (!name) return std::nullopt;
        out.name = std::move(*name);
        vpc_list_.push_back(out.name.text);
        if (const Value* v = d_.find(t, "subnets")) {
            for (const Value* e : string_list(d_, *v, "subnets")) {
                const auto& c = e->as_string().str;
                if (!detail::is_cidr(c, true)) {
                    d_.error("HV004", d_.span(*e),
                             "`subnets` entries must be CIDRs such as 10.0.0.0/24, not `" + c + "`");
                    continue;
                }
                out.subnets.push_back(text_of(d_, *e, c));
            }
        } else {
            d_.error("HV004", d_.span(t), "VPC `" + out.name.text + "` without `subnets`",
                     "list the VPC's subnets: a node belongs to the VPC whose subnet holds its address");
        }
        if (const Value* v = d_.find(t, "multicast")) {
            if (auto b = d_.get_bool(*v, "multicast")) {
                out.multicast = *b;
                out.multicast_span = d_.stmt_span(*v);
            }
        }
        if (const Value* v = d_.find(t, "havip_per_eni")) {
            if (auto i = d_.get_int(*v, "havip_per_eni")) {
                if (*i < 1 || *i > 1000) {
                    d_.error("HV004", d_.span(*v), "`havip_per_eni` must be 1..1000, not " + std::to_string(*i));
                } else {
                    out.havip_per_eni = static_cast<int>(*i);
                    out.havip_per_eni_span = d_.stmt_span(*v);
                }
            }
        }
        return out;
    }

    std::optional<InventoryNode> node(const Value& t) {
        if (!d_.expect_table(t, "node")) return std::nullopt;
        d_.check_keys(t, {"name", "vpc", "keepalived", "default_route_interface", "interfaces"}, "[[node]]");
        InventoryNode out;
        out.span = d_.extent(t);
        auto name = unique_name(t, "[[node]]", "node",
                                "add `name = \"db-a\"` (the TOML node name or the .conf file's stem)", node_names_);
        if (!name) return std::nullopt;
        out.name = std::move(*name);
        if (const Value* v = d_.find(t, "vpc")) {
            if (auto x = d_.get_string(*v, "vpc")) {
                if (!vpc_names_.count(*x)) {
                    auto guess = diag::closest(*x, vpc_list_);
                    d_.error("HV004", d_.span(*v), "no [[vpc]] named `" + *x + "`",
                             guess.empty() ? "declare the VPC before its nodes" : "did you mean `" + guess + "`?");
                } else {
                    out.vpc = text_of(d_, *v, *x);
                }
            }
        }
        if (const Value* v = d_.find(t, "keepalived")) {
            if (auto x = d_.get_string(*v, "keepalived")) {
                if (detail::is_version(*x))
                    out.keepalived = text_of(d_, *v, *x);
                else
                    d_.error("HV004", d_.span(*v),
                             "`keepalived` must be a version such as \"2.2.7\", not `" + *x + "`");
            }
        }
        if (const Value* v = d_.find(t, "interfaces")) {
            if (d_.expect_table(*v, "interfaces")) {
                for (const auto& e : d_.entries(*v)) {
                    InventoryInterface eni;
                    eni.name = {e.key, d_.key_span(*e.value)};
                    for (const Value* a : string_list(d_, *e.value, "interfaces." + e.key)) {
                        const auto& c = a->as_string().str;
                        if (!detail::is_cidr(c, false)) {
                            d_.error("HV004", d_.span(*a),
                                     "`interfaces." + e.key +
                                         "` entries must be addresses such as 10.0.0.11/24, not `" + c + "`");
                            continue;
                        }
                        eni.addresses.push_back(text_of(d_, *a, c));
                    }
                    out.interfaces.push_back(std::move(eni));
                }
            }
        }
        if (const Value* v = d_.find(t, "default_route_interface")) {
            if (auto x = d_.get_string(*v, "default_route_interface")) {
                std::vector<std::string> names;
                for (const auto& e : out.interfaces) names.push_back(e.name.text);
                if (!names.empty() && std::find(names.begin(), names.end(), *x) == names.end()) {
                    auto guess = diag::closest(*x, names);
                    d_.error("HV004", d_.span(*v),
                             "`default_route_interface` `" + *x +
                                 "` is not one of the node's "
                                 "`interfaces`",
                             guess.empty() ? "" : "did you mean `" + guess + "`?");
                } else {
                    out.default_route_interface = text_of(d_, *v, *x);
                }
            }
        }
        return out;
    }

    Doc& d_;
    std::unordered_map<std::string, source::Span> vpc_names_, node_names_;
    std::vector<std::string> vpc_list_;
};

}  // namespace

std::optional<Inventory> read_inventory(source::SourceMap& sm, const std::string& path, diag::DiagSink& sink) {
    std::string text;
    if (!read_file(path, text, sink)) return std::nullopt;
    return read_inventory_text(sm, path, std::move(text), sink);
}

std::optional<Inventory> read_inventory_text(source::SourceMap& sm, std::string name, std::string text,
                                             diag::DiagSink& sink) {
    return detail::read_document<std::optional<Inventory>>(sm, std::move(name), std::move(text), sink,
                                                           [](Doc& doc) { return InventoryReader(doc).run(); });
}

}  // namespace havip::syntax::toml
