"""What the chat's server does besides Gradio's own routes: serving the indexed files for
"Open at page", and slowing down password guessing.

Both are plain Starlette pieces handed to Gradio's FastAPI app through `launch(app_kwargs=...)`.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import math
import threading
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import FileResponse, PlainTextResponse, Response
from starlette.routing import Route

from qa.assistant import Assistant
from qa.core.types import Citation
from ui.render import DOC_ROUTE, SERVED_TYPES

logger = logging.getLogger(__name__)

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


# --- "Open at page": the indexed files, read-only ---------------------------------------------
class DocumentFiles:
    """The files of the index, served by digest (the first 16 hex digits of their sha256).

    Only a file the index names, still holding the bytes that were indexed, is served: a URL
    can name nothing else (no paths in URLs), and a file changed since ingest is refused
    rather than shown with pages that no longer match the citations.

    :param assistant: whose index lists the documents.
    """

    def __init__(self, assistant: Assistant) -> None:
        self.assistant = assistant
        self._verified: dict[tuple[str, int, int], str] = {}  # (path, size, mtime) -> sha256
        self._lock = threading.Lock()

    def digest_of(self, citation: Citation) -> str:
        """The digest of the cited passage's file, "" when it is not a file the chat serves."""
        chunk = citation.passage.chunk
        if Path(chunk.source).suffix.lower() not in SERVED_TYPES:
            return ""
        docs = [d for d in self.assistant.index.documents.values() if d.source == chunk.source]
        if len(docs) > 1:  # two folders, one file name: the one holding this passage
            docs = [d for d in docs if any(c.id == chunk.id for c in d.chunks)]
        return docs[0].sha256[:16] if len(docs) == 1 and docs[0].sha256 else ""

    def digest_of_source(self, source: str) -> str:
        """The digest of the indexed file called `source`, "" when none or several are."""
        docs = [d for d in self.assistant.index.documents.values() if d.source == source]
        return docs[0].sha256[:16] if len(docs) == 1 and docs[0].sha256 else ""

    def find(self, digest: str, name: str) -> Path | None:
        """The indexed file with this digest and file name, if it is unchanged on disk."""
        entry = next(
            (
                d
                for d in self.assistant.index.documents.values()
                if d.sha256 and d.sha256[:16] == digest and d.source == name
            ),
            None,
        )
        if entry is None or Path(name).suffix.lower() not in SERVED_TYPES:
            return None
        path = Path(entry.key)
        try:
            st = path.stat()
        except OSError:
            return None
        key = (str(path), st.st_size, st.st_mtime_ns)
        with self._lock:
            sha = self._verified.get(key)
        if sha is None:
            h = hashlib.sha256()
            try:
                with path.open("rb") as f:
                    for block in iter(lambda: f.read(1 << 20), b""):
                        h.update(block)
            except OSError:
                return None
            sha = h.hexdigest()
            with self._lock:
                self._verified[key] = sha
        if sha != entry.sha256:
            logger.warning("%s changed since it was indexed; not serving it", path)
            return None
        return path

    def endpoint(self, request: Request) -> Response:
        if not logged_in(request):
            return PlainTextResponse("Sign in first.", status_code=401)
        digest, name = request.path_params["digest"], request.path_params["name"]
        path = self.find(digest, name)
        if path is None:
            return PlainTextResponse("No such indexed document.", status_code=404)
        media = SERVED_TYPES[path.suffix.lower()]
        return FileResponse(
            path,
            media_type=media + ("; charset=utf-8" if media.startswith("text/") else ""),
            headers={
                "Content-Disposition": f"inline; filename*=UTF-8''{quote(name)}",
                "X-Content-Type-Options": "nosniff",
                "Cache-Control": "private, no-cache",
            },
        )

    def route(self) -> Route:
        return Route(f"/{DOC_ROUTE}/{{digest}}/{{name}}", self.endpoint, methods=["GET", "HEAD"])


def logged_in(request: Request) -> bool:
    """Whether Gradio's login lets this request in (always, when the chat has no password).

    Gradio keeps its login tokens on its app object, named by the cookie it sets; the browser
    tests check that a document is refused before login and served after.
    """
    app = request.app
    if getattr(app, "auth", None) is None and getattr(app, "auth_dependency", None) is None:
        return True
    cookie_id = getattr(app, "cookie_id", "")
    token = request.cookies.get(f"access-token-{cookie_id}") or request.cookies.get(
        f"access-token-unsecure-{cookie_id}"
    )
    return token is not None and token in getattr(app, "tokens", {})


# --- password guessing ---------------------------------------------------------------------
@dataclass
class _Client:
    failures: int = 0
    locked_until: float = 0.0
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)


class LoginThrottle:
    """ASGI middleware slowing down password guessing on Gradio's `POST /login`, per client.

    The first `free_tries` failures cost nothing; each later one locks the client out for
    `first_delay_s`, doubling up to `max_delay_s`. A try during a short lock waits it out (a
    person typing barely notices); during a longer one it is refused at once with HTTP 429 and
    Retry-After. A client's tries run one at a time, so parallel requests gain nothing. A
    successful login clears the client's record.

    Clients are told apart by their address: behind a reverse proxy all users share the proxy's,
    and the throttle then applies to all of them together (safe, but stricter).

    :param app: the ASGI app to protect.
    :param free_tries: failures allowed before any delay (>= 1).
    :param first_delay_s: the first lock-out (> 0); :param max_delay_s: the longest (>= first_delay_s).
    :param max_hold_s: locks up to this long are waited out, longer ones refused (>= 0).
    :param clock: monotonic seconds (tests pass a fake); :param sleep: awaitable sleep (same).
    :raises ValueError: a parameter out of range.
    """

    def __init__(
        self,
        app: ASGIApp,
        free_tries: int = 3,
        first_delay_s: float = 1.0,
        max_delay_s: float = 60.0,
        max_hold_s: float = 10.0,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        max_clients: int = 10_000,
    ) -> None:
        if free_tries < 1:
            raise ValueError(f"free_tries must be at least 1, not {free_tries}")
        if not 0 < first_delay_s <= max_delay_s:
            raise ValueError(
                f"delays must satisfy 0 < first_delay_s <= max_delay_s, not {first_delay_s}, {max_delay_s}"
            )
        if max_hold_s < 0:
            raise ValueError(f"max_hold_s must be >= 0, not {max_hold_s}")
        self.app = app
        self.free_tries = free_tries
        self.first_delay_s = first_delay_s
        self.max_delay_s = max_delay_s
        self.max_hold_s = max_hold_s
        self.clock = clock
        self.sleep = sleep
        self.max_clients = max_clients
        self.clients: OrderedDict[str, _Client] = OrderedDict()

    def delay_after(self, failures: int) -> float:
        """Seconds locked out after `failures` consecutive failures."""
        if failures < self.free_tries:
            return 0.0
        return min(self.max_delay_s, self.first_delay_s * 2 ** (failures - self.free_tries))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = str(scope.get("path", ""))
        if scope["type"] != "http" or scope.get("method") != "POST" or not path.rstrip("/").endswith("/login"):
            await self.app(scope, receive, send)
            return
        host = (scope.get("client") or ("unknown", 0))[0]
        client = self._client(str(host))
        async with client.lock:
            wait = client.locked_until - self.clock()
            if wait > self.max_hold_s:
                logger.warning("login from %s refused: %d failed tries, locked for %.0f s", host, client.failures, wait)
                await _refuse(send, wait)
                return
            if wait > 0:
                await self.sleep(wait)
            status: list[int] = []

            async def watch(message: Message) -> None:
                if message["type"] == "http.response.start":
                    status.append(int(message["status"]))
                await send(message)

            await self.app(scope, receive, watch)
            if status and status[0] < 300:
                client.failures, client.locked_until = 0, 0.0
            elif status and status[0] in (400, 401, 403):
                client.failures += 1
                client.locked_until = self.clock() + self.delay_after(client.failures)
                if client.failures >= self.free_tries:
                    logger.warning("failed login %d from %s", client.failures, host)

    def _client(self, host: str) -> _Client:
        client = self.clients.get(host)
        if client is None:
            client = self.clients[host] = _Client()
            while len(self.clients) > self.max_clients:  # forget the oldest; memory stays bounded
                self.clients.popitem(last=False)
        else:
            self.clients.move_to_end(host)
        return client


async def _refuse(send: Send, wait: float) -> None:
    body = b"Too many failed sign-in attempts; try again later."
    await send(
        {
            "type": "http.response.start",
            "status": 429,
            "headers": [
                (b"content-type", b"text/plain; charset=utf-8"),
                (b"retry-after", str(math.ceil(wait)).encode()),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
