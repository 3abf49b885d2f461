#include "CSocketDiag.h"

#include <errno.h>

#ifdef __linux__
#include <arpa/inet.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/// TCP's TIME_WAIT and NEW_SYN_RECV states (include/net/tcp_states.h, not in the uapi headers):
/// a lookup may find such a remnant, which the kernel reports with uid 0.
enum { CSM_TCP_TIME_WAIT = 6, CSM_TCP_NEW_SYN_RECV = 12 };

int csm_tcp_socket_owner(
    int family, const uint8_t *src, uint16_t sport, const uint8_t *dst, uint16_t dport, uint32_t *uid) {
    size_t addressLength = family == AF_INET ? 4 : family == AF_INET6 ? 16 : 0;
    if (addressLength == 0) {
        return -EAFNOSUPPORT;
    }
    struct {
        struct nlmsghdr header;
        struct inet_diag_req_v2 request;
    } message;
    memset(&message, 0, sizeof message);
    message.header.nlmsg_len = sizeof message;
    message.header.nlmsg_type = SOCK_DIAG_BY_FAMILY;
    message.header.nlmsg_flags = NLM_F_REQUEST;  // no NLM_F_DUMP: one exact socket
    message.header.nlmsg_seq = 1;
    message.request.sdiag_family = (uint8_t)family;
    message.request.sdiag_protocol = IPPROTO_TCP;
    message.request.idiag_states = ~0U;
    message.request.id.idiag_sport = htons(sport);
    message.request.id.idiag_dport = htons(dport);
    memcpy(message.request.id.idiag_src, src, addressLength);
    memcpy(message.request.id.idiag_dst, dst, addressLength);
    message.request.id.idiag_cookie[0] = INET_DIAG_NOCOOKIE;
    message.request.id.idiag_cookie[1] = INET_DIAG_NOCOOKIE;

    int fd = socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
    if (fd < 0) {
        return -errno;
    }
    struct sockaddr_nl kernel = {.nl_family = AF_NETLINK};
    if (sendto(fd, &message, sizeof message, 0, (struct sockaddr *)&kernel, sizeof kernel) < 0) {
        int error = errno;
        close(fd);
        return -error;
    }
    // The answer is queued before sendto returns; MSG_DONTWAIT keeps an event loop from ever
    // waiting here. Aligned for struct nlmsghdr.
    union {
        struct nlmsghdr header;
        char bytes[8192];
    } answer;
    ssize_t length = recv(fd, &answer, sizeof answer, MSG_DONTWAIT);
    int error = errno;
    close(fd);
    if (length < 0) {
        return -error;
    }
    const struct nlmsghdr *reply = &answer.header;
    if (!NLMSG_OK(reply, (size_t)length) || reply->nlmsg_seq != message.header.nlmsg_seq) {
        return -EBADMSG;
    }
    if (reply->nlmsg_type == NLMSG_ERROR) {
        if (reply->nlmsg_len < NLMSG_LENGTH(sizeof(struct nlmsgerr))) {
            return -EBADMSG;
        }
        const struct nlmsgerr *failure = NLMSG_DATA(reply);
        return failure->error < 0 ? failure->error : -EBADMSG;
    }
    if (reply->nlmsg_type != SOCK_DIAG_BY_FAMILY || reply->nlmsg_len < NLMSG_LENGTH(sizeof(struct inet_diag_msg))) {
        return -EBADMSG;
    }
    const struct inet_diag_msg *socketInfo = NLMSG_DATA(reply);
    if (socketInfo->id.idiag_sport != message.request.id.idiag_sport
        || socketInfo->id.idiag_dport != message.request.id.idiag_dport) {
        return -EBADMSG;
    }
    if (socketInfo->idiag_state == CSM_TCP_TIME_WAIT || socketInfo->idiag_state == CSM_TCP_NEW_SYN_RECV) {
        return -ENOENT;
    }
    *uid = socketInfo->idiag_uid;
    return 0;
}

#else

int csm_tcp_socket_owner(
    int family, const uint8_t *src, uint16_t sport, const uint8_t *dst, uint16_t dport, uint32_t *uid) {
    (void)family;
    (void)src;
    (void)sport;
    (void)dst;
    (void)dport;
    (void)uid;
    return -ENOSYS;
}

#endif
