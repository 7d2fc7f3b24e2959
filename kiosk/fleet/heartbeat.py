"""The kiosk's heartbeat: a beat to the fleet server every few minutes, on its own thread.

Nothing here runs on the UI thread and nothing here raises out of its thread: a slow or dead
fleet server costs the kiosk nothing but a log line. Imports no Kivy.
"""

from __future__ import annotations

import json
import logging
import random
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass

import requests

from kiosk.errors import FleetError
from kiosk.fleet.beat import ErrorCounter, LastSync, build_beat, utc_now
from kiosk.fleet.usage import Usage
from kiosk.poller import MAX_BACKOFF, Poller

__all__ = ["MAX_BACKOFF", "BeatResult", "ErrorCounter", "HeartbeatWorker", "LastSync", "failure_reason", "post_beat",
           "send_once"]

log = logging.getLogger("kiosk.fleet")
TIMEOUT = (5.0, 10.0)  # connect, read


@dataclass
class BeatResult:
    ok: bool
    kiosk_id: str
    status: int | None  # the server's HTTP status, None when it did not answer
    error: str | None
    sent_at: str
    seconds: float = 0.0

    def to_json(self) -> str:
        return json.dumps(asdict(self))


def post_beat(url: str, token: str, beat: dict, session: requests.Session | None = None) -> BeatResult:
    """POST one beat to ``{url}/fleet/heartbeat``; never raises for a network or server problem."""
    endpoint = f"{url.rstrip('/')}/fleet/heartbeat"
    started = time.monotonic()
    status, error = None, None
    try:
        response = (session or requests).post(endpoint, json=beat, timeout=TIMEOUT,
                                              headers={"Authorization": f"Bearer {token}"})  # fmt: skip
        status = response.status_code
        if status == 401:
            error = f"the fleet server refused this kiosk's token (HTTP 401) [{endpoint}]"
        elif status != 200:
            error = f"the fleet server answered HTTP {status}: {response.text[:200].strip()} [{endpoint}]"
        response.close()
    except requests.Timeout:
        error = f"no answer in time from the fleet server [{endpoint}]"
    except requests.RequestException as failure:
        error = f"cannot reach the fleet server: {failure_reason(failure)} [{endpoint}]"
    return BeatResult(error is None, beat.get("kiosk_id", ""), status, error, beat.get("sent_at", ""),
                      round(time.monotonic() - started, 3))  # fmt: skip


def failure_reason(failure: BaseException) -> str:
    """The innermost OS-level reason ('Connection refused'), not urllib3's pool repr."""
    seen, current = set(), failure
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, OSError) and current.strerror:
            return current.strerror
        current = getattr(current, "reason", None) or current.__cause__ or current.__context__
        if isinstance(current, str):
            return current
    text = str(failure)
    return text.rsplit(": ", 1)[-1].strip("')\"") if ": " in text else text


def send_once(config, usage: Usage | None = None, last_sync: dict | None = None,
              session: requests.Session | None = None) -> BeatResult:  # fmt: skip
    """One beat from the shell (``kiosk heartbeat --once``). Raises FleetError without a fleet URL."""
    if not config.fleet.url:
        where = f" [{config.source}]" if config.source else ""
        raise FleetError(f"no fleet url in the kiosk config: nowhere to send a heartbeat{where}")
    return post_beat(config.fleet.url, config.fleet.token, build_beat(config, usage, last_sync, in_app=False), session)


class HeartbeatWorker(Poller):
    """Sends a beat every ``config.fleet.interval`` seconds (±20 % jitter, doubled after each failure).

    Each round first saves ``usage`` to disk, so the figures survive a power cut even without
    a fleet server; without ``config.fleet.url`` that is all it does. ``start()`` also puts an
    ErrorCounter on the root logger, so each beat says how many errors were logged since the last.
    """

    def __init__(self, config, usage: Usage | None, last_sync: Callable[[], dict], rng: random.Random | None = None,
                 *, errors: ErrorCounter | None = None, session: requests.Session | None = None,
                 on_result: Callable[[BeatResult], None] | None = None):  # fmt: skip
        super().__init__(config.fleet.interval, "fleet-heartbeat", rng)
        self.config = config
        self.usage = usage
        self.last_sync = last_sync
        self.errors = errors or ErrorCounter()
        self._own_session = session is None
        self.session = session or requests.Session()
        self.on_result = on_result  # called on the worker's thread after each beat (e.g. for an admin panel)
        self.last_result: BeatResult | None = None

    def start(self) -> None:
        if self.errors not in logging.getLogger().handlers:
            logging.getLogger().addHandler(self.errors)
        super().start()

    def stop(self, timeout: float = 5.0) -> None:
        """Stop the thread; it saves the usage figures one last time on its way out."""
        super().stop(timeout)
        logging.getLogger().removeHandler(self.errors)
        if self._own_session and not self._thread.is_alive():
            self.session.close()

    def beat_now(self) -> None:
        self.wake()

    def finish(self) -> None:
        self._save()

    def run_once(self) -> BeatResult | None:
        """Save the usage figures, then send one beat; None when no fleet server is configured."""
        try:
            self._save()
            if not self.config.fleet.url:
                return None
            errors = self.errors.take()
            try:
                beat = build_beat(self.config, self.usage, self.last_sync(), errors)
                result = post_beat(self.config.fleet.url, self.config.fleet.token, beat, self.session)
            except Exception:
                self.errors.give_back(errors)
                raise
            if not result.ok:
                self.errors.give_back(errors)
        except Exception as crash:  # noqa: BLE001 - the heartbeat must survive anything and report it
            log.exception("heartbeat crashed")  # counted, so the next beat that gets through says so
            result = BeatResult(False, self.config.kiosk_id, None, f"heartbeat crashed: {crash}", utc_now())
        if result.error:
            log.warning("heartbeat not delivered: %s", result.error)
        self.failed(result.error is not None)
        self.last_result = result
        if self.on_result is not None:
            try:
                self.on_result(result)
            except Exception:  # noqa: BLE001 - a listener's bug must not stop the heartbeat
                log.exception("heartbeat listener failed")
        return result

    def _save(self) -> None:
        if self.usage is None:
            return
        try:
            self.usage.save()
        except OSError as error:
            log.warning("cannot save usage figures: %s [%s]", error, self.usage.path)
