"""A real HTTP server with scripted replies, speaking the OpenAI chat-completions protocol
(``POST /v1/chat/completions``, streamed as Server-Sent Events or as one JSON completion) and
Ollama's native chat API (``POST /api/chat``, streamed as NDJSON; ``GET /api/tags`` and
``POST /api/show`` answered minimally).

Tests script what the "model" does next, in order, whichever endpoint is asked::

    server.reply("Anne Louyot parle de l'Ukraine [1].")   # text, sent in several chunks
    server.fail(500)                                        # HTTP error with an OpenAI-style body
    server.delay(3.0)                                       # answer only after 3 s (a timeout)
    server.drop("Anne Louyot", after_chunks=1)              # connection closed mid-stream
    server.cut("Anne Louyot dit", after_chunks=1)           # body ended cleanly, but no end marker
    server.trickle("Anne Louyot dit [1].", interval=0.5)    # one word every 0.5 s

Every request body is recorded (``server.requests``), so tests can read the prompt. A request
with nothing scripted gets HTTP 500 and is counted in ``server.unscripted``.

Streams use HTTP/1.1 chunked transfer encoding, so a dropped connection is a protocol error
the client sees, not a normal end of body.
"""

from __future__ import annotations

import contextlib
import json
import re
import socket
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

ERROR_TYPES = {
    400: ("invalid_request_error", None),
    401: ("invalid_request_error", "invalid_api_key"),
    403: ("permission_error", None),
    404: ("invalid_request_error", "model_not_found"),
    429: ("requests", "rate_limit_exceeded"),
    500: ("server_error", None),
    503: ("server_error", None),
}
ERROR_MESSAGES = {
    401: "Incorrect API key provided: sk-test. You can find your API key at https://example.invalid.",
    429: "Rate limit reached for requests. Please try again in 20s.",
    500: "The server had an error while processing your request. Sorry about that!",
}


def split_reply(text: str, words_per_chunk: int = 3) -> list[str]:
    """The reply cut into chunks of a few words (whitespace kept), as a model streams it."""
    words = re.findall(r"\s*\S+\s*", text) or [text]
    return ["".join(words[i : i + words_per_chunk]) for i in range(0, len(words), words_per_chunk)]


@dataclass(slots=True)
class Action:
    """What the server does for one chat request."""

    kind: str  # "reply" | "fail" | "delay" | "drop" | "cut" | "trickle"
    text: str = ""
    chunks: list[str] = field(default_factory=list)
    status: int = 200
    error_message: str = ""
    seconds: float = 0.0
    after_chunks: int = 0
    interval: float = 0.0  # trickle: seconds between chunks


@dataclass(slots=True)
class Recorded:
    method: str
    path: str
    body: dict[str, Any]
    headers: dict[str, str]
    action: str = ""  # the scripted action's kind, or "unscripted"

    @property
    def messages(self) -> list[dict[str, Any]]:
        return list(self.body.get("messages", []))

    def content(self, role: str) -> str:
        """The text of the (last) message of this role ("system", "user", "assistant")."""
        for m in reversed(self.messages):
            if m.get("role") == role:
                c = m.get("content", "")
                if isinstance(c, list):  # OpenAI content parts
                    return "".join(p.get("text", "") for p in c if isinstance(p, dict))
                return str(c)
        return ""

    @property
    def streamed(self) -> bool:
        return bool(self.body.get("stream"))


class ScriptedLLMServer:
    """The server; start() binds 127.0.0.1 on a free port and serves in a daemon thread."""

    def __init__(self, model: str = "test-model") -> None:
        self.model = model
        self.requests: list[Recorded] = []
        self.unscripted = 0
        self._script: deque[Action] = deque()
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # --- lifecycle ---------------------------------------------------------------------
    def start(self) -> ScriptedLLMServer:
        handler = type("Handler", (_Handler,), {"llm": self})
        self._httpd = _Server(("127.0.0.1", 0), handler)
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, name="scripted-llm", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()  # wakes handlers sleeping in a scripted delay
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> ScriptedLLMServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        assert self._httpd is not None, "server not started"
        return int(self._httpd.server_address[1])

    @property
    def url(self) -> str:
        """Root URL, what Ollama clients take: http://127.0.0.1:PORT"""
        return f"http://127.0.0.1:{self.port}"

    @property
    def base_url(self) -> str:
        """OpenAI-compatible base URL: http://127.0.0.1:PORT/v1"""
        return f"{self.url}/v1"

    # --- script ------------------------------------------------------------------------
    def reply(self, text: str, words_per_chunk: int = 3, chunks: list[str] | None = None) -> None:
        """Answer `text`; streamed in `chunks` if given, else a few words per chunk."""
        if chunks is not None:
            assert "".join(chunks) == text, "chunks must add up to the text"
        self._push(Action("reply", text=text, chunks=chunks or split_reply(text, words_per_chunk)))

    def fail(self, status: int, message: str | None = None) -> None:
        self._push(Action("fail", status=status, error_message=message or ERROR_MESSAGES.get(status, f"HTTP {status}")))

    def delay(self, seconds: float, text: str = "Trop tard [1].") -> None:
        self._push(Action("delay", text=text, chunks=split_reply(text), seconds=seconds))

    def drop(self, text: str, after_chunks: int = 1) -> None:
        """Stream the first `after_chunks` chunks of `text`, then close the connection."""
        self._push(Action("drop", text=text, chunks=split_reply(text), after_chunks=after_chunks))

    def cut(self, text: str, after_chunks: int = 1) -> None:
        """Stream the first `after_chunks` chunks of `text`, then end the body properly but
        without the end marker: no final event with finish_reason, no ``data: [DONE]`` (OpenAI),
        no ``"done": true`` line (Ollama). What a proxy or a crashed worker can leave."""
        self._push(Action("cut", text=text, chunks=split_reply(text), after_chunks=after_chunks))

    def trickle(self, text: str, interval: float, words_per_chunk: int = 1) -> None:
        """Stream `text` a few words at a time, `interval` seconds apart (each read is quick,
        the whole answer is slow)."""
        self._push(Action("trickle", text=text, chunks=split_reply(text, words_per_chunk), interval=interval))

    def _push(self, action: Action) -> None:
        with self._lock:
            self._script.append(action)

    @property
    def pending(self) -> int:
        with self._lock:
            return len(self._script)

    def _next(self) -> Action | None:
        with self._lock:
            return self._script.popleft() if self._script else None

    def chat_requests(self) -> list[Recorded]:
        """Recorded chat calls (OpenAI and Ollama), oldest first."""
        return [r for r in self.requests if r.path.endswith(("/chat/completions", "/api/chat"))]


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        # Clients that give up (timeouts) or close keep-alive connections are expected here.
        import sys

        if not isinstance(sys.exc_info()[1], ConnectionError | TimeoutError):
            super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, and chunked streams
    timeout = 10  # idle keep-alive connections end by themselves
    llm: ScriptedLLMServer

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass

    # --- routing -----------------------------------------------------------------------
    def do_GET(self) -> None:
        path = self.path.split("?")[0]
        self._record("GET", path, {})
        if path == "/api/tags":
            self._json(200, {"models": [_ollama_model_entry(self.llm.model)]})
        elif path == "/api/version":
            self._json(200, {"version": "0.12.0"})
        elif path in ("/v1/models", "/models"):
            self._json(200, {"object": "list", "data": [{"id": self.llm.model, "object": "model", "owned_by": "test"}]})
        else:
            self._json(404, {"error": f"no route {path}"})

    def do_POST(self) -> None:
        path = self.path.split("?")[0]
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        try:
            body = json.loads(raw or b"{}")
        except json.JSONDecodeError:
            body = {"_raw": raw.decode("utf-8", "replace")}
        rec = self._record("POST", path, body)
        if path == "/api/show":
            self._json(200, _ollama_show(self.llm.model))
            return
        if path.endswith("/chat/completions"):
            self._chat(rec, body, ollama=False)
        elif path == "/api/chat":
            self._chat(rec, body, ollama=True)
        else:
            self._json(404, {"error": {"message": f"no route {path}", "type": "invalid_request_error"}})

    def _record(self, method: str, path: str, body: dict[str, Any]) -> Recorded:
        rec = Recorded(method, path, body, {k.lower(): v for k, v in self.headers.items()})
        with self.llm._lock:
            self.llm.requests.append(rec)
        return rec

    # --- chat --------------------------------------------------------------------------
    def _chat(self, rec: Recorded, body: dict[str, Any], ollama: bool) -> None:
        action = self.llm._next()
        if action is None:
            rec.action = "unscripted"
            with self.llm._lock:
                self.llm.unscripted += 1
            self._error(500, "scripted LLM server: no reply scripted for this request", ollama)
            return
        rec.action = action.kind
        model = str(body.get("model") or self.llm.model)
        # Ollama streams unless told not to; OpenAI only when asked.
        stream = body.get("stream", True) if ollama else bool(body.get("stream"))
        if action.kind == "fail":
            self._error(action.status, action.error_message, ollama)
            return
        if action.kind == "delay" and self.llm._stopping.wait(action.seconds):
            return
        try:
            if action.kind == "drop":
                self._stream(action.chunks[: action.after_chunks], model, ollama, dropped=True)
            elif action.kind == "cut":
                self._stream(action.chunks[: action.after_chunks], model, ollama, cut=True)
            elif action.kind == "trickle":
                self._stream(action.chunks, model, ollama, interval=action.interval)
            elif stream:
                self._stream(action.chunks, model, ollama)
            else:
                self._whole(action.text, model, ollama)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (timeout)
            self.close_connection = True

    def _error(self, status: int, message: str, ollama: bool) -> None:
        if ollama:
            self._json(status, {"error": message})
            return
        kind, code = ERROR_TYPES.get(status, ("server_error", None))
        self._json(status, {"error": {"message": message, "type": kind, "param": None, "code": code}})

    def _whole(self, text: str, model: str, ollama: bool) -> None:
        if ollama:
            self._json(200, _ollama_final(model, text))
            return
        self._json(
            200,
            {
                "id": "chatcmpl-scripted",
                "object": "chat.completion",
                "created": int(time.time()),
                "model": model,
                "choices": [
                    {
                        "index": 0,
                        "message": {"role": "assistant", "content": text, "refusal": None},
                        "logprobs": None,
                        "finish_reason": "stop",
                    }
                ],
                "usage": _usage(text),
            },
        )

    def _stream(
        self, chunks: list[str], model: str, ollama: bool, dropped: bool = False, cut: bool = False, interval: float = 0
    ) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/x-ndjson" if ollama else "text/event-stream")
        self.send_header("Cache-Control", "no-cache")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        events = _ollama_events(chunks, model) if ollama else _openai_events(chunks, model)
        if dropped or cut:
            events = events[: len(chunks) + (0 if ollama else 1)]  # no final event, no [DONE]
        for event in events:
            self._send_chunk(event.encode("utf-8"))
            # Separate network reads, as a real model's tokens are (trickle: slow ones).
            if self.llm._stopping.wait(interval or 0.002):
                return
        if dropped:
            # Close without the terminating zero-length chunk: an incomplete body.
            self.close_connection = True
            with contextlib.suppress(OSError):
                self.connection.shutdown(socket.SHUT_RDWR)
            return
        self.wfile.write(b"0\r\n\r\n")
        self.wfile.flush()

    def _send_chunk(self, data: bytes) -> None:
        self.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")
        self.wfile.flush()

    def _json(self, status: int, payload: dict[str, Any]) -> None:
        data = json.dumps(payload).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
        self.wfile.flush()


def _usage(text: str) -> dict[str, int]:
    n = max(1, len(text.split()))
    return {"prompt_tokens": 100, "completion_tokens": n, "total_tokens": 100 + n}


def _openai_events(chunks: list[str], model: str) -> list[str]:
    created = int(time.time())

    def chunk(delta: dict[str, Any], finish: str | None = None) -> str:
        payload = {
            "id": "chatcmpl-scripted",
            "object": "chat.completion.chunk",
            "created": created,
            "model": model,
            "system_fingerprint": None,
            "choices": [{"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish}],
        }
        return f"data: {json.dumps(payload)}\n\n"

    events = [chunk({"role": "assistant", "content": ""})]
    events += [chunk({"content": c}) for c in chunks]
    events.append(chunk({}, "stop"))
    events.append("data: [DONE]\n\n")
    return events


def _ollama_events(chunks: list[str], model: str) -> list[str]:
    now = time.strftime("%Y-%m-%dT%H:%M:%S.000000Z", time.gmtime())
    lines = [
        json.dumps({"model": model, "created_at": now, "message": {"role": "assistant", "content": c}, "done": False})
        + "\n"
        for c in chunks
    ]
    lines.append(json.dumps(_ollama_final(model, "")) + "\n")
    return lines


def _ollama_final(model: str, text: str) -> dict[str, Any]:
    return {
        "model": model,
        "created_at": time.strftime("%Y-%m-%dT%H:%M:%S.000000Z", time.gmtime()),
        "message": {"role": "assistant", "content": text},
        "done": True,
        "done_reason": "stop",
        "total_duration": 1_000_000,
        "load_duration": 10_000,
        "prompt_eval_count": 100,
        "prompt_eval_duration": 100_000,
        "eval_count": max(1, len(text.split())),
        "eval_duration": 500_000,
    }


def _ollama_model_entry(model: str) -> dict[str, Any]:
    return {
        "name": model,
        "model": model,
        "modified_at": "2025-01-01T00:00:00Z",
        "size": 1,
        "digest": "0" * 64,
        "details": {"format": "gguf", "family": "llama", "parameter_size": "8B", "quantization_level": "Q4_0"},
    }


def _ollama_show(model: str) -> dict[str, Any]:
    return {
        "modelfile": f"FROM {model}",
        "parameters": "",
        "template": "{{ .Prompt }}",
        "details": _ollama_model_entry(model)["details"],
        "model_info": {},
        "capabilities": ["completion"],
    }
