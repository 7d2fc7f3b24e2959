"""Fleet health (heartbeats, the fleet server's registry) and usage figures. Imports no Kivy.

    usage.py      what visitors did, counted per day on the kiosk (no personal data)
    beat.py       what one heartbeat says, and the check the server applies to it
    heartbeat.py  the kiosk's background sender (HeartbeatWorker, send_once)
    fleetfile.py  the server's fleet file: kiosk ids, token hashes, thresholds
    registry.py   the server's SQLite database of beats and usage
    status.py     ok / stale / unsynced / errors, and the table `kiosk fleet` prints
    endpoint.py   the HTTP side added to `kiosk serve --fleet`
    report.py     `kiosk stats`: the office's HTML report (charts.py draws its PNGs)
"""
