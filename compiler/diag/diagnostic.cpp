// SPDX-License-Identifier: MIT
#include "diag/diagnostic.hpp"

#include <algorithm>

namespace havip::diag {

std::string tick(std::string_view text) {
    std::string out;
    out.reserve(text.size() + 2);
    out += '`';
    out += text;
    out += '`';
    return out;
}

const char* to_string(Severity s) {
    switch (s) {
        case Severity::Off:
            return "off";
        case Severity::Info:
            return "info";
        case Severity::Warning:
            return "warning";
        case Severity::Error:
            return "error";
    }
    return "error";
}

const char* to_string(Applicability a) {
    return a == Applicability::MachineApplicable ? "MachineApplicable" : "MaybeIncorrect";
}

bool parse_severity(std::string_view t, Severity& out) {
    if (t == "error")
        out = Severity::Error;
    else if (t == "warning")
        out = Severity::Warning;
    else if (t == "info" || t == "note")
        out = Severity::Info;
    else if (t == "off" || t == "none")
        out = Severity::Off;
    else
        return false;
    return true;
}

source::Span Diagnostic::primary_span() const {
    for (const auto& l : labels)
        if (l.primary) return l.span;
    return {};
}

void DiagList::report(Diagnostic d) {
    if (discard && discard(d)) return;
    if (total_ != 0 && items.size() >= total_) return drop(d);
    if (per_file_ != 0 && !(part_ && !d.primary_span().valid())) {
        auto& n = kept_per_file_[d.primary_span().file];
        if (n >= per_file_) return drop(d);
        ++n;
    }
    items.push_back(std::move(d));
}

void DiagList::set_caps(std::size_t per_file, std::size_t total) {
    per_file_ = per_file;
    total_ = total;
}

DiagList DiagList::part() const {
    DiagList p;
    p.per_file_ = per_file_;
    // What a part keeps beyond the total could never be kept in the whole: the
    // parts go in order, so memory stays bounded per part, not per run.
    p.total_ = total_;
    p.discard = discard;
    p.part_ = true;
    return p;
}

void DiagList::absorb(DiagList&& other) {
    for (auto& d : other.items) report(std::move(d));
    for (const auto& [k, n] : other.dropped) dropped[k] += n;
    other.items.clear();
    other.dropped.clear();
}

std::size_t DiagList::count(Severity at_least) const {
    std::size_t n = 0;
    for (const auto& d : items)
        if (d.severity >= at_least) ++n;
    for (const auto& [k, c] : dropped)
        if (k.second >= at_least) n += c;
    return n;
}

std::size_t DiagList::count_code(std::string_view code) const {
    std::size_t n = 0;
    for (const auto& d : items)
        if (d.code == code) ++n;
    for (const auto& [k, c] : dropped)
        if (k.first == code) n += c;
    return n;
}

std::size_t DiagList::dropped_count() const {
    std::size_t n = 0;
    for (const auto& [k, c] : dropped) n += c;
    return n;
}

std::string clip_text(std::string_view s, std::size_t max_bytes) {
    if (s.size() <= max_bytes) return std::string(s);
    std::size_t cut = max_bytes;
    // Back up to the start of a UTF-8 sequence (never inside one).
    while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xc0) == 0x80) --cut;
    std::string out(s.substr(0, cut));
    out += "\xe2\x80\xa6";
    // A backtick quote cut open is closed so the message still reads.
    if (std::count(out.begin(), out.end(), '`') % 2 == 1) out += '`';
    return out;
}

void clip(Diagnostic& d, std::size_t max_bytes) {
    auto fix = [&](std::string& t) {
        if (t.size() > max_bytes) t = clip_text(t, max_bytes);
    };
    fix(d.message);
    for (auto& l : d.labels) fix(l.message);
    for (auto& n : d.notes) fix(n);
    fix(d.help);
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
Builder& Builder::fix(std::string message, Applicability a, std::vector<Edit> edits) {
    if (edits.empty()) return *this;
    d.fix = Fix{std::move(message), a, std::move(edits)};
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
