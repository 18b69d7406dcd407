// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <QList>
#include <QtGlobal>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <linux/cn_proc.h>
#include <linux/connector.h>
#include <linux/netlink.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace memtap::test {

// Sees every process the kernel creates, through the process events
// connector (needs root): the way to prove that a program started nothing,
// without tracing it.
class ForkWatcher
{
public:
    struct Fork
    {
        int parentPid = 0; // tgid of the new task's parent
        int childPid = 0;
        int childTgid = 0;
    };

    ForkWatcher()
    {
        m_socket = ::socket(PF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_CONNECTOR);
        if (m_socket < 0)
            return;
        int bufferBytes = 8 << 20;
        ::setsockopt(m_socket, SOL_SOCKET, SO_RCVBUFFORCE, &bufferBytes, sizeof bufferBytes);
        sockaddr_nl address {};
        address.nl_family = AF_NETLINK;
        address.nl_groups = CN_IDX_PROC;
        address.nl_pid = 0;
        if (::bind(m_socket, reinterpret_cast<sockaddr *>(&address), sizeof address) != 0
            || !sendListen(PROC_CN_MCAST_LISTEN)) {
            ::close(m_socket);
            m_socket = -1;
        }
    }
    ~ForkWatcher()
    {
        if (m_socket >= 0) {
            sendListen(PROC_CN_MCAST_IGNORE);
            ::close(m_socket);
        }
    }
    ForkWatcher(const ForkWatcher &) = delete;
    ForkWatcher &operator=(const ForkWatcher &) = delete;

    bool isListening() const { return m_socket >= 0; }
    // The kernel dropped events because the socket buffer was full: what
    // was collected is incomplete.
    bool overflowed() const { return m_overflowed; }

    // Reads what has arrived, waiting up to timeoutMs for the first message.
    void collect(int timeoutMs)
    {
        if (m_socket < 0)
            return;
        alignas(nlmsghdr) char buffer[16384];
        for (;;) {
            pollfd descriptor {m_socket, POLLIN, 0};
            if (::poll(&descriptor, 1, timeoutMs) <= 0)
                return;
            timeoutMs = 0;
            ssize_t got = ::recv(m_socket, buffer, sizeof buffer, 0);
            if (got < 0) {
                if (errno == ENOBUFS)
                    m_overflowed = true;
                if (errno == EINTR || errno == ENOBUFS)
                    continue;
                return;
            }
            auto *header = reinterpret_cast<nlmsghdr *>(buffer);
            for (auto length = static_cast<unsigned>(got); NLMSG_OK(header, length);
                 header = NLMSG_NEXT(header, length)) {
                auto *message = static_cast<cn_msg *>(NLMSG_DATA(header));
                // The connector's payload starts 4 bytes off proc_event's
                // 8-byte alignment: copy it out instead of pointing into it.
                proc_event event {};
                std::memcpy(
                    &event, message->data, std::min<std::size_t>(sizeof event, message->len));
                if (event.what == proc_event::PROC_EVENT_FORK) {
                    m_forks.append({static_cast<int>(event.event_data.fork.parent_tgid),
                        static_cast<int>(event.event_data.fork.child_pid),
                        static_cast<int>(event.event_data.fork.child_tgid)});
                }
            }
        }
    }

    // The processes (not threads) parentPid started. A thread's parent is
    // its process's parent, so threads of a child would look like children.
    QList<int> childrenOf(int parentPid) const
    {
        QList<int> children;
        for (const Fork &fork : m_forks) {
            if (fork.parentPid == parentPid && fork.childPid == fork.childTgid)
                children.append(fork.childPid);
        }
        return children;
    }

private:
    bool sendListen(proc_cn_mcast_op operation)
    {
        alignas(nlmsghdr) char buffer[NLMSG_SPACE(sizeof(cn_msg) + sizeof(proc_cn_mcast_op))] {};
        auto *header = reinterpret_cast<nlmsghdr *>(buffer);
        header->nlmsg_len = NLMSG_LENGTH(sizeof(cn_msg) + sizeof(proc_cn_mcast_op));
        header->nlmsg_type = NLMSG_DONE;
        header->nlmsg_pid = static_cast<__u32>(::getpid());
        auto *message = static_cast<cn_msg *>(NLMSG_DATA(header));
        message->id.idx = CN_IDX_PROC;
        message->id.val = CN_VAL_PROC;
        message->len = sizeof(proc_cn_mcast_op);
        std::memcpy(message->data, &operation, sizeof operation);
        return ::send(m_socket, header, header->nlmsg_len, 0) >= 0;
    }

    int m_socket = -1;
    bool m_overflowed = false;
    QList<Fork> m_forks;
};

} // namespace memtap::test
