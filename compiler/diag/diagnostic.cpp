// SPDX-License-Identifier: MIT
#include "diag/diagnostic.hpp"

namespace havip::diag {

const char* to_string(Severity s) {
    switch (s) {
        case Severity::Off: return "off";
        case Severity::Info: return "info";
        case Severity::Warning: return "warning";
        case Severity::Error: return "error";
    }
    return "error";
}

bool parse_severity(std::string_view t, Severity& out) {
    if (t == "error") out = Severity::Error;
    else if (t == "warning") out = Severity::Warning;
    else if (t == "info" || t == "note") out = Severity::Info;
    else if (t == "off" || t == "none") out = Severity::Off;
    else return false;
    return true;
}

source::Span Diagnostic::primary_span() const {
    for (const auto& l : labels)
        if (l.primary) return l.span;
    return {};
}

std::size_t DiagList::count(Severity at_least) const {
    std::size_t n = 0;
    for (const auto& d : items)
        if (d.severity >= at_least) ++n;
    return n;
}

std::size_t DiagList::count_code(std::string_view code) const {
    std::size_t n = 0;
    for (const auto& d : items)
        if (d.code == code) ++n;
    return n;
}

Builder& Builder::at(source::Span s, std::string label) {
    d.labels.push_back({s, std::move(label), true});
    return *this;
}
Builder& Builder::also(source::Span s, std::string label) {
    d.labels.push_back({s, std::move(label), false});
    return *this;
}
Builder& Builder::note(std::string n) {
    d.notes.push_back(std::move(n));
    return *this;
}
Builder& Builder::help(std::string h) {
    d.help = std::move(h);
    return *this;
}
Builder make(std::string code, Severity sev, std::string message) {
    Builder b;
    b.d.code = std::move(code);
    b.d.severity = sev;
    b.d.message = std::move(message);
    return b;
}

}  // namespace havip::diag
