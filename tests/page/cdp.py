"""A small Chrome DevTools Protocol client on the standard library only
(no PyPI, works offline): starts headless Chromium, speaks WebSocket to
its browser endpoint and drives one page through a flattened session."""
import base64
import json
import os
import re
import shutil
import socket
import struct
import subprocess
import tempfile
import time


def find_chromium():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        p = shutil.which(name)
        if p:
            return p
    return None


class WebSocket:
    def __init__(self, url):
        m = re.match(r"ws://([^:/]+):(\d+)(/.*)", url)
        self.sock = socket.create_connection((m.group(1), int(m.group(2))), timeout=60)
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall(("GET %s HTTP/1.1\r\nHost: %s:%s\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                           "Sec-WebSocket-Key: %s\r\nSec-WebSocket-Version: 13\r\n\r\n"
                           % (m.group(3), m.group(1), m.group(2), key)).encode())
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = self.sock.recv(1)
            if not chunk:
                raise IOError("websocket handshake failed")
            head += chunk
        if b" 101 " not in head.split(b"\r\n")[0]:
            raise IOError("websocket handshake refused: %r" % head[:200])
        self.buf = b""

    def send(self, text):
        data = text.encode()
        mask = os.urandom(4)
        n = len(data)
        hdr = bytes([0x81]) + (bytes([0x80 | n]) if n < 126 else
                               bytes([0x80 | 126]) + struct.pack(">H", n) if n < 65536 else
                               bytes([0x80 | 127]) + struct.pack(">Q", n))
        self.sock.sendall(hdr + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(data)))

    def _read(self, n):
        while len(self.buf) < n:
            chunk = self.sock.recv(1 << 20)
            if not chunk:
                raise IOError("websocket closed")
            self.buf += chunk
        out, self.buf = self.buf[:n], self.buf[n:]
        return out

    def recv(self):
        msg = b""
        while True:
            h = self._read(2)
            fin, op, n = h[0] & 0x80, h[0] & 0x0F, h[1] & 0x7F
            if n == 126:
                n = struct.unpack(">H", self._read(2))[0]
            elif n == 127:
                n = struct.unpack(">Q", self._read(8))[0]
            payload = self._read(n)
            if op == 8:
                raise IOError("websocket closed by chromium")
            if op in (0, 1, 2):
                msg += payload
                if fin:
                    return msg.decode("utf-8")


class Browser:
    """One headless Chromium with one page; events are collected in
    self.events so a test can check console errors and requests."""

    def __init__(self, exe, download_dir):
        self.prof = tempfile.mkdtemp(prefix="rd-cdp-")
        self.proc = subprocess.Popen(
            [exe, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--disable-extensions", "--hide-scrollbars", "--remote-debugging-port=0",
             "--user-data-dir=" + self.prof, "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        url = None
        deadline = time.time() + 60
        while time.time() < deadline:
            line = self.proc.stderr.readline().decode("utf-8", "replace")
            if not line and self.proc.poll() is not None:
                break
            m = re.search(r"DevTools listening on (ws://\S+)", line)
            if m:
                url = m.group(1)
                break
        if not url:
            self.close()
            raise IOError("chromium did not start")
        self.ws = WebSocket(url)
        self.next_id = 0
        self.events = []
        self.session = None
        tid = self.call("Target.createTarget", url="about:blank", session=False)["targetId"]
        self.session = self.call("Target.attachToTarget", targetId=tid, flatten=True, session=False)["sessionId"]
        for dom in ("Page", "Runtime", "Network", "Log", "DOM"):
            self.call(dom + ".enable")
        self.call("Browser.setDownloadBehavior", behavior="allow", downloadPath=download_dir,
                  eventsEnabled=True, session=False)

    def call(self, method, session=True, **params):
        self.next_id += 1
        msg = {"id": self.next_id, "method": method, "params": params}
        if session and self.session:
            msg["sessionId"] = self.session
        self.ws.send(json.dumps(msg))
        while True:
            r = json.loads(self.ws.recv())
            if r.get("id") == self.next_id:
                if "error" in r:
                    raise RuntimeError("%s: %s" % (method, r["error"]))
                return r.get("result", {})
            if "method" in r:
                self.events.append(r)

    def pump(self, seconds):
        """Collect events for a while (the page's timers and downloads run)."""
        self.ws.sock.settimeout(0.05)
        end = time.time() + seconds
        while time.time() < end:
            try:
                r = json.loads(self.ws.recv())
                if "method" in r:
                    self.events.append(r)
            except (socket.timeout, BlockingIOError):
                pass
        self.ws.sock.settimeout(60)

    def eval(self, expr):
        r = self.call("Runtime.evaluate", expression=expr, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in r:
            raise RuntimeError("page exception in %s: %s" % (expr[:80], r["exceptionDetails"]))
        return r["result"].get("value")

    def goto(self, url):
        self.call("Page.navigate", url=url)
        self.wait_ready()

    def reload(self):
        self.call("Page.reload", ignoreCache=True)
        self.wait_ready()

    def wait_ready(self):
        for _ in range(200):
            time.sleep(0.05)
            try:
                if self.eval("document.readyState") == "complete" and self.eval("!!window.__rdReady || true"):
                    return
            except RuntimeError:
                pass
        raise IOError("page did not load")

    def key(self, key, code=None, vk=0, text=None):
        base = {"key": key, "code": code or key, "windowsVirtualKeyCode": vk, "nativeVirtualKeyCode": vk}
        down = dict(base, type="keyDown")
        if text:
            down["text"] = text
        self.call("Input.dispatchKeyEvent", **down)
        self.call("Input.dispatchKeyEvent", **dict(base, type="keyUp"))

    def press(self, name):
        table = {"Tab": ("Tab", 9, None), "Enter": ("Enter", 13, "\r"), " ": ("Space", 32, " "),
                 "Escape": ("Escape", 27, None), "ArrowRight": ("ArrowRight", 39, None),
                 "ArrowLeft": ("ArrowLeft", 37, None)}
        if name in table:
            code, vk, text = table[name]
        else:
            code, vk, text = "Key" + name.upper(), ord(name.upper()), name
        self.key(name, code, vk, text)

    def click_at(self, x, y):
        for t in ("mousePressed", "mouseReleased"):
            self.call("Input.dispatchMouseEvent", type=t, x=x, y=y, button="left", clickCount=1)

    def screenshot(self, path):
        data = self.call("Page.captureScreenshot", format="png")["data"]
        with open(path, "wb") as f:
            f.write(base64.b64decode(data))

    def close(self):
        try:
            self.proc.kill()
            self.proc.wait(10)
        finally:
            shutil.rmtree(self.prof, ignore_errors=True)
