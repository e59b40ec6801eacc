"""Headless Chromium for the page tests: open a page, run JavaScript, click, press keys, wait, screenshot.

Hand-written on purpose: the tests need ten DevTools commands, and Chromium serves them on a pipe
(--remote-debugging-pipe, fds 3 and 4) with no port and no extra package. Playwright or Selenium
would add a package plus a browser or driver download matched to it; this uses Debian's chromium.
POSIX only (fd passing, process groups); live_processes() reads Linux's /proc.

    with open_page(explore(root, tmp_path / "page.html")) as page:
        page.click("#next")
        page.wait_for("document.body.classList.contains('done')")
"""
import base64
import contextlib
import fcntl
import json
import os
import select
import shutil
import signal
import subprocess
import tempfile
import time
import weakref
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run", "--disable-quic", "--disable-extensions", "--no-default-browser-check",
         "--disable-dev-shm-usage", "--hide-scrollbars", "--remote-debugging-pipe")
URL_SCHEMES = ("about:", "data:", "file:", "http:", "https:")  # anything else given to open() is a file path
# Key name (KeyboardEvent.key) -> the Windows virtual key code Chromium also wants; printable characters need none.
KEY_CODES = {"Backspace": 8, "Tab": 9, "Enter": 13, "Escape": 27, "PageUp": 33, "PageDown": 34, "End": 35,
             "Home": 36, "ArrowLeft": 37, "ArrowUp": 38, "ArrowRight": 39, "ArrowDown": 40, "Delete": 46}


def chromium_path() -> str | None:
    """The first Chromium or Chrome on PATH, or None."""
    return next((path for name in BROWSERS if (path := shutil.which(name))), None)


def require_chromium() -> str:
    """chromium_path(), or skip the calling test with the command that installs it."""
    binary = chromium_path()
    if binary is None:
        pytest.skip("no Chromium found (looked for chromium, chromium-browser, google-chrome); "
                    "install Debian's: apt-get install chromium (.ci/run does)")
    return binary


def live_processes(group: int) -> list[str]:
    """The processes of a process group that are still running (zombies aside), as "pid command" lines."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError):  # a process may end while we look
            command, fields = stat.read_text().rsplit(")", 1)
            state, _, process_group = fields.split()[:3]
            if int(process_group) == group and state != "Z":
                found.append(f"{stat.parent.name} {command.split('(', 1)[1]}")
    return found


def _kill_group(process: subprocess.Popen[bytes]) -> None:
    """End the browser and every helper it started: they share the process group made at launch."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=5)
    deadline = time.monotonic() + 5  # SIGKILL is delivered asynchronously: wait until the helpers are gone
    while live_processes(process.pid) and time.monotonic() < deadline:
        time.sleep(0.01)


class Browser:
    """One headless Chromium with one tab, spoken to as NUL-separated JSON over two pipes.

    Every wait has a deadline. close() (or leaving a ``with`` block) always ends the process
    group; if a Browser is dropped unclosed, its processes are killed at garbage collection or exit.
    ``events`` keeps the protocol events received so far (console messages, exceptions, ...).
    """

    def __init__(self, binary: str, workdir: str | os.PathLike[str], size: tuple[int, int] = (1400, 800)) -> None:
        workdir = Path(workdir)
        workdir.mkdir(parents=True, exist_ok=True)
        self.log = workdir / "chromium.log"
        self.events: list[dict[str, Any]] = []
        self._buffer, self._next_id, self._session = b"", 0, None
        self._write, self._read, self.process = self._launch(binary, workdir / "profile", size)
        self._finalizer = weakref.finalize(self, _kill_group, self.process)
        try:
            self._attach(size)
        except BaseException:
            self.close()
            raise

    def _launch(self, binary: str, profile: Path, size: tuple[int, int]) -> tuple[int, int, subprocess.Popen[bytes]]:
        commands, replies = os.pipe(), os.pipe()
        # The browser's ends move above fd 10 first, so the dup2s onto 3 and 4 cannot clobber each other.
        child_in, child_out = (fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10) for fd in (commands[0], replies[1]))
        for fd in (commands[0], replies[1]):
            os.close(fd)
        try:
            with open(self.log, "wb") as log:
                process = subprocess.Popen(  # close_fds=False: it would close 3 and 4 after the preexec_fn
                    [binary, *FLAGS, f"--window-size={size[0]},{size[1]}", f"--user-data-dir={profile}", "about:blank"],
                    stdin=subprocess.DEVNULL, stdout=log, stderr=log, close_fds=False, start_new_session=True,
                    preexec_fn=lambda: (os.dup2(child_in, 3), os.dup2(child_out, 4)))
        except BaseException:
            os.close(commands[1])
            os.close(replies[0])
            raise
        finally:
            os.close(child_in)
            os.close(child_out)
        return commands[1], replies[0], process

    def _attach(self, size: tuple[int, int]) -> None:
        target = self.send("Target.createTarget", url="about:blank")["targetId"]
        self._session = self.send("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        self.send("Runtime.enable")
        width, height = size
        self.send("Emulation.setDeviceMetricsOverride", width=width, height=height, deviceScaleFactor=1, mobile=False)

    def __enter__(self) -> "Browser":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def send(self, method: str, timeout: float = 15.0, **params: Any) -> dict[str, Any]:
        """Send one DevTools command and return its result; events that arrive meanwhile go to ``events``."""
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params}
        if self._session and not method.startswith(("Target.", "Browser.")):
            message["sessionId"] = self._session
        os.write(self._write, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + timeout
        while True:
            reply = self._receive(deadline, method)
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise RuntimeError(f"Chromium refused {method}: {reply['error']}")
                result: dict[str, Any] = reply.get("result", {})
                return result
            self.events.append(reply)

    def _receive(self, deadline: float, method: str) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not select.select([self._read], [], [], remaining)[0]:
                raise TimeoutError(f"Chromium did not answer {method} in time; its log is {self.log}")
            chunk = os.read(self._read, 1 << 20)
            if not chunk:
                raise RuntimeError(f"Chromium closed the pipe during {method} (exit code {self.process.poll()}); "
                                   f"its log is {self.log}")
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        decoded: dict[str, Any] = json.loads(message)
        return decoded

    def open(self, page: str | os.PathLike[str]) -> None:
        """Load a URL, or a local file given as a path, in the tab and wait until it has loaded."""
        url = page if isinstance(page, str) and page.startswith(URL_SCHEMES) else Path(page).resolve().as_uri()
        failure = self.send("Page.navigate", url=url).get("errorText")
        if failure:
            raise RuntimeError(f"Chromium could not open {url}: {failure}")
        self.wait_for(f"document.readyState === 'complete' && location.href === new URL({json.dumps(url)}).href")

    def evaluate(self, expression: str) -> Any:
        """The JSON value of a JavaScript expression in the page (a promise is awaited)."""
        result = self.send("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in result:
            details = result["exceptionDetails"]
            raise RuntimeError(f"{expression!r} raised {details.get('exception', {}).get('description', details)}")
        return result["result"].get("value")

    def wait_for(self, expression: str, timeout: float = 10.0) -> Any:
        """Poll a JavaScript expression until it is truthy and return its value; TimeoutError after ``timeout`` s."""
        deadline = time.monotonic() + timeout
        while not (value := self.evaluate(expression)):
            if time.monotonic() > deadline:
                raise TimeoutError(f"waited {timeout} s for {expression}; it still gives {value!r}")
            time.sleep(0.02)
        return value

    def click(self, selector: str) -> None:
        """A real mouse click in the middle of the first element matching a CSS selector, as a person makes it."""
        middle = self.evaluate(  # a DOMRect has no own properties, so it would arrive as {}: send numbers
            "(e => e && (e.scrollIntoView({block: 'nearest'}), (r => [r.x + r.width / 2, r.y + r.height / 2])"
            f"(e.getBoundingClientRect())))(document.querySelector({json.dumps(selector)}))")
        if middle is None:
            raise LookupError(f"no element in the page matches {selector!r}")
        x, y = middle
        for kind in ("mousePressed", "mouseReleased"):
            self.send("Input.dispatchMouseEvent", type=kind, x=x, y=y, button="left", clickCount=1)

    def press(self, key: str) -> None:
        """Press and release one key, named as KeyboardEvent.key names it: "ArrowLeft", "End", "Enter", "a", " "."""
        if key in KEY_CODES:
            down: dict[str, Any] = {"key": key, "code": key, "windowsVirtualKeyCode": KEY_CODES[key]}
        elif len(key) == 1:
            down = {"key": key, "text": key, "windowsVirtualKeyCode": ord(key.upper())}
        else:
            raise ValueError(f"press takes one character or one of {sorted(KEY_CODES)}; got {key!r}.")
        self.send("Input.dispatchKeyEvent", type="keyDown", **down)
        self.send("Input.dispatchKeyEvent", type="keyUp", **{name: down[name] for name in down if name != "text"})

    def screenshot(self, path: str | os.PathLike[str]) -> Path:
        """Save what the tab shows as a PNG of the window's size; returns the path."""
        path = Path(path)
        path.write_bytes(base64.b64decode(self.send("Page.captureScreenshot", format="png")["data"]))
        return path

    def exceptions(self) -> list[dict[str, Any]]:
        """The uncaught JavaScript exceptions the page has thrown so far (Runtime.exceptionThrown events)."""
        self.evaluate("0")  # a round trip: whatever the page reported before it is now in self.events
        return [event for event in self.events if event.get("method") == "Runtime.exceptionThrown"]

    def close(self) -> None:
        """Ask Chromium to quit, then kill its process group whatever happened; safe to call twice."""
        if not self._finalizer.alive:
            return
        try:
            self.send("Browser.close", timeout=3)
            self.process.wait(timeout=5)
        except Exception:
            pass  # it is killed below either way
        finally:
            self._finalizer()
            os.close(self._write)
            os.close(self._read)


@contextlib.contextmanager
def open_page(page: str | os.PathLike[str], workdir: str | os.PathLike[str] | None = None,
              size: tuple[int, int] = (1400, 800)) -> Iterator[Browser]:
    """A Browser showing ``page`` (a URL or a file path), closed on leaving; skips the test without Chromium.

    The profile and chromium.log go in ``workdir`` (pass pytest's tmp_path to keep the log), else in a
    temporary folder removed afterwards.
    """
    binary = require_chromium()
    with contextlib.ExitStack() as stack:
        if workdir is None:
            workdir = stack.enter_context(tempfile.TemporaryDirectory(prefix="chromium-"))
        browser = stack.enter_context(Browser(binary, workdir, size))
        browser.open(page)
        yield browser
