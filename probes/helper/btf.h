// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// Finds the byte offset of a struct member in the kernel's BTF
// (/sys/kernel/btf/vmlinux), for what bpftrace 0.17 cannot ask itself
// (it has no offsetof). Only the parts of the format needed to walk the type
// section are read; every read is bounds-checked, and anything unexpected
// means "not found".

#include <cstdint>
#include <cstring>
#include <optional>
#include <string_view>
#include <vector>

namespace memtap::probe {

namespace detail {

inline bool readU32(std::string_view data, std::size_t at, std::uint32_t &value)
{
    if (at > data.size() || data.size() - at < 4)
        return false;
    std::memcpy(&value, data.data() + at, 4);
    return true;
}

enum BtfKind : std::uint32_t {
    btfInt = 1,
    btfPointer = 2,
    btfArray = 3,
    btfStruct = 4,
    btfUnion = 5,
    btfEnum = 6,
    btfForward = 7,
    btfTypedef = 8,
    btfVolatile = 9,
    btfConst = 10,
    btfRestrict = 11,
    btfFunction = 12,
    btfFunctionPrototype = 13,
    btfVariable = 14,
    btfDataSection = 15,
    btfFloat = 16,
    btfDeclarationTag = 17,
    btfTypeTag = 18,
    btfEnum64 = 19,
};

// Bytes that follow the common 12-byte header of a type of this kind.
inline std::optional<std::size_t> btfTrailingBytes(std::uint32_t kind, std::uint32_t count)
{
    switch (kind) {
    case btfInt:
    case btfVariable:
    case btfDeclarationTag:
        return 4;
    case btfArray:
        return 12;
    case btfStruct:
    case btfUnion:
    case btfDataSection:
    case btfEnum64:
        return std::size_t(count) * 12;
    case btfEnum:
    case btfFunctionPrototype:
        return std::size_t(count) * 8;
    case btfPointer:
    case btfForward:
    case btfTypedef:
    case btfVolatile:
    case btfConst:
    case btfRestrict:
    case btfFunction:
    case btfFloat:
    case btfTypeTag:
        return 0;
    default:
        return std::nullopt; // a kind newer than this code: stop rather than guess
    }
}

} // namespace detail

// The offset in bytes of member in struct structName, from raw BTF data.
// Members of anonymous structs and unions inside it count as its own, as in
// C (with CONFIG_RANDSTRUCT, task_struct keeps most fields in one).
inline std::optional<std::uint32_t> btfMemberOffset(
    std::string_view btf, std::string_view structName, std::string_view memberName)
{
    using namespace detail;
    std::uint32_t magicAndVersion = 0, headerLength = 0, typeOffset = 0, typeLength = 0,
                  stringOffset = 0, stringLength = 0;
    if (!readU32(btf, 0, magicAndVersion) || (magicAndVersion & 0xffff) != 0xeb9f
        || !readU32(btf, 4, headerLength) || !readU32(btf, 8, typeOffset)
        || !readU32(btf, 12, typeLength) || !readU32(btf, 16, stringOffset)
        || !readU32(btf, 20, stringLength))
        return std::nullopt;
    const std::size_t typesStart = std::size_t(headerLength) + typeOffset;
    const std::size_t stringsStart = std::size_t(headerLength) + stringOffset;
    if (typesStart > btf.size() || btf.size() - typesStart < typeLength || stringsStart > btf.size()
        || btf.size() - stringsStart < stringLength)
        return std::nullopt;
    const std::string_view types = btf.substr(typesStart, typeLength);
    const std::string_view strings = btf.substr(stringsStart, stringLength);

    const auto nameAt = [&](std::uint32_t offset) -> std::string_view {
        if (offset >= strings.size())
            return {};
        const std::string_view rest = strings.substr(offset);
        return rest.substr(0, rest.find('\0'));
    };

    // Where each type starts; type ids count from 1 (0 is void).
    std::vector<std::size_t> typeAt {0};
    for (std::size_t at = 0; at < types.size();) {
        std::uint32_t info = 0;
        if (!readU32(types, at + 4, info))
            return std::nullopt;
        const std::optional<std::size_t> trailing
            = btfTrailingBytes((info >> 24) & 0x1f, info & 0xffff);
        if (!trailing || types.size() - at < 12 + *trailing)
            return std::nullopt;
        typeAt.push_back(at);
        at += 12 + *trailing;
    }

    // Searches the members of the struct or union at `at`, `base` bits in.
    const auto search = [&](auto &self, std::size_t at, std::uint64_t base,
                            int depth) -> std::optional<std::uint64_t> {
        std::uint32_t info = 0;
        readU32(types, at + 4, info);
        const std::uint32_t count = info & 0xffff;
        const bool bitfieldOffsets = (info >> 31) != 0;
        for (std::uint32_t i = 0; i < count; ++i) {
            const std::size_t member = at + 12 + std::size_t(i) * 12;
            std::uint32_t memberName_ = 0, memberType = 0, memberOffset = 0;
            readU32(types, member, memberName_);
            readU32(types, member + 4, memberType);
            readU32(types, member + 8, memberOffset);
            const std::uint64_t bits
                = base + (bitfieldOffsets ? memberOffset & 0xffffff : memberOffset);
            if (memberName_ != 0) {
                if (nameAt(memberName_) == memberName)
                    return bits;
                continue;
            }
            // An anonymous struct or union, perhaps behind const/volatile.
            for (int hops = 0; hops < 8 && memberType > 0 && memberType < typeAt.size(); ++hops) {
                std::uint32_t memberInfo = 0, next = 0;
                readU32(types, typeAt[memberType] + 4, memberInfo);
                const std::uint32_t kind = (memberInfo >> 24) & 0x1f;
                if ((kind == btfStruct || kind == btfUnion) && depth < 8) {
                    if (auto found = self(self, typeAt[memberType], bits, depth + 1))
                        return found;
                    break;
                }
                if (kind != btfConst && kind != btfVolatile && kind != btfTypeTag)
                    break;
                readU32(types, typeAt[memberType] + 8, next);
                memberType = next;
            }
        }
        return std::nullopt;
    };

    for (std::size_t id = 1; id < typeAt.size(); ++id) {
        std::uint32_t nameOffset = 0, info = 0;
        readU32(types, typeAt[id], nameOffset);
        readU32(types, typeAt[id] + 4, info);
        if (((info >> 24) & 0x1f) != btfStruct || nameAt(nameOffset) != structName)
            continue;
        const std::optional<std::uint64_t> bits = search(search, typeAt[id], 0, 0);
        if (!bits || *bits % 8 != 0 || *bits / 8 > UINT32_MAX)
            return std::nullopt;
        return static_cast<std::uint32_t>(*bits / 8);
    }
    return std::nullopt;
}

} // namespace memtap::probe
