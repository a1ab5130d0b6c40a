// The On-Demand ingester, compiled once per simdjson kernel (see IngestHaswell.cpp and
// IngestFallback.cpp). Include inside a namespace, after <simdjson.h> and IngestDetail.hpp.

namespace od = simdjson::ondemand;

class Ingester {
public:
    Ingester(SharedBody body, const std::atomic<bool>* cancel, const ProgressFn& progress)
        : m_body(std::move(body)), m_data(m_body->data()), m_size(m_body->size()), m_cancel(cancel),
          m_progress(progress), m_segment(std::make_shared<TableSegment>(m_body)) {}

    IngestResult run();

private:
    bool fail(simdjson::error_code error, const char* where);
    bool rows(od::array items);
    bool row(od::value element, std::size_t rowIndex);
    bool fields(od::object object, std::size_t rowIndex, std::size_t& position, bool& any,
                std::size_t depth);
    bool cell(od::value value, std::size_t rowIndex, std::size_t column, std::size_t& position);
    std::size_t columnFor(std::size_t position);
    std::size_t offsetOf(const char* p) const {
        return p >= m_data && p <= m_data + m_size ? std::size_t(p - m_data) : m_size;
    }
    void closeRow(std::size_t rowIndex, std::size_t nextStart);

    SharedBody m_body;
    const char* m_data;
    std::size_t m_size;
    const std::atomic<bool>* m_cancel;
    const ProgressFn& m_progress;
    std::shared_ptr<TableSegment> m_segment;
    od::document m_doc;
    bool m_docReady = false; // iterate() succeeded: the document has a position to report
    IngestResult m_result;

    std::string m_path;               // flattened key of the current field
    std::vector<std::size_t> m_order; // column at each field position, last row
    std::unordered_map<std::string, std::size_t> m_byPath;
};

IngestResult Ingester::run() {
    const auto started = std::chrono::steady_clock::now();
    od::parser parser;
    od::document& doc = m_doc;

    // 1. Stage 1 indexes the whole body; UTF-8 and unclosed strings fail here.
    simdjson::error_code error = parser.iterate(m_body->padded()).get(doc);
    if (error) {
        fail(error, nullptr);
        return std::move(m_result);
    }
    m_docReady = true;

    // 2. Find the list: the root itself, or the `items` field of a root object.
    od::json_type rootType;
    if ((error = doc.type().get(rootType))) {
        fail(error, nullptr);
        return std::move(m_result);
    }
    bool found = false;
    if (rootType == od::json_type::array) {
        od::array items;
        if ((error = doc.get_array().get(items)) || !rows(items))
            return error ? (fail(error, nullptr), std::move(m_result)) : std::move(m_result);
        found = true;
    } else if (rootType == od::json_type::object) {
        od::object root;
        if ((error = doc.get_object().get(root))) {
            fail(error, nullptr);
            return std::move(m_result);
        }
        for (auto fieldResult : root) {
            od::field field;
            std::string_view key;
            if ((error = std::move(fieldResult).get(field)) ||
                (error = field.unescaped_key().get(key))) {
                fail(error, nullptr);
                return std::move(m_result);
            }
            od::value value = field.value();
            od::json_type type;
            if ((error = value.type().get(type))) {
                fail(error, nullptr);
                return std::move(m_result);
            }
            if (key == "items" && type == od::json_type::array && !found) {
                od::array items;
                if ((error = value.get_array().get(items))) {
                    fail(error, nullptr);
                    return std::move(m_result);
                }
                if (!rows(items))
                    return std::move(m_result);
                found = true;
            } else if (key == "nextCursor" && type == od::json_type::string) {
                std::string_view cursor;
                if ((error = value.get_string().get(cursor))) {
                    fail(error, nullptr);
                    return std::move(m_result);
                }
                m_result.nextCursor = std::string(cursor);
            } else if (key == "nextCursor" && type == od::json_type::null) {
                m_result.nextCursor.reset();
            }
        }
    }

    // 3. Anything after the root value makes the whole body invalid JSON.
    const char* trailing = nullptr;
    if (doc.current_location().get(trailing) == simdjson::SUCCESS) {
        const char* where = trailing;
        m_result.error = {"Malformed JSON: unexpected content after the end of the document",
                          offsetOf(where)};
        return std::move(m_result);
    }
    if (!found) {
        m_result.notAList = true;
        m_result.error = {"The answer is neither an array nor an object with an items array", 0};
        return std::move(m_result);
    }
    m_result.segment = std::move(m_segment);
    m_result.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return std::move(m_result);
}

bool Ingester::fail(simdjson::error_code error, const char* where) {
    if (error == simdjson::UTF8_ERROR) {
        m_result.error = {"Invalid UTF-8 in the body", firstInvalidUtf8(m_body->view())};
        return false;
    }
    if (error == simdjson::EMPTY) {
        m_result.error = {"The body is empty", 0};
        return false;
    }

    // The syntax walk names truncation and bracket mistakes precisely; simdjson's own
    // position covers the rest (a bad literal, a missing colon).
    if (locateProblem(m_body->view(), m_result.error))
        return false;
    if (!where && (!m_docReady || m_doc.current_location().get(where) != simdjson::SUCCESS))
        where = nullptr;
    m_result.error = {std::string("Malformed JSON: ") + simdjson::error_message(error),
                      where ? offsetOf(where) : 0};
    return false;
}

bool Ingester::rows(od::array items) {
    std::size_t rowIndex = 0;
    for (auto elementResult : items) {
        od::value element;
        simdjson::error_code error = std::move(elementResult).get(element);
        const char* where = nullptr;
        if (!error)
            error = element.current_location().get(where);
        if (error)
            return fail(error, nullptr);

        const std::size_t start = offsetOf(where);
        if (rowIndex > 0)
            closeRow(rowIndex - 1, start);
        m_segment->addRow(start, 0);
        if (!row(element, rowIndex))
            return false;
        ++rowIndex;

        if ((rowIndex & 0x3FFF) == 0) {
            if (m_cancel && m_cancel->load(std::memory_order_relaxed)) {
                m_result.cancelled = true;
                m_result.error = {"Cancelled", start};
                return false;
            }
            if (m_progress)
                m_progress(double(start) / double(m_size ? m_size : 1));
        }
    }
    if (rowIndex > 0) {
        const std::size_t last = rowIndex - 1;
        const std::size_t start = std::size_t(m_segment->rowJson(last).data() - m_data);
        const char c = m_data[start];
        const std::size_t end = (c == '{' || c == '[') ? valueEnd(m_data, m_size, start) : start;
        if (end > start) {
            m_segment->setRowLength(last, end - start);
        } else {
            closeRow(last, start); // a scalar row: its token ends at the next ',' or ']'
            std::size_t e = start;
            while (e < m_size && m_data[e] != ',' && m_data[e] != ']')
                ++e;
            while (e > start && isBlank(m_data[e - 1]))
                --e;
            m_segment->setRowLength(last, e - start);
        }
    }
    return true;
}

void Ingester::closeRow(std::size_t rowIndex, std::size_t nextStart) {
    // The previous row ends before the blanks and the comma that precede the next one.
    const std::size_t start = std::size_t(m_segment->rowJson(rowIndex).data() - m_data);
    std::size_t end = nextStart;
    while (end > start && isBlank(m_data[end - 1]))
        --end;
    if (end > start && m_data[end - 1] == ',')
        --end;
    while (end > start && isBlank(m_data[end - 1]))
        --end;
    m_segment->setRowLength(rowIndex, end - start);
}

bool Ingester::row(od::value element, std::size_t rowIndex) {
    od::json_type type;
    if (simdjson::error_code error = element.type().get(type))
        return fail(error, nullptr);

    std::size_t position = 0;
    m_path.clear();
    if (type != od::json_type::object) {
        // A list of scalars or arrays: one column named "value".
        m_path = "value";
        return cell(element, rowIndex, columnFor(position), position);
    }
    od::object object;
    if (simdjson::error_code error = element.get_object().get(object))
        return fail(error, nullptr);
    bool any = false;
    return fields(object, rowIndex, position, any, 1);
}

bool Ingester::fields(od::object object, std::size_t rowIndex, std::size_t& position, bool& any,
                      std::size_t depth) {
    const std::size_t prefixLength = m_path.size();
    for (auto fieldResult : object) {
        od::field field;
        if (simdjson::error_code error = std::move(fieldResult).get(field))
            return fail(error, nullptr);
        any = true;

        // Keys are read in place; the rare key with an escape is decoded.
        const char* key = field.key().raw();
        const char* end = key;
        bool escaped = false;
        while (*end != '"') {
            if (*end == '\\') {
                escaped = true;
                ++end;
            }
            ++end;
        }
        m_path.resize(prefixLength);
        if (escaped)
            m_path += decodeJsonString(std::string_view(key, std::size_t(end - key)));
        else
            m_path.append(key, std::size_t(end - key));

        od::value value = field.value();
        od::json_type type;
        if (simdjson::error_code error = value.type().get(type))
            return fail(error, nullptr);
        if (type == od::json_type::object && depth < kMaxFlattenedDepth) {
            const char* where = nullptr;
            od::object child;
            simdjson::error_code error = value.current_location().get(where);
            if (!error)
                error = value.get_object().get(child);
            if (error)
                return fail(error, nullptr);
            m_path.push_back('.');
            bool childAny = false;
            if (!fields(child, rowIndex, position, childAny, depth + 1))
                return false;
            if (!childAny) {
                // An empty object is a value of its own, shown as {}.
                m_path.resize(m_path.size() - 1);
                const std::size_t column = columnFor(position++);
                const std::size_t start = offsetOf(where);
                m_segment->setText(rowIndex, column, CellKind::RawJson, start,
                                   valueEnd(m_data, m_size, start) - start);
            }
            continue;
        }
        // A scalar, an array, or an object past kMaxFlattenedDepth: one cell.
        if (!cell(value, rowIndex, columnFor(position), position))
            return false;
    }
    m_path.resize(prefixLength);
    return true;
}

std::size_t Ingester::columnFor(std::size_t position) {
    // Rows of a list usually share their key order: guess the column at this position first.
    if (position < m_order.size() && m_segment->columnName(m_order[position]) == m_path)
        return m_order[position];
    std::size_t column;
    auto it = m_byPath.find(m_path);
    if (it != m_byPath.end()) {
        column = it->second;
    } else {
        column = m_segment->addColumn(m_path);
        m_byPath.emplace(m_path, column);
    }
    if (position >= m_order.size())
        m_order.resize(position + 1);
    m_order[position] = column;
    return column;
}

bool Ingester::cell(od::value value, std::size_t rowIndex, std::size_t column,
                    std::size_t& position) {
    ++position;
    od::json_type type;
    simdjson::error_code error = value.type().get(type);
    if (error)
        return fail(error, nullptr);

    switch (type) {
    case od::json_type::string: {
        std::string_view token = value.raw_json_token();
        while (!token.empty() && isBlank(token.back()))
            token.remove_suffix(1);
        if (token.size() < 2 || token.back() != '"')
            return fail(simdjson::STRING_ERROR, token.data());
        const std::string_view inner = token.substr(1, token.size() - 2);
        const bool escaped = std::memchr(inner.data(), '\\', inner.size()) != nullptr;
        m_segment->setText(rowIndex, column, escaped ? CellKind::EscapedString : CellKind::String,
                           offsetOf(inner.data()), inner.size());
        return true;
    }
    case od::json_type::number: {
        double number = 0;
        if ((error = value.get_double().get(number))) {
            const char* where = nullptr;
            if (value.current_location().get(where) != simdjson::SUCCESS)
                where = nullptr;
            return fail(error, where);
        }
        m_segment->setNumber(rowIndex, column, number);
        return true;
    }
    case od::json_type::boolean: {
        bool flag = false;
        if ((error = value.get_bool().get(flag)))
            return fail(error, nullptr);
        m_segment->setFlag(rowIndex, column, flag ? CellKind::True : CellKind::False);
        return true;
    }
    case od::json_type::null: {
        bool isNull = false;
        if ((error = value.is_null().get(isNull)) || !isNull)
            return fail(error ? error : simdjson::N_ATOM_ERROR, nullptr);
        m_segment->setFlag(rowIndex, column, CellKind::Null);
        return true;
    }
    case od::json_type::array:
    case od::json_type::object: {
        // Arrays (and objects in a list of scalars) stay JSON text, referenced in place.
        std::string_view raw;
        if (type == od::json_type::array) {
            od::array array;
            error = value.get_array().get(array);
            if (!error)
                error = array.raw_json().get(raw);
        } else {
            od::object object;
            error = value.get_object().get(object);
            if (!error)
                error = object.raw_json().get(raw);
        }
        if (error)
            return fail(error, nullptr);
        while (!raw.empty() && isBlank(raw.back()))
            raw.remove_suffix(1);
        m_segment->setText(rowIndex, column, CellKind::RawJson, offsetOf(raw.data()), raw.size());
        return true;
    }
    }
    return fail(simdjson::INCORRECT_TYPE, nullptr);
}

IngestResult ingestWithKernel(SharedBody body, const std::atomic<bool>* cancel,
                              const ProgressFn& progress) {
    return Ingester(std::move(body), cancel, progress).run();
}
