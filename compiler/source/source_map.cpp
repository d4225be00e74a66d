// SPDX-License-Identifier: MIT
#include "source/source_map.hpp"

#include <algorithm>
#include <stdexcept>

namespace havip::source {

FileId SourceMap::add(std::string path, std::string text, std::optional<Span> included_from) {
    auto f = std::make_unique<SourceFile>();
    f->path = std::move(path);
    f->text = std::move(text);
    f->included_from = included_from;
    f->line_starts.push_back(0);
    for (std::uint32_t i = 0; i < f->text.size(); ++i)
        if (f->text[i] == '\n') f->line_starts.push_back(i + 1);
    f->line_starts.shrink_to_fit();
    files_.push_back(std::move(f));
    return static_cast<FileId>(size() - 1);
}

void SourceMap::append(SourceMap&& other) {
    if (other.first_ != size()) throw std::logic_error("SourceMap::append: ids do not follow on");
    for (auto& f : other.files_) files_.push_back(std::move(f));
    other.files_.clear();
}

LineCol SourceMap::line_col(FileId id, std::uint32_t offset) const {
    if (id < first_ || id >= size()) return {};
    const auto& ls = files_[id - first_]->line_starts;
    auto it = std::upper_bound(ls.begin(), ls.end(), offset);
    auto line = static_cast<std::uint32_t>(it - ls.begin());
    return {line, offset - ls[line - 1] + 1};
}

std::string_view SourceMap::line_text(FileId id, std::uint32_t line) const {
    if (id < first_ || id >= size() || line == 0) return {};
    const auto& f = *files_[id - first_];
    if (line > f.line_starts.size()) return {};
    std::size_t b = f.line_starts[line - 1];
    std::size_t e = line < f.line_starts.size() ? f.line_starts[line] - 1 : f.text.size();
    std::string_view v(f.text.data() + b, e - b);
    if (!v.empty() && v.back() == '\r') v.remove_suffix(1);
    return v;
}

std::string_view SourceMap::text(Span s) const {
    if (!s.valid() || s.file < first_ || s.file >= size()) return {};
    const auto& t = files_[s.file - first_]->text;
    auto b = std::min<std::size_t>(s.begin, t.size());
    auto e = std::min<std::size_t>(std::max(s.begin, s.end), t.size());
    return std::string_view(t).substr(b, e - b);
}

}  // namespace havip::source
