// SPDX-License-Identifier: MIT
// The lint policy reader (.havip-lint.toml).
#include "syntax/toml/policy.hpp"

#include <cctype>

#include "diag/spellcheck.hpp"
#include "syntax/toml/toml_doc.hpp"
#include "syntax/toml/toml_reader.hpp"
#include "syntax/toml/value_checks.hpp"

namespace havip::syntax::toml {
namespace {

using detail::Doc;
using detail::Value;

bool is_code(std::string_view s) {
    return s.size() == 5 && s[0] == 'H' && s[1] == 'V' && std::isdigit(static_cast<unsigned char>(s[2])) &&
           std::isdigit(static_cast<unsigned char>(s[3])) && std::isdigit(static_cast<unsigned char>(s[4]));
}

bool is_level(std::string_view s) { return s == "error" || s == "warning" || s == "info" || s == "off"; }

class PolicyReader {
  public:
    explicit PolicyReader(Doc& d) : d_(d) {}

    Policy run() {
        Policy p;
        p.file = d_.file();
        const Value& root = d_.root();
        d_.check_keys(
            root, {"ignore", "severity", "failure_threshold", "target_keepalived", "subnets", "werror", "inventory"},
            "the lint policy");
        if (const Value* v = d_.find(root, "ignore")) ignore(p, *v);
        if (const Value* v = d_.find(root, "severity")) severity(p, *v);
        if (const Value* v = d_.find(root, "failure_threshold")) {
            if (auto s = d_.get_string(*v, "failure_threshold")) {
                if (*s == "error" || *s == "warning" || *s == "info") {
                    p.failure_threshold = {*s, d_.span(*v)};
                } else {
                    auto guess = diag::closest(*s, {"error", "warning", "info"});
                    d_.error("HV004", d_.span(*v),
                             "`failure_threshold` must be error, warning or info, not `" + *s + "`",
                             guess.empty() ? "" : "did you mean `" + guess + "`?");
                }
            }
        }
        if (const Value* v = d_.find(root, "target_keepalived")) {
            if (auto s = d_.get_string(*v, "target_keepalived")) {
                if (detail::is_version(*s))
                    p.target_keepalived = {*s, d_.span(*v)};
                else
                    d_.error("HV004", d_.span(*v),
                             "`target_keepalived` must be a version such as \"2.2.7\", not `" + *s + "`");
            }
        }
        if (const Value* v = d_.find(root, "subnets")) subnets(p, *v);
        if (const Value* v = d_.find(root, "werror")) p.werror = d_.get_bool(*v, "werror");
        if (const Value* v = d_.find(root, "inventory")) {
            if (auto s = d_.get_string(*v, "inventory")) {
                if (s->empty())
                    d_.error("HV004", d_.span(*v), "`inventory` must name a file");
                else
                    p.inventory = {*s, d_.span(*v)};
            }
        }
        return p;
    }

  private:
    /// ignore = ["HV203", ...]
    void ignore(Policy& p, const Value& v) {
        if (d_.expect_array(v, "ignore")) {
            for (const auto& e : v.as_array()) {
                auto s = d_.get_string(e, "ignore");
                if (s && code(*s, e)) p.ignore.push_back({*s, d_.span(e)});
            }
        }
    }

    /// [severity] HV203 = "warning"
    void severity(Policy& p, const Value& v) {
        if (d_.expect_table(v, "severity")) {
            for (const auto& e : d_.entries(v)) {
                auto s = d_.get_string(*e.value, "severity." + e.key);
                if (!s || !code(e.key, *e.value, true)) continue;
                if (!is_level(*s)) {
                    auto guess = diag::closest(*s, {"error", "warning", "info", "off"});
                    d_.error("HV004", d_.span(*e.value),
                             "severity of " + e.key + " must be error, warning, info or off, not `" + *s + "`",
                             guess.empty() ? "" : "did you mean `" + guess + "`?");
                    continue;
                }
                p.severity.push_back({{e.key, d_.key_span(*e.value)}, {*s, d_.span(*e.value)}});
            }
        }
    }

    /// subnets = ["10.0.0.0/24", ...]
    void subnets(Policy& p, const Value& v) {
        if (d_.expect_array(v, "subnets")) {
            for (const auto& e : v.as_array()) {
                auto s = d_.get_string(e, "subnets");
                if (!s) continue;
                if (detail::is_cidr(*s, true))
                    p.subnets.push_back({*s, d_.span(e)});
                else
                    d_.error("HV004", d_.span(e),
                             "`subnets` entries must be CIDRs such as 10.0.0.0/24, not `" + *s + "`");
            }
        }
    }

    bool code(const std::string& s, const Value& v, bool is_key = false) {
        if (is_code(s)) return true;
        d_.error("HV004", is_key ? d_.key_span(v) : d_.span(v), diag::tick(s) + " is not a rule code",
                 "codes look like HV203; `havip-lint --list-rules` lists them");
        return false;
    }

    Doc& d_;
};

}  // namespace

std::optional<Policy> read_policy(source::SourceMap& sm, const std::string& path, diag::DiagSink& sink) {
    std::string text;
    if (!read_file(path, text, sink)) return std::nullopt;
    return read_policy_text(sm, path, std::move(text), sink);
}

std::optional<Policy> read_policy_text(source::SourceMap& sm, std::string name, std::string text,
                                       diag::DiagSink& sink) {
    return detail::read_document<std::optional<Policy>>(sm, std::move(name), std::move(text), sink,
                                                        [](Doc& doc) { return PolicyReader(doc).run(); });
}

}  // namespace havip::syntax::toml
