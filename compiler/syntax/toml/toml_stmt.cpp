// SPDX-License-Identifier: MIT
#include "syntax/toml/toml_stmt.hpp"

#include <algorithm>

namespace havip::syntax::toml::detail {
namespace {

bool has_blank(const std::string& s) { return s.find_first_of(" \t") != std::string::npos; }

ast::Arg make_arg(std::string text, source::Span s) {
    bool q = has_blank(text) || text.empty();
    return {std::move(text), s, q};
}

}  // namespace

std::vector<ast::Arg> StmtBuilder::words(const Value& v, const std::string& s) {
    std::vector<ast::Arg> out;
    std::size_t i = 0;
    while (i < s.size()) {
        while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
        std::size_t b = i;
        while (i < s.size() && s[i] != ' ' && s[i] != '\t') ++i;
        if (i > b) out.push_back({s.substr(b, i - b), d_.string_part(v, b, i), false});
    }
    return out;
}

void StmtBuilder::value(std::vector<ast::Statement>& out, std::string keyword, const Value* v, std::string_view what,
                        Kind kind) {
    if (!v) return;
    std::optional<std::string> text;
    switch (kind) {
        case Kind::String:
            text = d_.get_string(*v, what);
            break;
        case Kind::Int: {
            if (v->is_integer())
                text = d_.get_number_text(*v, what);
            else
                d_.get_int(*v, what);  // reports the wrong type
            break;
        }
        case Kind::Number:
            text = d_.get_number_text(*v, what);
            break;
        case Kind::Scalar:
            text = d_.get_scalar_text(*v, what);
            break;
    }
    if (!text) return;
    ast::Statement st;
    st.keyword = std::move(keyword);
    st.keyword_span = d_.key_span(*v);
    st.span = d_.stmt_span(*v);
    if (kind == Kind::String && !text->empty() && !has_blank(*text)) {
        st.args.push_back({std::move(*text), d_.span(*v), false});
    } else if (kind == Kind::String && text->empty()) {
        d_.error("HV004", d_.span(*v), diag::tick(what) + " must not be empty");
        return;
    } else {
        st.args.push_back(make_arg(std::move(*text), d_.span(*v)));
    }
    out.push_back(std::move(st));
}

ast::Statement StmtBuilder::flag(std::string keyword, const Value& v) {
    ast::Statement st;
    st.keyword = std::move(keyword);
    st.keyword_span = d_.key_span(v);
    st.span = d_.stmt_span(v);
    return st;
}

ast::Statement StmtBuilder::derived(std::string keyword, const Value& at, std::vector<std::string> args) {
    ast::Statement st;
    st.keyword = std::move(keyword);
    st.keyword_span = d_.span(at);
    st.span = d_.stmt_span(at);
    for (auto& a : args) st.args.push_back({std::move(a), d_.span(at), false});
    return st;
}

ast::Statement StmtBuilder::line(std::string text, const Value& at) {
    ast::Statement st;
    st.keyword = std::move(text);
    st.keyword_span = d_.span(at);
    st.span = d_.span(at);
    return st;
}

ast::Statement StmtBuilder::array_block(std::string keyword, const Value& v) {
    ast::Statement block;
    block.keyword = std::move(keyword);
    block.keyword_span = d_.key_span(v);
    block.span = d_.stmt_span(v);
    block.is_block = true;
    return block;
}

void StmtBuilder::word_lines(std::vector<ast::Statement>& out, const Value& v, std::string_view key,
                             std::string keyword) {
    if (!d_.expect_array(v, key)) return;
    ast::Statement block = array_block(std::move(keyword), v);
    for (const auto& e : v.as_array()) {
        auto text = d_.get_string(e, std::string(key));
        if (!text) continue;
        auto w = words(e, *text);
        if (w.empty()) {
            d_.error("HV004", d_.span(e), "an empty line in " + diag::tick(key),
                     "write it as keepalived does, e.g. \"10.8.0.0/16 via 10.0.0.1 dev eth0\"");
            continue;
        }
        ast::Statement st;
        st.keyword = w.front().text;
        st.keyword_span = w.front().span;
        st.span = d_.span(e);
        st.args.assign(w.begin() + 1, w.end());
        block.children.push_back(std::move(st));
    }
    out.push_back(std::move(block));
}

void StmtBuilder::vips(std::vector<ast::Statement>& out, const Value& v) {
    if (!d_.expect_array(v, "vips")) return;
    ast::Statement block = array_block("virtual_ipaddress", v);
    for (const auto& e : v.as_array()) {
        if (e.is_string()) {
            auto w = words(e, e.as_string().str);
            if (w.empty()) {
                d_.error("HV004", d_.span(e), "an empty VIP", "write the address, e.g. \"172.16.0.135/24\"");
                continue;
            }
            ast::Statement st;
            st.keyword = w.front().text;
            st.keyword_span = w.front().span;
            st.span = d_.span(e);
            st.args.assign(w.begin() + 1, w.end());
            block.children.push_back(std::move(st));
        } else if (e.is_table()) {
            d_.check_keys(e, {"address", "dev", "label", "scope", "no_track"}, "a VIP table");
            const Value* a = d_.find(e, "address");
            if (!a) {
                d_.error("HV004", d_.span(e), "a VIP table without `address`",
                         "write { address = \"172.16.0.135/24\", dev = \"eth0\" }");
                continue;
            }
            auto addr = d_.get_string(*a, "address");
            if (!addr) continue;
            ast::Statement st;
            st.keyword = *addr;
            st.keyword_span = d_.span(*a);
            st.span = d_.span(e);
            for (const char* k : {"dev", "label", "scope"}) {
                const Value* x = d_.find(e, k);
                if (!x) continue;
                auto s = d_.get_string(*x, k);
                if (!s) continue;
                st.args.push_back({k, d_.key_span(*x), false});
                st.args.push_back(make_arg(*s, d_.span(*x)));
            }
            if (const Value* x = d_.find(e, "no_track"))
                if (d_.get_bool(*x, "no_track").value_or(false))
                    st.args.push_back({"no_track", d_.stmt_span(*x), false});
            block.children.push_back(std::move(st));
        } else {
            d_.error("HV004", d_.span(e), std::string("a VIP must be a string or a table, not ") + Doc::type_name(e));
        }
    }
    out.push_back(std::move(block));
}

void StmtBuilder::auth(std::vector<ast::Statement>& out, const Value& table) {
    d_.check_keys(table, {"type", "pass"}, "[auth]");
    ast::Statement block;
    block.keyword = "authentication";
    block.keyword_span = d_.key_span(table);
    block.span = d_.extent(table);
    block.is_block = true;
    value(block.children, "auth_type", d_.find(table, "type"), "auth.type", Kind::String);
    value(block.children, "auth_pass", d_.find(table, "pass"), "auth.pass", Kind::Scalar);
    out.push_back(std::move(block));
}

void StmtBuilder::garp(std::vector<ast::Statement>& out, const Value& table) {
    static constexpr std::pair<std::string_view, std::string_view> map[] = {
        {"delay", "garp_master_delay"},
        {"repeat", "garp_master_repeat"},
        {"refresh", "garp_master_refresh"},
        {"refresh_repeat", "garp_master_refresh_repeat"},
        {"lower_prio_delay", "garp_lower_prio_delay"},
        {"lower_prio_repeat", "garp_lower_prio_repeat"},
    };
    d_.check_keys(table, {map[0].first, map[1].first, map[2].first, map[3].first, map[4].first, map[5].first},
                  "[garp]");
    for (const auto& [key, kw] : map)
        value(out, std::string(kw), d_.find(table, key), "garp." + std::string(key), Kind::Number);
}

void StmtBuilder::track_list(std::vector<ast::Statement>& out, std::string keyword, const Value& v,
                             std::string_view what) {
    if (!d_.expect_array(v, what)) return;
    ast::Statement block = array_block(std::move(keyword), v);
    for (const auto& e : v.as_array()) {
        if (e.is_string()) {
            const auto& s = e.as_string().str;
            if (s.empty() || has_blank(s)) {
                d_.error("HV004", d_.span(e), "a tracked name must be one word, not `" + s + "`",
                         "write { name = \"eth1\", weight = -10 } for a weighted entry");
                continue;
            }
            block.children.push_back(line(s, e));
        } else if (e.is_table()) {
            d_.check_keys(e, {"name", "weight", "reverse"}, "a tracked entry");
            const Value* n = d_.find(e, "name");
            if (!n) {
                d_.error("HV004", d_.span(e), "a tracked entry without `name`");
                continue;
            }
            auto name = d_.get_string(*n, "name");
            if (!name) continue;
            ast::Statement st = line(*name, *n);
            st.span = d_.span(e);
            if (const Value* w = d_.find(e, "weight")) {
                if (w->is_integer()) {
                    st.args.push_back({"weight", d_.key_span(*w), false});
                    st.args.push_back({*d_.get_number_text(*w, "weight"), d_.span(*w), false});
                } else {
                    d_.get_int(*w, "weight");
                }
            }
            if (const Value* r = d_.find(e, "reverse"))
                if (d_.get_bool(*r, "reverse").value_or(false)) st.args.push_back({"reverse", d_.stmt_span(*r), false});
            block.children.push_back(std::move(st));
        } else {
            d_.error("HV004", d_.span(e),
                     diag::tick(what) + " entries must be names or tables, not " + Doc::type_name(e));
        }
    }
    out.push_back(std::move(block));
}

std::optional<ast::Statement> StmtBuilder::command(std::string keyword, const Value& v, std::string_view what) {
    ast::Statement st;
    st.keyword = std::move(keyword);
    st.keyword_span = d_.key_span(v);
    st.span = d_.stmt_span(v);
    const Value* cmd = &v;
    if (v.is_table()) {
        d_.check_keys(v, {"command", "user", "group"}, diag::tick(what));
        cmd = d_.find(v, "command");
        if (!cmd) {
            d_.error("HV004", d_.span(v), diag::tick(what) + " without `command`");
            return std::nullopt;
        }
    }
    auto s = d_.get_string(*cmd, what);
    if (!s) return std::nullopt;
    if (s->find_first_not_of(" \t") == std::string::npos) {
        d_.error("HV004", d_.span(*cmd), diag::tick(what) + " must not be empty");
        return std::nullopt;
    }
    // keepalived reads the quoted string as the command line and splits it itself.
    st.args.push_back({*s, d_.span(*cmd), true});
    if (v.is_table()) {
        const Value* u = d_.find(v, "user");
        const Value* g = d_.find(v, "group");
        if (g && !u) d_.error("HV004", d_.key_span(*g), "`group` needs `user`");
        if (u)
            if (auto us = d_.get_string(*u, "user")) st.args.push_back({*us, d_.span(*u), false});
        if (u && g)
            if (auto gs = d_.get_string(*g, "group")) st.args.push_back({*gs, d_.span(*g), false});
    }
    return st;
}

ast::Statement StmtBuilder::vrrp_script(const std::string& name, const Value& table) {
    d_.check_keys(table, {"command", "interval", "timeout", "weight", "reverse", "rise", "fall", "user", "init_fail"},
                  "[script." + name + "]");
    ast::Statement st;
    st.keyword = "vrrp_script";
    st.keyword_span = d_.span(table);
    st.span = d_.extent(table);
    st.is_block = true;
    // The name's own bytes inside the `[script.NAME]` header, when it is written there.
    auto hdr = d_.span(table);
    auto raw = d_.sources().text(hdr);
    auto at = raw.rfind(name);
    source::Span name_span = hdr;
    if (at != std::string_view::npos)
        name_span = {hdr.file, hdr.begin + static_cast<std::uint32_t>(at),
                     hdr.begin + static_cast<std::uint32_t>(at + name.size())};
    st.args.push_back({name, name_span, false});

    if (const Value* c = d_.find(table, "command")) {
        if (auto s = d_.get_string(*c, "script." + name + ".command")) {
            ast::Statement line;
            line.keyword = "script";
            line.keyword_span = d_.key_span(*c);
            line.span = d_.stmt_span(*c);
            line.args.push_back({*s, d_.span(*c), true});
            st.children.push_back(std::move(line));
        }
    } else {
        d_.error("HV004", hdr, "[script." + name + "] without `command`",
                 "add `command = \"/usr/bin/pgrep -x haproxy\"` (an absolute path)");
    }
    value(st.children, "interval", d_.find(table, "interval"), "interval", Kind::Number);
    value(st.children, "timeout", d_.find(table, "timeout"), "timeout", Kind::Number);
    const Value* w = d_.find(table, "weight");
    const Value* r = d_.find(table, "reverse");
    bool reverse = r && d_.get_bool(*r, "reverse").value_or(false);
    if (w) {
        std::vector<ast::Statement> tmp;
        value(tmp, "weight", w, "weight", Kind::Int);
        if (!tmp.empty()) {
            if (reverse) tmp.front().args.push_back({"reverse", d_.stmt_span(*r), false});
            st.children.push_back(std::move(tmp.front()));
        }
    } else if (reverse) {
        d_.error("HV004", d_.key_span(*r), "`reverse` needs `weight`");
    }
    value(st.children, "rise", d_.find(table, "rise"), "rise", Kind::Int);
    value(st.children, "fall", d_.find(table, "fall"), "fall", Kind::Int);
    if (const Value* u = d_.find(table, "user")) {
        if (auto s = d_.get_string(*u, "user")) {
            ast::Statement line = flag("user", *u);
            line.args = words(*u, *s);
            if (line.args.empty() || line.args.size() > 2)
                d_.error("HV004", d_.span(*u), "`user` must be \"USER\" or \"USER GROUP\"");
            else
                st.children.push_back(std::move(line));
        }
    }
    if (const Value* f = d_.find(table, "init_fail"))
        if (d_.get_bool(*f, "init_fail").value_or(false)) st.children.push_back(flag("init_fail", *f));
    return st;
}

std::optional<ast::Statement> StmtBuilder::passthrough(const std::string& key, const Value& v, std::string_view what) {
    auto [it, fresh] = passthrough_once_.try_emplace(&v);
    if (fresh) {
        it->second = passthrough_value(key, v, what);
        if (it->second) it->second->shared = next_shared();
    }
    return it->second;
}

std::optional<ast::Statement> StmtBuilder::passthrough_value(const std::string& key, const Value& v,
                                                             std::string_view what) {
    std::string path = std::string(what) + "." + key;
    ast::Statement st = flag(key, v);
    if (v.is_boolean()) {
        if (!v.as_boolean()) return std::nullopt;  // keepalived's flags are off unless written
        return st;
    }
    if (v.is_string()) {
        st.args = words(v, v.as_string().str);
        return st;
    }
    if (v.is_integer() || v.is_floating()) {
        st.args.push_back({*d_.get_number_text(v, path), d_.span(v), false});
        return st;
    }
    if (v.is_array()) {
        for (const auto& e : v.as_array()) {
            if (e.is_array() || e.is_table()) {
                d_.error("HV004", d_.span(e), diag::tick(path) + " may hold only strings and numbers");
                return std::nullopt;
            }
            if (auto s = d_.get_scalar_text(e, path)) st.args.push_back(make_arg(*s, d_.span(e)));
        }
        return st;
    }
    d_.error("HV004", d_.span(v),
             diag::tick(path) + " must be a string, number, boolean or array, not " + Doc::type_name(v),
             "keepalived blocks (`name { ... }`) have no TOML form here");
    return std::nullopt;
}

std::optional<ast::Statement> StmtBuilder::passthrough_block(std::string keyword, const Value* cluster,
                                                             const Value* node, std::string_view what) {
    if (cluster && !cluster->is_table()) cluster = nullptr;
    if (node && !d_.expect_table(*node, what)) node = nullptr;
    if (!cluster && !node) return std::nullopt;
    const Value* head = cluster ? cluster : node;
    ast::Statement block;
    block.keyword = std::move(keyword);
    block.keyword_span = d_.key_span(*head);
    block.span = d_.extent(*head);
    block.is_block = true;
    auto add = [&](const Entry& e, bool shared) {
        if (auto s = passthrough(e.key, *e.value, what)) {
            if (!shared) s->shared = 0;
            block.children.push_back(std::move(*s));
        }
    };
    if (cluster) {
        for (const auto& e : d_.entries(*cluster)) {
            const Value* over = node ? d_.find(*node, e.key) : nullptr;
            add(over ? Entry{e.key, over} : e, !over);  // the cluster's own value: the same in every node
        }
    }
    if (node) {
        for (const auto& e : d_.entries(*node))
            if (!cluster || !d_.find(*cluster, e.key)) add(e, false);
    }
    if (block.children.empty()) return std::nullopt;
    return block;
}

void StmtBuilder::attach(std::vector<ast::Statement>& statements, std::vector<std::uint32_t>& used) {
    for (auto& st : statements) {
        auto ds = d_.directives_for(st.keyword_span);
        if (!ds.empty()) {
            auto key = ds.front().span.begin;
            if (std::find(used.begin(), used.end(), key) == used.end()) {
                used.push_back(key);
                st.directives = std::move(ds);
            }
        }
        attach(st.children, used);
    }
}

void StmtBuilder::attach_directives(std::vector<ast::Statement>& statements) {
    std::vector<std::uint32_t> used;
    attach(statements, used);
}

}  // namespace havip::syntax::toml::detail
