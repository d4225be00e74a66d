// SPDX-License-Identifier: MIT
#include "source/source_map.hpp"

#include <algorithm>
#include <functional>
#include <mutex>
#include <stdexcept>

#include "source/read.hpp"

namespace havip::source {

namespace {

void index_lines(SourceFile& f) {
    f.line_starts.clear();
    f.line_starts.push_back(0);
    for (std::uint32_t i = 0; i < f.text.size(); ++i)
        if (f.text[i] == '\n') f.line_starts.push_back(i + 1);
    f.line_starts.shrink_to_fit();
}

std::uint64_t hash_of(std::string_view text) { return std::hash<std::string_view>{}(text); }

/// Read-backs of released files, from any thread.
std::mutex g_read_back;

}  // namespace

FileId SourceMap::add(std::string path, std::string text, std::optional<Span> included_from) {
    auto f = std::make_unique<SourceFile>();
    f->path = std::move(path);
    f->text = std::move(text);
    f->included_from = included_from;
    index_lines(*f);
    files_.push_back(std::move(f));
    return static_cast<FileId>(size() - 1);
}

void SourceMap::release_text() {
    for (auto& f : files_) {
        if (f->released.load(std::memory_order_relaxed)) continue;
        f->released_size = f->text.size();
        f->released_hash = hash_of(f->text);
        std::string().swap(f->text);
        std::vector<std::uint32_t>().swap(f->line_starts);
        f->released.store(true, std::memory_order_release);
    }
}

void SourceMap::read_back(SourceFile& f) const {
    std::lock_guard lock(g_read_back);
    if (!f.released.load(std::memory_order_relaxed)) return;  // another thread did
    std::string text, why;
    if (!read_regular_file(f.path, text, why) || text.size() != f.released_size || hash_of(text) != f.released_hash) {
        text.clear();
        changed_.push_back(f.path);
    }
    f.text = std::move(text);
    index_lines(f);
    f.released.store(false, std::memory_order_release);
}

std::vector<std::string> SourceMap::changed_files() const {
    std::lock_guard lock(g_read_back);
    return changed_;
}

void SourceMap::append(SourceMap&& other) {
    if (other.first_ != size()) throw std::logic_error("SourceMap::append: ids do not follow on");
    for (auto& f : other.files_) files_.push_back(std::move(f));
    other.files_.clear();
    for (auto& c : other.changed_) changed_.push_back(std::move(c));
    other.changed_.clear();
}

LineCol SourceMap::line_col(FileId id, std::uint32_t offset) const {
    if (id < first_ || id >= size()) return {};
    const auto& ls = file(id).line_starts;
    auto it = std::upper_bound(ls.begin(), ls.end(), offset);
    auto line = static_cast<std::uint32_t>(it - ls.begin());
    return {line, offset - ls[line - 1] + 1};
}

std::string_view SourceMap::line_text(FileId id, std::uint32_t line) const {
    if (id < first_ || id >= size() || line == 0) return {};
    const auto& f = file(id);
    if (line > f.line_starts.size()) return {};
    std::size_t b = f.line_starts[line - 1];
    std::size_t e = line < f.line_starts.size() ? f.line_starts[line] - 1 : f.text.size();
    std::string_view v(f.text.data() + b, e - b);
    if (!v.empty() && v.back() == '\r') v.remove_suffix(1);
    return v;
}

std::string_view SourceMap::text(Span s) const {
    if (!s.valid() || s.file < first_ || s.file >= size()) return {};
    const auto& t = file(s.file).text;
    auto b = std::min<std::size_t>(s.begin, t.size());
    auto e = std::min<std::size_t>(std::max(s.begin, s.end), t.size());
    return std::string_view(t).substr(b, e - b);
}

}  // namespace havip::source
