// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <QByteArray>
#include <QByteArrayView>

#include <algorithm>
#include <array>
#include <cstdint>

namespace memtap {

// A process name (the kernel's comm, at most 15 bytes today) stored inline so
// that decoding an event never allocates. The capacity leaves room for the
// longer names newer kernels discuss; a longer name is not a valid record.
class ProcessName
{
public:
    static constexpr std::size_t capacity = 63;

    ProcessName() = default;

    // Returns false (and leaves the name empty) when bytes exceed the capacity.
    bool assign(QByteArrayView bytes)
    {
        if (static_cast<std::size_t>(bytes.size()) > capacity) {
            m_size = 0;
            return false;
        }
        m_size = static_cast<std::uint8_t>(bytes.size());
        std::copy_n(bytes.data(), m_size, m_bytes.data());
        return true;
    }
    bool append(char byte)
    {
        if (m_size >= capacity)
            return false;
        m_bytes[m_size++] = byte;
        return true;
    }
    void clear() { m_size = 0; }

    QByteArrayView view() const { return QByteArrayView(m_bytes.data(), m_size); }
    QByteArray toByteArray() const { return QByteArray(m_bytes.data(), m_size); }
    std::size_t size() const { return m_size; }
    bool isEmpty() const { return m_size == 0; }

    friend bool operator==(const ProcessName &a, const ProcessName &b)
    {
        return a.view() == b.view();
    }

private:
    std::uint8_t m_size = 0;
    std::array<char, capacity> m_bytes {};
};

} // namespace memtap
