#!/usr/bin/python3
"""smtp_server.py — a real SMTP server on loopback (Debian's python3-aiosmtpd)
playing the email provider for tests/http/notify.test.mjs.

It deduplicates on the Message-ID header, as relays and mailbox providers do
with a repeated message: the first copy is stored, a repeat is answered
"250 already accepted" and only logged. Storage, under --dir:

  mail/<key>.eml    the message as received (key: the Message-ID, sanitized)
  mail/<key>.json   its envelope: {"mail_from", "rcpt_tos", "message_id"}
  events.log        one line per DATA: "new <key>" or "dup <key>", and
                    "hang <key>" when it starts to hang (see below)

Behaviour read from <dir>/control.json before each message (optional):
  {"reply": "451 4.3.0 Try again later"}  refuse, store nothing
  {"delay_ms": 100}                       store, then wait before answering
  {"hang_at": 10, "hang_ms": 20000}       store the 10th new message, log
                                          "hang <key>", then wait hang_ms
                                          (a provider that accepted but
                                          whose answer never arrives)

Usage: smtp_server.py --port N --dir DIR [--cert PEM --key PEM]
         [--starttls-required] [--implicit-tls] [--auth user:password]
Prints "ready <port>" once listening; stops on SIGTERM/SIGINT.
"""
import argparse
import asyncio
import json
import os
import re
import signal
import ssl
import sys
import threading
import time
from email.parser import BytesHeaderParser

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

LOCK = threading.Lock()


def control(directory):
    try:
        with open(os.path.join(directory, "control.json"), encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError):
        return {}


def log_event(directory, line):
    with open(os.path.join(directory, "events.log"), "a", encoding="utf-8") as f:
        f.write(line + "\n")


class Handler:
    def __init__(self, directory):
        self.dir = directory
        self.mail = os.path.join(directory, "mail")
        os.makedirs(self.mail, exist_ok=True)
        self.new_count = 0

    async def handle_DATA(self, server, session, envelope):
        ctl = control(self.dir)
        if ctl.get("reply"):
            return ctl["reply"]
        headers = BytesHeaderParser().parsebytes(envelope.original_content or envelope.content)
        mid = (headers.get("Message-ID") or "").strip()
        if not mid:
            return "550 5.6.0 A Message-ID is required"
        key = re.sub(r"[^A-Za-z0-9@._-]", "_", mid.strip("<>"))[:200]
        path = os.path.join(self.mail, key + ".eml")
        with LOCK:
            if os.path.exists(path):
                log_event(self.dir, "dup " + key)
                return "250 2.0.0 Already accepted " + key
            tmp = path + ".tmp"
            with open(tmp, "wb") as f:
                f.write(envelope.original_content or envelope.content)
            with open(os.path.join(self.mail, key + ".json"), "w", encoding="utf-8") as f:
                json.dump({"mail_from": envelope.mail_from, "rcpt_tos": envelope.rcpt_tos,
                           "message_id": mid}, f)
            os.replace(tmp, path)
            log_event(self.dir, "new " + key)
            self.new_count += 1
            n = self.new_count
        if ctl.get("hang_at") and n == int(ctl["hang_at"]):
            log_event(self.dir, "hang " + key)
            await asyncio.sleep(int(ctl.get("hang_ms", 20000)) / 1000)
        elif ctl.get("delay_ms"):
            await asyncio.sleep(int(ctl["delay_ms"]) / 1000)
        return "250 2.0.0 Ok: queued as " + key


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--dir", required=True)
    ap.add_argument("--cert")
    ap.add_argument("--key")
    ap.add_argument("--starttls-required", action="store_true")
    ap.add_argument("--implicit-tls", action="store_true")
    ap.add_argument("--auth")
    args = ap.parse_args()
    os.makedirs(args.dir, exist_ok=True)

    kwargs = {}
    tls = None
    if args.cert:
        tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        tls.load_cert_chain(args.cert, args.key)
    if tls and args.implicit_tls:
        kwargs["ssl_context"] = tls
    elif tls:
        kwargs["tls_context"] = tls
        kwargs["require_starttls"] = args.starttls_required
    if args.auth:
        user, password = args.auth.split(":", 1)

        def authenticator(server, session, envelope, mechanism, auth_data):
            ok = isinstance(auth_data, LoginPassword) and \
                auth_data.login.decode() == user and auth_data.password.decode() == password
            return AuthResult(success=ok)

        kwargs["authenticator"] = authenticator
        kwargs["auth_required"] = True
        kwargs["auth_require_tls"] = tls is not None

    controller = Controller(Handler(args.dir), hostname="127.0.0.1", port=args.port,
                            server_hostname="127.0.0.1", **kwargs)
    if args.implicit_tls:
        # The readiness probe of aiosmtpd 1.4 speaks plain TCP; with implicit
        # TLS it would fail: trust our own certificate for it.
        controller.ssl_context = tls
    controller.start()
    print("ready %d" % args.port, flush=True)
    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    signal.signal(signal.SIGINT, lambda *_: done.set())
    while not done.wait(0.5):
        pass
    controller.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
