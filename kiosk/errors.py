"""The one error tree of the kiosk.

    KioskError                  anything the kiosk reports to a person
     ├── ContentError           content cannot be read at all (missing dir, unreadable file)
     ├── ConfigError            a kiosk config file is missing or wrong
     ├── DisplayError           no screen to show the kiosk on
     ├── FeedError              publishing or syncing the signed feed failed
     │    └── FeedRefused       a kiosk refused what a feed server sent (tampered, stale,
     │                          truncated, unreachable...); its last good content stays
     ├── FleetError             the fleet file, the fleet database or the fleet server cannot be
     │                          used (heartbeats, `kiosk fleet`, `kiosk stats`)
     └── EditorError            the office's editor cannot start or finish a step (its data
                                directory, its history repository, a preview, publishing)

Catch ``KioskError`` at the top (the CLI does) to turn any of them into a one-line message.
Problems *inside* content files are not exceptions: validation collects them as
``kiosk.content.problems.Problem`` so that one bad offer never hides the good ones.
"""

from __future__ import annotations


class KioskError(Exception):
    """Base class: a message meant for a person, naming the file or URL concerned."""


class ContentError(KioskError):
    """The content directory or one of its files cannot be read."""


class ConfigError(KioskError):
    """A kiosk configuration file is missing or invalid."""


class DisplayError(KioskError):
    """There is no display to open a window on."""


class FeedError(KioskError):
    """Publishing or syncing the feed failed; the message names the file or URL."""


class FeedRefused(FeedError):
    """The kiosk refused an update. Nothing on the kiosk changed."""


class FleetError(KioskError):
    """Fleet health or usage figures cannot be read, stored or sent; the message names the file or URL."""


class EditorError(KioskError):
    """The editor cannot use its data directory or history, render a preview or publish."""
