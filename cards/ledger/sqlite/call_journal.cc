#include "cards/ledger/sqlite/call_journal.h"

#include <fcntl.h>
#include <openssl/evp.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <utility>

namespace auc::cards::ledger::sqlite {
namespace {

// An entry's magic names its checksum: XXH3-64 for what this version writes; the first 8 bytes
// of a SHA-256 for entries an earlier version left behind, which are still read. Either detects a
// torn or damaged write; neither is a defence against someone who can write the file (no key).
constexpr char kMagic[4] = {'A', 'U', 'C', 'X'};
constexpr char kSha256Magic[4] = {'A', 'U', 'C', 'J'};
constexpr std::size_t kDigestBytes = 8;
constexpr std::size_t kLedgerIdOffset = sizeof(kMagic) + 4 + kDigestBytes;
constexpr std::size_t kHeaderBytes = kLedgerIdOffset + CallJournal::kLedgerIdBytes;
// A written batch's buffer is kept for the next one up to this size; a rare huge batch's is not.
constexpr std::size_t kSpareBytesLimit = 1 << 20;

using Digest = std::array<unsigned char, kDigestBytes>;

Digest digest_of(std::string_view payload) {
  const XXH64_hash_t hash = XXH3_64bits(payload.data(), payload.size());
  Digest out{};
  for (std::size_t i = 0; i < kDigestBytes; ++i) {
    out[i] = static_cast<unsigned char>((hash >> (8 * i)) & 0xff);
  }
  return out;
}

Digest sha256_prefix_of(std::string_view payload) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> full{};
  unsigned int size = 0;
  EVP_Digest(payload.data(), payload.size(), full.data(), &size, EVP_sha256(), nullptr);
  Digest out{};
  std::copy_n(full.begin(), kDigestBytes, out.begin());
  return out;
}

// Appends one entry: header, then the encoded row.
bool append_entry(const CallRow& row, std::string_view ledger_id, std::string& out) {
  const std::size_t start = out.size();
  out.append(kHeaderBytes, '\0');
  encode_call_row(row, out);
  const std::size_t length = out.size() - start - kHeaderBytes;
  if (length > 0x7fffffffu) {
    out.resize(start);
    return false;
  }
  const auto digest = digest_of(std::string_view(out).substr(start + kHeaderBytes));
  char* header = out.data() + start;
  std::memcpy(header, kMagic, sizeof(kMagic));
  for (int i = 0; i < 4; ++i) header[4 + i] = static_cast<char>((length >> (8 * i)) & 0xff);
  std::memcpy(header + 8, digest.data(), kDigestBytes);
  std::memcpy(header + kLedgerIdOffset, ledger_id.data(), CallJournal::kLedgerIdBytes);
  return true;
}

// The rows of one file's text, up to the first entry that is incomplete, corrupt or written for
// another database.
void read_entries(std::string_view text, std::string_view ledger_id, std::vector<CallRow>& out) {
  while (text.size() >= kHeaderBytes &&
         text.substr(kLedgerIdOffset, CallJournal::kLedgerIdBytes) == ledger_id) {
    const bool sha256 = std::memcmp(text.data(), kSha256Magic, sizeof(kSha256Magic)) == 0;
    if (!sha256 && std::memcmp(text.data(), kMagic, sizeof(kMagic)) != 0) return;
    std::size_t length = 0;
    for (int i = 0; i < 4; ++i) {
      length |= std::size_t{static_cast<unsigned char>(text[4 + i])} << (8 * i);
    }
    if (text.size() - kHeaderBytes < length) return;
    const std::string_view payload = text.substr(kHeaderBytes, length);
    const Digest digest = sha256 ? sha256_prefix_of(payload) : digest_of(payload);
    if (std::memcmp(digest.data(), text.data() + 8, kDigestBytes) != 0) return;
    auto row = decode_call_row(payload);
    if (!row) return;
    out.push_back(std::move(*row));
    text.remove_prefix(kHeaderBytes + length);
  }
}

std::string errno_text(const char* what) {
  return std::string(what) + ": " + std::strerror(errno);
}

}  // namespace

struct CallJournal::Batch {
  std::string bytes;
  std::vector<CallRow> rows;
  std::int64_t last_id = 0;
  bool done = false;
  std::optional<LedgerError> error;
};

std::string CallJournal::file_path(const std::string& db_path, int index) {
  return db_path + "-calls-" + std::to_string(index);
}

Expected<std::unique_ptr<CallJournal>, std::string> CallJournal::open(const std::string& db_path,
                                                                      std::string ledger_id,
                                                                      JournalOptions options) {
  if (ledger_id.size() != kLedgerIdBytes) {
    return Unexpected("the ledger's identity is not " + std::to_string(kLedgerIdBytes) +
                      " characters");
  }
  std::unique_ptr<CallJournal> journal(new CallJournal(std::move(ledger_id), options));
  for (int i = 0; i < 2; ++i) {
    const std::string path = file_path(db_path, i);
    File& f = journal->files_[i];
    f.path = path;
    f.fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (f.fd < 0) return Unexpected(errno_text(("cannot open call journal " + path).c_str()));
    struct stat st {};
    if (fstat(f.fd, &st) != 0) return Unexpected(errno_text("cannot stat the call journal"));
    // Real zeros, not a sparse or fallocated range: writing over those changes file metadata,
    // which every sync would then have to write too.
    const std::string zeros(256 << 10, '\0');
    for (auto at = static_cast<std::size_t>(st.st_size); at < options.file_bytes;) {
      const std::size_t n = std::min(zeros.size(), options.file_bytes - at);
      const ssize_t written = ::pwrite(f.fd, zeros.data(), n, static_cast<off_t>(at));
      if (written < 0 && errno == EINTR) continue;
      if (written <= 0)
        return Unexpected(errno_text(("cannot prepare call journal " + path).c_str()));
      at += static_cast<std::size_t>(written);
    }
    if (fdatasync(f.fd) != 0) return Unexpected(errno_text("cannot sync the call journal"));
    void* map = ::mmap(nullptr, options.file_bytes, PROT_READ | PROT_WRITE, MAP_SHARED, f.fd, 0);
    if (map == MAP_FAILED) return Unexpected(errno_text("cannot map the call journal"));
    f.map = static_cast<char*>(map);
  }
  return journal;
}

CallJournal::~CallJournal() {
  for (File& f : files_) {
    if (f.map != nullptr) ::munmap(f.map, options_.file_bytes);
    if (f.fd >= 0) ::close(f.fd);
  }
}

Expected<std::vector<CallRow>, std::string> CallJournal::read_rows() const {
  std::lock_guard lock(files_mutex_);
  std::vector<CallRow> rows;
  for (const File& f : files_) {
    // The whole file: past the calls written last there may be older ones, which the ledger
    // skips by id.
    struct stat st {};
    if (fstat(f.fd, &st) != 0) return Unexpected(errno_text("cannot stat the call journal"));
    std::string text(static_cast<std::size_t>(st.st_size), '\0');
    std::size_t at = 0;
    while (at < text.size()) {
      const ssize_t n = ::pread(f.fd, text.data() + at, text.size() - at, static_cast<off_t>(at));
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) return Unexpected(errno_text(("cannot read call journal " + f.path).c_str()));
      if (n == 0) break;
      at += static_cast<std::size_t>(n);
    }
    text.resize(at);
    read_entries(text, ledger_id_, rows);
  }
  std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
  rows.erase(std::unique(rows.begin(), rows.end(),
                         [](const auto& a, const auto& b) { return a.id == b.id; }),
             rows.end());
  return rows;
}

void CallJournal::start(std::int64_t last_id, Sink sink) {
  std::lock_guard lock(mutex_);
  next_id_ = last_id + 1;
  committed_id_ = last_id;
  sink_ = std::move(sink);
}

Expected<std::int64_t, LedgerError> CallJournal::add(CallRow row) {
  std::unique_lock lock(mutex_);
  if (!sink_) {
    return Unexpected(LedgerError{LedgerError::Kind::kUnavailable, "call journal not started"});
  }
  const auto deadline = std::chrono::steady_clock::now() + options_.wait_timeout;
  const auto limit = static_cast<std::int64_t>(options_.max_uncommitted_calls);
  if (!room_.wait_until(lock, deadline, [&] { return next_id_ - 1 - committed_id_ < limit; })) {
    return Unexpected(
        LedgerError{LedgerError::Kind::kBusy, "the ledger's database writes are behind"});
  }
  if (!filling_) {
    filling_ = std::make_shared<Batch>();
    filling_->bytes.swap(spare_bytes_);  // grown by earlier batches: no reallocation per entry
  }
  const std::shared_ptr<Batch> batch = filling_;
  row.id = next_id_;
  if (!append_entry(row, ledger_id_, batch->bytes)) {
    return Unexpected(LedgerError{LedgerError::Kind::kInvalid, "hook call record too large"});
  }
  const std::int64_t id = next_id_++;
  batch->last_id = id;
  batch->rows.push_back(std::move(row));
  while (!batch->done) {
    if (writing_) {
      written_.wait(lock);
      continue;
    }
    // Lead: write everything waiting (ours included) in one go while later calls gather.
    writing_ = true;
    const std::shared_ptr<Batch> mine = std::move(filling_);
    filling_.reset();
    // The writer lets calls gather into big transactions; a quarter of the uncommitted calls
    // allowed, or a file half full while the other still waits for the database, asks it to
    // commit now, long before a caller would have to wait for room or the file would grow.
    const bool crowded = next_id_ - 1 - committed_id_ >= std::max<std::int64_t>(1, limit / 4);
    lock.unlock();
    std::optional<LedgerError> error;
    if (auto written = write(mine->bytes, mine->last_id); !written) {
      error = LedgerError{LedgerError::Kind::kUnavailable,
                          "cannot write the call journal: " + written.error()};
    } else if (auto handed = sink_(std::move(mine->rows), crowded || *written); !handed) {
      error = handed.error();
    }
    lock.lock();
    mine->error = std::move(error);
    mine->done = true;
    if (mine->bytes.capacity() <= kSpareBytesLimit) {
      mine->bytes.clear();
      spare_bytes_.swap(mine->bytes);
    }
    writing_ = false;
    written_.notify_all();
  }
  if (batch->error) return Unexpected(*batch->error);
  return id;
}

Expected<bool, std::string> CallJournal::write(const std::string& bytes, std::int64_t last_id) {
  // Reserve the space (only one batch leader writes at a time), then write and sync without the
  // lock, so the writer thread can mark space reusable meanwhile. The reservation names the
  // batch's last id, so this file cannot be reused before that call is in the database.
  int fd = -1;
  std::size_t at = 0;
  File* f = nullptr;
  std::int64_t previous_last_id = 0;
  bool filling = false;
  {
    std::lock_guard lock(files_mutex_);
    if (broken_) return Unexpected(*broken_);
    f = &files_[current_];
    if (f->used + bytes.size() > options_.file_bytes && files_[1 - current_].used == 0) {
      current_ = 1 - current_;
      f = &files_[current_];
    }
    fd = f->fd;
    at = f->used;
    previous_last_id = f->last_id;
    f->used += bytes.size();
    f->last_id = last_id;
    // Writing moves on to the other file only once all of its calls are in the database.
    filling = f->used > options_.file_bytes / 2 && files_[1 - current_].used > 0;
  }
  // In place after the calls still needed. A write cut short is written over by the next one:
  // until then it ends what read_rows sees, and nothing after it was acknowledged.
  // Within the mapping a copy is the write: the pages are the file's page cache, written back by
  // the kernel (and by fdatasync below) like those of a write(). Past it, when the file grew,
  // the system call writes.
  std::optional<std::string> failure;
  std::size_t offset = at;
  std::string_view rest = bytes;
  if (f->map != nullptr && at < options_.file_bytes) {
    const std::size_t n = std::min(rest.size(), options_.file_bytes - at);
    std::memcpy(f->map + at, rest.data(), n);
    rest.remove_prefix(n);
    offset += n;
  }
  for (; !rest.empty();) {
    const ssize_t n = ::pwrite(fd, rest.data(), rest.size(), static_cast<off_t>(offset));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      failure = errno_text("write failed");
      break;
    }
    rest.remove_prefix(static_cast<std::size_t>(n));
    offset += static_cast<std::size_t>(n);
  }
  bool sync_failed = false;
  if (!failure && options_.sync && fdatasync(fd) != 0) {
    failure = errno_text("fdatasync failed");
    sync_failed = true;
  }
  if (!failure) return filling;
  std::lock_guard lock(files_mutex_);
  // After a failed sync nothing is known about what reached the disk: stop taking calls.
  if (sync_failed) broken_ = failure;
  if (f->used == at + bytes.size()) {
    f->used = at;
    f->last_id = previous_last_id;
  }
  return Unexpected(*failure);
}

void CallJournal::committed(std::int64_t id) {
  {
    std::lock_guard lock(files_mutex_);
    for (File& f : files_) {
      if (f.used > 0 && f.last_id <= id) {
        f.used = 0;
        f.last_id = 0;
      }
    }
  }
  {
    std::lock_guard lock(mutex_);
    committed_id_ = std::max(committed_id_, id);
  }
  room_.notify_all();
}

}  // namespace auc::cards::ledger::sqlite
