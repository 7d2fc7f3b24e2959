"""HTTP for the sync: requests with timeouts, counting requests and bytes."""

from __future__ import annotations

from collections.abc import Iterator

import requests
from tuf.api import exceptions
from tuf.ngclient.fetcher import FetcherInterface

CHUNK = 64 * 1024


class CountingFetcher(FetcherInterface):
    """A fetcher for python-tuf's ngclient that counts what it costs.

    ``session`` can be swapped in tests (an injected transport instead of patching).
    """

    def __init__(self, session: requests.Session | None = None, connect_timeout: float = 5.0,
                 read_timeout: float = 10.0):  # fmt: skip
        self.session = session or requests.Session()
        self.session.headers["User-Agent"] = "infopoint-flensburg"
        self.timeout = (connect_timeout, read_timeout)
        self.requests = 0
        self.bytes = 0

    def _fetch(self, url: str) -> Iterator[bytes]:
        self.requests += 1
        try:
            response = self.session.get(url, stream=True, timeout=self.timeout)
        except requests.Timeout as error:
            raise exceptions.SlowRetrievalError(f"no answer in time from {url}") from error
        if response.status_code >= 400:
            response.close()
            raise exceptions.DownloadHTTPError(f"HTTP {response.status_code} for {url}", response.status_code)
        return self._chunks(response, url)

    def _chunks(self, response: requests.Response, url: str) -> Iterator[bytes]:
        try:
            for chunk in response.iter_content(CHUNK):
                self.bytes += len(chunk)
                yield chunk
        except requests.Timeout as error:
            raise exceptions.SlowRetrievalError(f"download stalled: {url}") from error
        except requests.RequestException as error:
            raise exceptions.DownloadError(f"download broke off: {url} ({error})") from error
        finally:
            response.close()
