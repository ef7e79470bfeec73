"""Time per request of ``postc record`` against a plain httpx loop sending the same requests
(issue 20's measure; goal: under 10% overhead).

A loopback server answers N GET requests of a collection built here with a small JSON body
(a list of a few objects, as a list endpoint answers). ``postc record`` runs in process
(``generator.record.run.record``: reading the collection, ordering, resolving each request,
sending it, making its example, writing the file); the baseline is one ``httpx.Client``
sending the same URLs and reading each body. Each is run ``--repeat`` times and the best
time kept; the table gives milliseconds per request. ``--latency`` makes the server take
that long to answer each request, as a real API does (the loopback answers in well under
a millisecond, so the overhead there is postc's own work per request, in full).

    .venv/bin/python bench/record.py [--requests 200 1000] [--latency 0 20] [--repeat 5]
"""

from __future__ import annotations

import argparse
import json
import tempfile
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx

from generator.record.run import Options, record

V21 = "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"
BODY = json.dumps(
    {"items": [{"id": i, "name": f"item {i}", "tags": ["a", "b"], "price": 1.5} for i in range(5)]}
).encode()


class Answer(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as an API behind a load balancer answers
    disable_nagle_algorithm = True  # else headers and body wait 40 ms for a delayed ACK
    latency = 0.0  # seconds the API takes to answer (a real one takes tens of ms)

    def do_GET(self) -> None:
        if self.latency:
            time.sleep(self.latency)
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(BODY)))
        self.end_headers()
        self.wfile.write(BODY)

    def log_message(self, format: str, *args: Any) -> None:
        pass


def collection(base_url: str, requests: int) -> dict[str, Any]:
    """``requests`` GET requests of a list endpoint, one folder of each ten."""
    folders = [
        {
            "name": f"Folder {f}",
            "item": [
                {
                    "name": f"Get {i}",
                    "request": {"method": "GET", "url": f"{{{{baseUrl}}}}/things/{i}?page=1"},
                }
                for i in range(f * 10, min(requests, f * 10 + 10))
            ],
        }
        for f in range((requests + 9) // 10)
    ]
    return {
        "info": {"name": "Bench", "schema": V21},
        "variable": [{"key": "baseUrl", "value": base_url}],
        "item": folders,
    }


def best(run: Callable[[], None], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, nargs="+", default=[200, 1000])
    parser.add_argument("--latency", type=float, nargs="+", default=[0.0], metavar="MS")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    server = ThreadingHTTPServer(("127.0.0.1", 0), Answer)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base_url = f"http://127.0.0.1:{server.server_address[1]}"
    print(
        "| requests | API latency, ms | httpx loop, ms/request | postc record, ms/request ", end=""
    )
    print("| overhead |")
    print("| ---: | ---: | ---: | ---: | ---: |")
    runs = [(requests, latency) for latency in args.latency for requests in args.requests]
    with tempfile.TemporaryDirectory() as directory:
        for requests, latency in runs:
            Answer.latency = latency / 1000
            source = Path(directory) / f"bench-{requests}.json"
            source.write_text(json.dumps(collection(base_url, requests)), encoding="utf-8")
            urls = [f"{base_url}/things/{i}?page=1" for i in range(requests)]

            def plain(urls: list[str] = urls) -> None:
                with httpx.Client() as client:
                    for url in urls:
                        client.get(url).read()

            def recorded(source: Path = source) -> None:
                options = Options(source, output=source.with_suffix(".recorded.json"))
                if record(options, {}, lambda line: None) != 0:
                    raise SystemExit("postc record failed")

            plain_time = best(plain, args.repeat) / requests * 1000
            record_time = best(recorded, args.repeat) / requests * 1000
            overhead = (record_time / plain_time - 1) * 100
            print(
                f"| {requests} | {latency:g} | {plain_time:.3f} | {record_time:.3f} "
                f"| {overhead:+.1f}% |"
            )
    server.shutdown()


if __name__ == "__main__":
    main()
