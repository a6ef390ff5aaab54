#!/usr/bin/env python3
"""Load generator for bench/smtp-deliver.sh (standard library only).

Submits COUNT messages over SESSIONS parallel SMTP connections to HOST:PORT as fast
as it can: EHLO, optionally AUTH PLAIN (smtplib's login, without TLS: the server
must advertise AUTH on the plain connection), then one transaction per message with
one recipient each, rcpt<N>@<domain>, N = 1..COUNT. Each connection stays open and
sends message after message. Every message has the same shape: a small header block
(From, To, Subject, Date, Message-ID) and a body of SIZE bytes of 7-bit text in lines
of 78 characters plus CRLF.

Exits 0 only when every message was accepted (250 after DATA); otherwise prints the
first errors to stderr and exits 1. Prints one line to stdout:
  sent=<n> seconds=<s> rate=<msg/s>
"""
import argparse
import smtplib
import sys
import threading
import time
from email.utils import formatdate


def body_of(size):
    line = ("The quick brown fox jumps over the lazy dog, again and again, for a benchmark. "
            * 2)[:78] + "\r\n"
    text = (line * (size // len(line) + 1))[:size]
    # End on a line break so that the body is exactly SIZE bytes of whole lines.
    if size >= 2:
        text = text[:-2] + "\r\n"
    return text.encode("ascii")


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--count", type=int, required=True, help="messages to send in all")
    p.add_argument("--sessions", type=int, default=8, help="parallel connections")
    p.add_argument("--size", type=int, default=10240, help="body bytes per message")
    p.add_argument("--sender", required=True, help="envelope sender and From")
    p.add_argument("--domain", required=True, help="recipient domain: rcpt<N>@DOMAIN")
    p.add_argument("--user", help="AUTH PLAIN user (no AUTH when absent)")
    p.add_argument("--password", default="")
    p.add_argument("--helo", default="loader.bench.localhost")
    p.add_argument("--tag", default="bench", help="goes into Subject and Message-ID")
    args = p.parse_args()
    if args.count < 1 or args.sessions < 1 or args.size < 0:
        p.error("count and sessions must be > 0, size >= 0")

    body = body_of(args.size)
    date = formatdate(localtime=False)
    lock = threading.Lock()
    next_n = [1]
    sent = [0]
    errors = []

    def take():
        with lock:
            if errors or next_n[0] > args.count:
                return None
            n = next_n[0]
            next_n[0] += 1
            return n

    def worker(idx):
        try:
            s = smtplib.SMTP(args.host, args.port, local_hostname=args.helo, timeout=300)
            try:
                s.ehlo()
                if args.user:
                    s.login(args.user, args.password)
                while True:
                    n = take()
                    if n is None:
                        break
                    rcpt = "rcpt%d@%s" % (n, args.domain)
                    head = ("From: <%s>\r\nTo: <%s>\r\nSubject: %s message %d\r\nDate: %s\r\n"
                            "Message-ID: <%s.%d@loader.bench.localhost>\r\n\r\n"
                            % (args.sender, rcpt, args.tag, n, date, args.tag, n)).encode("ascii")
                    refused = s.sendmail(args.sender, [rcpt], head + body)
                    if refused:
                        raise smtplib.SMTPRecipientsRefused(refused)
                    with lock:
                        sent[0] += 1
                s.quit()
            finally:
                s.close()
        except Exception as ex:  # noqa: BLE001 - any failure fails the run
            with lock:
                errors.append("session %d: %s: %s" % (idx, type(ex).__name__, ex))

    t0 = time.monotonic()
    threads = [threading.Thread(target=worker, args=(i,), daemon=True) for i in range(args.sessions)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - t0
    print("sent=%d seconds=%.3f rate=%.1f" % (sent[0], elapsed, sent[0] / elapsed if elapsed > 0 else 0.0))
    if errors or sent[0] != args.count:
        for e in errors[:10]:
            print(e, file=sys.stderr)
        print("only %d of %d messages accepted" % (sent[0], args.count), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
