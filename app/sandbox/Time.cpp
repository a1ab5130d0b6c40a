#include "sandbox/Time.hpp"

#include <chrono>

namespace lr::sandbox {
namespace {

// Howard Hinnant's days-from-civil and its inverse: exact for the proleptic Gregorian calendar.
std::int64_t daysFromCivil(std::int64_t y, unsigned m, unsigned d) {
    y -= m <= 2;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

void civilFromDays(std::int64_t z, std::int64_t& y, unsigned& m, unsigned& d) {
    z += 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    y = static_cast<std::int64_t>(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    d = doy - (153 * mp + 2) / 5 + 1;
    m = mp < 10 ? mp + 3 : mp - 9;
    y += m <= 2;
}

void put(char* out, unsigned value, int width) {
    for (int i = width - 1; i >= 0; --i) {
        out[i] = static_cast<char>('0' + value % 10);
        value /= 10;
    }
}

bool digits(std::string_view s, std::size_t at, std::size_t count, int& value) {
    if (at + count > s.size())
        return false;
    value = 0;
    for (std::size_t i = at; i < at + count; ++i) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        value = value * 10 + (s[i] - '0');
    }
    return true;
}

} // namespace

void formatInstant(char* out, std::int64_t ms) {
    std::int64_t days = ms / kDayMs;
    std::int64_t rest = ms % kDayMs;
    if (rest < 0) {
        rest += kDayMs;
        --days;
    }
    std::int64_t y = 0;
    unsigned m = 0;
    unsigned d = 0;
    civilFromDays(days, y, m, d);
    put(out, static_cast<unsigned>(y), 4);
    out[4] = '-';
    put(out + 5, m, 2);
    out[7] = '-';
    put(out + 8, d, 2);
    out[10] = 'T';
    put(out + 11, static_cast<unsigned>(rest / 3'600'000), 2);
    out[13] = ':';
    put(out + 14, static_cast<unsigned>(rest / 60'000 % 60), 2);
    out[16] = ':';
    put(out + 17, static_cast<unsigned>(rest / 1000 % 60), 2);
    out[19] = '.';
    put(out + 20, static_cast<unsigned>(rest % 1000), 3);
    out[23] = 'Z';
}

void appendInstant(std::string& out, std::int64_t ms) {
    char buffer[24];
    formatInstant(buffer, ms);
    out.append(buffer, sizeof buffer);
}

std::string instantString(std::int64_t ms) {
    std::string out;
    appendInstant(out, ms);
    return out;
}

std::string dayString(std::int64_t ms) {
    return instantString(ms).substr(0, 10);
}

std::optional<std::int64_t> parseInstant(std::string_view s) {
    int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
    if (!digits(s, 0, 4, year) || s.size() < 20 || s[4] != '-' || !digits(s, 5, 2, month) ||
        s[7] != '-' || !digits(s, 8, 2, day) || (s[10] != 'T' && s[10] != 't') ||
        !digits(s, 11, 2, hour) || s[13] != ':' || !digits(s, 14, 2, minute) || s[16] != ':' ||
        !digits(s, 17, 2, second))
        return std::nullopt;
    if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60)
        return std::nullopt;

    // An optional fraction: milliseconds kept, finer digits ignored.
    std::size_t i = 19;
    int millis = 0;
    if (i < s.size() && s[i] == '.') {
        ++i;
        int scale = 100;
        const std::size_t first = i;
        while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
            millis += (s[i] - '0') * scale;
            scale /= 10;
            ++i;
        }
        if (i == first)
            return std::nullopt;
    }

    // The zone: Z or an offset; a local time without one is not an instant.
    int offsetMinutes = 0;
    if (i < s.size() && (s[i] == 'Z' || s[i] == 'z')) {
        ++i;
    } else if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
        int oh = 0, om = 0;
        if (!digits(s, i + 1, 2, oh) || i + 3 >= s.size() || s[i + 3] != ':' ||
            !digits(s, i + 4, 2, om) || oh > 23 || om > 59)
            return std::nullopt;
        offsetMinutes = (oh * 60 + om) * (s[i] == '+' ? 1 : -1);
        i += 6;
    } else {
        return std::nullopt;
    }
    if (i != s.size())
        return std::nullopt;

    const std::int64_t days =
        daysFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
    return days * kDayMs + hour * 3'600'000LL + minute * 60'000LL + second * 1000LL + millis -
           offsetMinutes * 60'000LL;
}

std::int64_t unixSeconds() {
    using namespace std::chrono;
    return duration_cast<seconds>(system_clock::now().time_since_epoch()).count();
}

} // namespace lr::sandbox
