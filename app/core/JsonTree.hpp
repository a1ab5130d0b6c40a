#pragma once

// The Response body as a collapsible tree that is read lazily: opening a node reads only that
// node's bytes, to list its direct children (key, where the value is, its kind, how many
// children it has in turn). Nothing else of the body is parsed. The visible tree is one flat
// vector of rows, so the window draws only the rows in view, even under an open array of a
// million items. Big nodes are read on a worker; small ones at once.

#include "core/Body.hpp"
#include "core/Commands.hpp"
#include "core/UiInbox.hpp"

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace lr {

enum class JsonKind : std::uint8_t { Object, Array, String, Number, Literal, Invalid };

/// One row of the tree: a value, with its key in the parent object (or its index in the parent
/// array).
struct JsonTreeRow {
    std::uint64_t keyOffset = 0;   // the key's first byte after its quote; 0: no key
    std::uint32_t keyLength = 0;   // bytes between the key's quotes (escapes not decoded)
    std::uint64_t index = 0;       // position in the parent
    std::uint64_t valueOffset = 0; // the value's first byte
    std::uint64_t valueEnd = 0;    // one past its last byte
    std::uint64_t childCount = 0;  // objects and arrays: direct children
    std::uint32_t depth = 0;
    JsonKind kind = JsonKind::Invalid;
    bool open = false;
    bool loading = false;

    [[nodiscard]] bool container() const {
        return kind == JsonKind::Object || kind == JsonKind::Array;
    }
};

/// The direct children of the object or array whose first byte ('{' or '[') is at `offset`,
/// at `depth`. Reads the container's bytes once; a structural scan, since the body was already
/// checked as JSON by the worker that indexed it. Empty when cancelled.
std::vector<JsonTreeRow> readJsonChildren(std::string_view body, std::size_t offset,
                                          std::uint32_t depth,
                                          const std::atomic<bool>* cancel = nullptr);

/// The root value of `body` as a closed row (its children counted on the way).
JsonTreeRow readJsonRoot(std::string_view body, const std::atomic<bool>* cancel = nullptr);

/// "key": preview, as the tree shows a row: strings and numbers up to `maxBytes`, objects as
/// {…} with their key count, arrays as […] with their item count. Valid UTF-8.
std::string jsonTreeLabel(std::string_view body, const JsonTreeRow& row,
                          std::size_t maxBytes = 160);

class JsonTree {
public:
    /// Nodes up to this size are read on the UI thread: it takes microseconds.
    static constexpr std::size_t kInlineBytes = 256 * 1024;

    explicit JsonTree(UiInbox& inbox);
    ~JsonTree(); // cancels and joins its worker

    JsonTree(const JsonTree&) = delete;
    JsonTree& operator=(const JsonTree&) = delete;

    /// Shows `body` as a tree: one root row, opened (on a worker when the body is big).
    void show(SharedBody body);
    /// Opens or closes a visible row; ignored while a big node is being read.
    void toggle(std::size_t row);
    /// Applies TreeToggle; false for other commands (TreeShow needs the body: the owner's).
    bool apply(const Command& command);

    [[nodiscard]] const SharedBody& body() const { return m_body; }
    [[nodiscard]] const std::vector<JsonTreeRow>& rows() const { return m_rows; }
    [[nodiscard]] bool busy() const { return m_loadingRow >= 0; }
    [[nodiscard]] std::string label(std::size_t row) const;

private:
    void open(std::size_t row);
    void joinWorker();

    UiInbox& m_inbox;
    SharedBody m_body;
    std::vector<JsonTreeRow> m_rows;
    long long m_loadingRow = -1;
    std::uint64_t m_generation = 0;
    std::shared_ptr<std::atomic<bool>> m_cancel;
    std::thread m_worker;
};

} // namespace lr
