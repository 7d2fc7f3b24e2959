"""The signed content feed: keys, publishing, the kiosk's sync. Imports no Kivy.

Built on The Update Framework (python-tuf): signed metadata with expiry (freeze attacks),
versions (rollback), a snapshot of all metadata (mix-and-match), lengths (endless data)
and hash-prefixed file names (consistent snapshots).
"""
