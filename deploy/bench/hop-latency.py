#!/usr/bin/env python3
"""Per-hop latency of the load client's binary frames, from a loopback capture.

The load tool's binary frames start with the client's send time (System.nanoTime, CLOCK_MONOTONIC) and the frame's
number, and every relay passes them on unchanged (masked on the way in, with the key in the frame's header). So one
capture of the loopback interface holds each frame up to four times: client -> relay, relay -> pod, pod -> relay,
relay -> client (twice for a direct connection). This script reassembles each TCP flow, parses its WebSocket frames,
and prints per hop the latency percentiles, and for the frames in the round trip's tail which hop made them late.

  tcpdump -i lo -s 0 -B 65536 --time-stamp-precision=nano -w /dev/shm/cap.pcap 'tcp port 18081 or tcp port 18090'
  deploy/bench/hop-latency.py /dev/shm/cap.pcap --relay-port 18081 --pod-port 18090 [--stalls 5]

Capture times are CLOCK_REALTIME; the send time is CLOCK_MONOTONIC. Their offset is taken as the smallest difference
seen between a frame's send time and its first appearance on the wire, so the client's own send hop is relative to
its fastest frame, not absolute.
"""
import argparse
import bisect
import struct
import sys


def packets(path):
    """Yields (time_ns, src_port, dst_port, seq, payload) for each TCP segment with data in a pcap file."""
    with open(path, "rb") as f:
        data = f.read()
    magic = struct.unpack_from("<I", data, 0)[0]
    if magic == 0xA1B23C4D:
        scale = 1
    elif magic == 0xA1B2C3D4:
        scale = 1000
    else:
        sys.exit("not a little-endian pcap file")
    link = struct.unpack_from("<I", data, 20)[0]
    link_header = {1: 14, 113: 16, 276: 20, 0: 4}.get(link)
    if link_header is None:
        sys.exit(f"unsupported link type {link}")
    pos = 24
    end = len(data)
    while pos + 16 <= end:
        sec, frac, caplen, _ = struct.unpack_from("<IIII", data, pos)
        pos += 16
        ip = pos + link_header
        pos += caplen
        if (data[ip] >> 4) != 4:
            continue
        ihl = (data[ip] & 0x0F) * 4
        total = struct.unpack_from(">H", data, ip + 2)[0]
        tcp = ip + ihl
        sport, dport, seq = struct.unpack_from(">HHI", data, tcp)
        offset = (data[tcp + 12] >> 4) * 4
        start = tcp + offset
        stop = min(ip + total, pos)
        if stop > start:
            yield sec * 1_000_000_000 + frac * scale, sport, dport, seq, data[start:stop]


class Flow:
    """One direction of one TCP connection: its bytes in order and the WebSocket frames parsed from them."""

    def __init__(self):
        self.next_seq = None
        self.buf = bytearray()
        self.base = 0  # stream offset of buf[0]
        self.starts = []  # stream offset where each kept segment starts
        self.stamps = []  # its capture time

    def add(self, time_ns, seq, payload, out):
        if self.next_seq is not None:
            gap = (seq - self.next_seq) & 0xFFFFFFFF
            if gap >= 0x80000000:  # a retransmission overlapping what we have
                skip = (self.next_seq - seq) & 0xFFFFFFFF
                if skip >= len(payload):
                    return
                payload = payload[skip:]
            elif gap:  # bytes missing from the capture
                self.lose_track()
        if self.next_seq is None and not starts_frames(payload):
            return  # the capture began in the middle of this flow: wait for a segment that starts a frame
        self.starts.append(self.base + len(self.buf))
        self.stamps.append(time_ns)
        self.buf += payload
        self.next_seq = (seq + len(payload)) & 0xFFFFFFFF
        self.parse(out)

    def lose_track(self):
        """Forgets the buffered bytes: parsing resumes at the next segment that starts with a frame."""
        self.next_seq = None
        self.base += len(self.buf)
        self.buf.clear()
        self.starts.clear()
        self.stamps.clear()

    def time_at(self, offset):
        """The capture time of the segment that carried stream byte `offset`."""
        return self.stamps[max(0, bisect.bisect_right(self.starts, offset) - 1)]

    def parse(self, out):
        buf = self.buf
        pos = 0
        while True:
            parsed = frame_head(buf, pos)
            if parsed is None:  # no frame where one should start
                self.lose_track()
                return
            head, length = parsed
            if head == 0 or len(buf) - pos < head + length:
                break
            if (buf[pos] & 0x0F) == 2 and length >= 16:
                body = bytes(buf[pos + head:pos + head + 16])
                if buf[pos + 1] & 0x80:
                    key = buf[pos + head - 4:pos + head]
                    body = bytes(b ^ key[i % 4] for i, b in enumerate(body))
                sent, index = struct.unpack(">qq", body)
                out.append(((sent, index), self.time_at(self.base + pos + head + 15)))
            pos += head + length
        if pos:
            del buf[:pos]
            self.base += pos
            keep = max(0, bisect.bisect_right(self.starts, self.base) - 1)
            del self.starts[:keep]
            del self.stamps[:keep]


def frame_head(buf, pos):
    """(header length, payload length) of a plausible WebSocket frame at `pos`, None when implausible, or
    (0, 0) when the buffer ends inside the header."""
    if len(buf) - pos < 2:
        return (0, 0)
    b0, b1 = buf[pos], buf[pos + 1]
    if b0 & 0x70 or (b0 & 0x0F) not in (0, 1, 2, 8, 9, 10):
        return None
    length = b1 & 0x7F
    head = 2
    if length == 126:
        if len(buf) - pos < 4:
            return (0, 0)
        length = struct.unpack_from(">H", buf, pos + 2)[0]
        head = 4
    elif length == 127:
        return None  # the load tool never sends frames that large
    return (head + (4 if b1 & 0x80 else 0), length)


def starts_frames(payload):
    """Whether a segment reads as whole frames from its first byte (at most the last one cut short)."""
    pos = 0
    frames = 0
    while pos < len(payload):
        parsed = frame_head(payload, pos)
        if parsed is None:
            return False
        head, length = parsed
        if head == 0:
            break
        pos += head + length
        frames += 1
    return frames > 0


def percentile(sorted_values, q):
    if not sorted_values:
        return float("nan")
    return sorted_values[min(len(sorted_values) - 1, max(0, int(q * len(sorted_values) + 0.5) - 1))]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("pcap")
    ap.add_argument("--relay-port", type=int, help="the relay's port (omit for a direct connection)")
    ap.add_argument("--pod-port", type=int, required=True)
    ap.add_argument("--stalls", type=float, metavar="MS",
                    help="also list the 100 ms windows where a relay hop took longer than MS (relay captures only)")
    ap.add_argument("--skip", type=float, default=1.0,
                    help="seconds at the capture's start to leave out (starting tcpdump stalls the machine briefly)")
    args = ap.parse_args()

    flows = {}
    hops = {"in": [], "to_pod": [], "from_pod": [], "out": []}
    for time_ns, sport, dport, seq, payload in packets(args.pcap):
        if args.relay_port and dport == args.relay_port:
            kind = "in"
        elif dport == args.pod_port:
            kind = "to_pod"
        elif sport == args.pod_port:
            kind = "from_pod"
        elif args.relay_port and sport == args.relay_port:
            kind = "out"
        else:
            continue
        key = (sport, dport)
        flow = flows.get(key)
        if flow is None:
            flow = flows[key] = Flow()
        flow.add(time_ns, seq, payload, hops[kind])

    seen = {}
    for kind, items in hops.items():
        for frame, t in items:
            seen.setdefault(frame, {}).setdefault(kind, t)
    order = ["in", "to_pod", "from_pod", "out"] if args.relay_port else ["to_pod", "from_pod"]
    first = min(t for times in seen.values() for t in times.values())
    complete = [(frame, times) for frame, times in seen.items()
                if all(k in times for k in order) and times[order[0]] - first >= args.skip * 1e9]
    if not complete:
        sys.exit("no frame seen on every hop")
    offset = min(times[order[0]] - frame[0] for frame, times in complete)
    names = {"in": "client -> relay", "to_pod": "relay -> pod" if args.relay_port else "client -> pod",
             "from_pod": "pod -> relay" if args.relay_port else "pod -> client", "out": "relay -> client"}
    labels = ["client send"] + [f"{names[a]} .. {names[b]}" for a, b in zip(order, order[1:])] + ["wire total"]

    rows = []
    for frame, times in complete:
        stamps = [frame[0] + offset] + [times[k] for k in order]
        parts = [(b - a) / 1e6 for a, b in zip(stamps, stamps[1:])]
        rows.append(parts + [(stamps[-1] - stamps[0]) / 1e6])
    print(f"{len(complete)} frames seen on every hop ({sum(len(v) for v in hops.values())} frame sightings)")
    print(f"{'hop (ms)':<40} {'p50':>8} {'p99':>8} {'p99.9':>8} {'max':>8}")
    for i, label in enumerate(labels):
        col = sorted(r[i] for r in rows)
        print(f"{label:<40} {percentile(col, .5):8.3f} {percentile(col, .99):8.3f} {percentile(col, .999):8.3f} {col[-1]:8.3f}")
    rows.sort(key=lambda r: r[-1])
    tail = rows[int(len(rows) * 0.99):]
    print(f"frames in the wire total's top 1 % ({len(tail)}): mean ms per hop")
    for i, label in enumerate(labels):
        print(f"  {label:<38} {sum(r[i] for r in tail) / len(tail):8.3f}")
    if args.stalls and args.relay_port:
        print_stalls(complete, first, args.stalls)


def print_stalls(complete, first, threshold_ms):
    """The 100 ms windows (by arrival at the relay) where the slowest frame through either relay hop exceeded the
    threshold: a stall of the relay itself shows in both directions at once."""
    windows = {}
    for _, times in complete:
        w = windows.setdefault(int((times["in"] - first) / 1e8), [0.0, 0.0])
        w[0] = max(w[0], (times["to_pod"] - times["in"]) / 1e6)
        v = windows.setdefault(int((times["from_pod"] - first) / 1e8), [0.0, 0.0])
        v[1] = max(v[1], (times["out"] - times["from_pod"]) / 1e6)
    print(f"100 ms windows with a relay hop over {threshold_ms} ms (max client -> pod side / pod -> client side):")
    for index in sorted(windows):
        inbound, outbound = windows[index]
        if max(inbound, outbound) > threshold_ms:
            print(f"  {index / 10:6.1f} s  {inbound:7.1f}  {outbound:7.1f}")


if __name__ == "__main__":
    main()
