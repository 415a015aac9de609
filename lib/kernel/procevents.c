// SPDX-License-Identifier: GPL-2.0
/*
 * Netlink process-events connector client (see procevents.h).
 */
#include <errno.h>
#include <linux/cn_proc.h>
#include <linux/connector.h>
#include <linux/netlink.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "core/scope.h"
#include "procevents.h"

int procevents_open(void)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK, .nl_groups = CN_IDX_PROC, .nl_pid = 0 };
	struct {
		struct nlmsghdr nl;
		struct cn_msg cn;
		enum proc_cn_mcast_op op;
	} __attribute__((packed)) msg;
	_cleanup_close_ int fd = -1;
	int rcvbuf = 4 << 20;

	fd = socket(PF_NETLINK, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, NETLINK_CONNECTOR);
	if (fd < 0)
		return -errno;
	(void)setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf, sizeof(rcvbuf));
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0)
		return -errno;
	memset(&msg, 0, sizeof(msg));
	msg.nl.nlmsg_len = sizeof(msg);
	msg.nl.nlmsg_type = NLMSG_DONE;
	msg.nl.nlmsg_pid = (unsigned)getpid();
	msg.cn.id.idx = CN_IDX_PROC;
	msg.cn.id.val = CN_VAL_PROC;
	msg.cn.len = sizeof(enum proc_cn_mcast_op);
	msg.op = PROC_CN_MCAST_LISTEN;
	if (send(fd, &msg, sizeof(msg), 0) < 0)
		return -errno;
	return TAKE_FD(fd);
}

bool procevents_available(void)
{
	int fd = procevents_open();

	if (fd < 0)
		return false;
	close(fd);
	return true;
}

static bool convert(const struct proc_event *p, struct pe_event *e)
{
	memset(e, 0, sizeof(*e));
	e->timestamp_ns = p->timestamp_ns;
	switch (p->what) {
	case PROC_EVENT_FORK:
		e->what = PE_FORK;
		e->pid = p->event_data.fork.child_pid;
		e->tgid = p->event_data.fork.child_tgid;
		e->ppid = p->event_data.fork.parent_pid;
		e->ptgid = p->event_data.fork.parent_tgid;
		return true;
	case PROC_EVENT_EXEC:
		e->what = PE_EXEC;
		e->pid = p->event_data.exec.process_pid;
		e->tgid = p->event_data.exec.process_tgid;
		return true;
	case PROC_EVENT_COMM:
		e->what = PE_COMM;
		e->pid = p->event_data.comm.process_pid;
		e->tgid = p->event_data.comm.process_tgid;
		memcpy(e->comm, p->event_data.comm.comm, sizeof(e->comm));
		e->comm[15] = 0;
		return true;
	case PROC_EVENT_EXIT:
		e->what = PE_EXIT;
		e->pid = p->event_data.exit.process_pid;
		e->tgid = p->event_data.exit.process_tgid;
		e->exit_code = (int)p->event_data.exit.exit_code;
		return true;
	default: return false;
	}
}

int procevents_read(int fd, struct pe_event *ev, size_t max)
{
	char buf[16384] __attribute__((aligned(NLMSG_ALIGNTO)));
	size_t n = 0;

	while (n < max) {
		ssize_t len = recv(fd, buf, sizeof(buf), 0);
		if (len < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN)
				break;
			return n ? (int)n : -errno;
		}
		for (struct nlmsghdr *h = (struct nlmsghdr *)buf; NLMSG_OK(h, (size_t)len);
		     h = NLMSG_NEXT(h, len)) {
			if (h->nlmsg_type == NLMSG_NOOP || h->nlmsg_type == NLMSG_ERROR)
				continue;
			struct cn_msg *cn = NLMSG_DATA(h);
			if (cn->id.idx != CN_IDX_PROC || cn->id.val != CN_VAL_PROC)
				continue;
			if (n < max && convert((struct proc_event *)cn->data, &ev[n]))
				n++;
		}
	}
	return (int)n;
}
