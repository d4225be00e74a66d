// SPDX-License-Identifier: MIT
#include "sys/file_writer.hpp"

#include <pthread.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <cerrno>
#include <condition_variable>
#include <csignal>
#include <deque>
#include <mutex>
#include <system_error>
#include <thread>
#include <unordered_map>
#include <vector>

#include "sys/files.hpp"

namespace havip::sys {

// Everything the thread touches lives here, owned jointly by the FileWriter and
// the thread: a detached thread stuck in a write never sees freed memory or a
// reused file descriptor.
struct FileWriter::Shared {
    std::mutex mu;
    std::condition_variable work;                       // the thread waits for queued paths
    std::condition_variable idle;                       // flush() waits for an empty queue
    std::deque<std::string> order;                      // paths, first-queued first
    std::unordered_map<std::string, std::string> next;  // path -> latest content not yet started
    bool busy = false;
    bool stop = false;
    std::vector<Done> finished;
    Counters counters;
    WriteFn write;
    int efd = -1;
    ~Shared() {
        if (efd >= 0) ::close(efd);
    }

    void run() {
        std::unique_lock lk(mu);
        for (;;) {
            work.wait(lk, [&] { return stop || !order.empty(); });
            if (stop) return;
            std::string path = std::move(order.front());
            order.pop_front();
            auto it = next.find(path);
            std::string content = std::move(it->second);
            next.erase(it);
            busy = true;
            lk.unlock();
            const std::int64_t t0 = EventLoop::now_ns();
            Status st = write(path, content);
            const std::int64_t took = EventLoop::now_ns() - t0;
            lk.lock();
            busy = false;
            (st ? counters.written : counters.failed)++;
            if (took > counters.max_write_ns) counters.max_write_ns = took;
            finished.push_back(Done{std::move(path), std::move(st), took});
            const std::uint64_t one = 1;
            (void)!::write(efd, &one, sizeof one);
            idle.notify_all();
        }
    }
};

Result<std::unique_ptr<FileWriter>> FileWriter::start(EventLoop& loop, DoneFn done, WriteFn write) {
    auto sh = std::make_shared<Shared>();
    sh->write = write ? std::move(write) : WriteFn([](const std::string& p, std::string_view c) {
        return write_file_atomic(p, c, base::kSharedMode);
    });
    sh->efd = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (sh->efd < 0) return Status::from_errno("file writer: eventfd", errno);
    std::unique_ptr<FileWriter> w(new FileWriter(loop, std::move(done), sh));
    FileWriter* self = w.get();
    if (Status st = loop.watch(sh->efd, EventLoop::kIn, [self](std::uint32_t) { self->drain(); }); !st) return st;
    // The thread blocks every signal from its first instruction: signals belong
    // to the loop's signalfd, and one delivered here would take its default action.
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    try {
        std::thread([sh] { sh->run(); }).detach();
    } catch (const std::system_error& e) {
        pthread_sigmask(SIG_SETMASK, &old, nullptr);
        loop.unwatch(sh->efd);
        return Status::error(std::string("file writer: thread: ") + e.what());
    }
    pthread_sigmask(SIG_SETMASK, &old, nullptr);
    return w;
}

FileWriter::FileWriter(EventLoop& loop, DoneFn done, std::shared_ptr<Shared> sh)
    : loop_(loop), done_(std::move(done)), sh_(std::move(sh)) {}

FileWriter::~FileWriter() {
    loop_.unwatch(sh_->efd);
    std::lock_guard lk(sh_->mu);
    sh_->stop = true;
    sh_->order.clear();
    sh_->next.clear();
    sh_->work.notify_all();
}

void FileWriter::submit(std::string path, std::string content) {
    std::lock_guard lk(sh_->mu);
    auto [it, fresh] = sh_->next.try_emplace(path);
    if (!fresh) ++sh_->counters.coalesced;  // keeps its place in the order
    it->second = std::move(content);
    if (fresh) {
        sh_->order.push_back(std::move(path));
        sh_->work.notify_one();
    }
}

void FileWriter::drain() {
    std::uint64_t n;
    (void)!::read(sh_->efd, &n, sizeof n);
    std::vector<Done> done;
    {
        std::lock_guard lk(sh_->mu);
        done.swap(sh_->finished);
    }
    if (done_)
        for (const auto& d : done) done_(d);
}

bool FileWriter::flush(std::chrono::milliseconds bound) {
    bool empty;
    {
        std::unique_lock lk(sh_->mu);
        empty = sh_->idle.wait_for(lk, bound, [&] { return sh_->order.empty() && !sh_->busy; });
    }
    drain();
    return empty;
}

FileWriter::Counters FileWriter::counters() const {
    std::lock_guard lk(sh_->mu);
    Counters c = sh_->counters;
    c.pending = sh_->order.size() + (sh_->busy ? 1 : 0);
    return c;
}

}  // namespace havip::sys
