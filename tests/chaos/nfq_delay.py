#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Delays the packets of one NFQUEUE queue by a random time (the chaos
harness's delay-with-jitter fault; this kernel has no netem qdisc).

    nfq_delay.py QUEUE MIN_S MAX_S [SEED]

Binds queue QUEUE in the current network namespace and gives each queued
packet its ACCEPT verdict MIN_S..MAX_S seconds (uniform) after it arrived,
so packets can overtake each other, as jitter does on a real network. Speaks
nfnetlink_queue directly (no library). Prints "ready" once bound; on SIGTERM
it lets every held packet go at once and exits. An nft rule sends packets
here: `... queue num QUEUE bypass` (bypass: accepted when nobody listens).
"""
import heapq
import os
import random
import select
import signal
import socket
import struct
import sys
import time

NETLINK_NETFILTER = 12
NFNL_SUBSYS_QUEUE = 3
NFQNL_MSG_PACKET, NFQNL_MSG_VERDICT, NFQNL_MSG_CONFIG = 0, 1, 2
NFQA_CFG_CMD, NFQA_CFG_PARAMS = 1, 2
NFQA_PACKET_HDR, NFQA_VERDICT_HDR = 1, 2
NFQNL_CFG_CMD_BIND = 1
NFQNL_COPY_META = 1
NLM_F_REQUEST, NLM_F_ACK = 1, 4
NLMSG_ERROR = 2
NF_ACCEPT = 1


def attr(kind, payload):
    n = 4 + len(payload)
    return struct.pack("=HH", n, kind) + payload + b"\0" * ((4 - n % 4) % 4)


class Queue:
    def __init__(self, num):
        self.num = num
        self.seq = 0
        self.sock = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_NETFILTER)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 20)
        self.sock.bind((0, 0))

    def send(self, msg, body, flags=NLM_F_REQUEST):
        self.seq += 1
        payload = struct.pack("=BBH", socket.AF_UNSPEC, 0, socket.htons(self.num)) + body
        header = struct.pack("=IHHII", 16 + len(payload), (NFNL_SUBSYS_QUEUE << 8) | msg, flags, self.seq, 0)
        self.sock.send(header + payload)

    def config(self, body):
        self.send(NFQNL_MSG_CONFIG, body, NLM_F_REQUEST | NLM_F_ACK)
        data = self.sock.recv(65536)
        _, kind, _, _, _ = struct.unpack_from("=IHHII", data)
        if kind == NLMSG_ERROR:
            (err,) = struct.unpack_from("=i", data, 16)
            if err != 0:
                raise OSError(-err, os.strerror(-err))

    def bind(self):
        self.config(attr(NFQA_CFG_CMD, struct.pack("=BxH", NFQNL_CFG_CMD_BIND, socket.htons(socket.AF_INET))))
        self.config(attr(NFQA_CFG_PARAMS, struct.pack(">IB", 0, NFQNL_COPY_META)))

    def accept(self, packet_id):
        self.send(NFQNL_MSG_VERDICT, attr(NFQA_VERDICT_HDR, struct.pack(">II", NF_ACCEPT, packet_id)))

    def packets(self):
        """The ids of the packets in one read (each netlink message, one packet)."""
        data = self.sock.recv(1 << 16)
        off = 0
        while off + 16 <= len(data):
            length, kind, _, _, _ = struct.unpack_from("=IHHII", data, off)
            if length < 16:
                break
            if kind == (NFNL_SUBSYS_QUEUE << 8) | NFQNL_MSG_PACKET:
                a = off + 20
                while a + 4 <= off + length:
                    alen, atype = struct.unpack_from("=HH", data, a)
                    if alen < 4:
                        break
                    if atype & 0x7FFF == NFQA_PACKET_HDR:
                        yield struct.unpack_from(">I", data, a + 4)[0]
                    a += (alen + 3) & ~3
            off += (length + 3) & ~3


def main():
    if len(sys.argv) < 4:
        print("usage: nfq_delay.py QUEUE MIN_S MAX_S [SEED]", file=sys.stderr)
        return 2
    num, lo, hi = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3])
    rng = random.Random(int(sys.argv[4]) if len(sys.argv) > 4 else None)
    q = Queue(num)
    q.bind()
    held = []  # (due, id)

    class Stop(Exception):
        pass

    def on_term(*_):
        raise Stop()

    signal.signal(signal.SIGTERM, on_term)
    print("ready", flush=True)
    try:
        while True:
            now = time.monotonic()
            while held and held[0][0] <= now:
                q.accept(heapq.heappop(held)[1])
            timeout = max(0.0, held[0][0] - now) if held else 1.0
            ready, _, _ = select.select([q.sock], [], [], timeout)
            if ready:
                arrived = time.monotonic()
                for pid in q.packets():
                    heapq.heappush(held, (arrived + rng.uniform(lo, hi), pid))
    except Stop:
        pass
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    for _, pid in held:
        q.accept(pid)
    return 0


if __name__ == "__main__":
    sys.exit(main())
