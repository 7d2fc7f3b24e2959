"""The office's editor: a web application in which staff change, check, preview and publish content.

    settings    where the editor keeps its things (content, database, keys, feed, fleet)
    database    SQLite: accounts, the audit log, drafts, used form nonces, publishes
    accounts    users, roles and what each role may do; argon2 password hashes; lock-out
    history     every save is a git commit in the editor's own repository of ``content/``
    workspace   reading and saving content files with the validation of ``kiosk validate``
    offerform   an offer's YAML mapping to and from the fields of its form
    textform    the other files: categories, the site's texts, announcements
    problems_de German wording of validation messages
    previews    the kiosk's own ``kiosk preview`` and the phone pages for unpublished content
    publisher   validate, sign with the online keys, write the feed; what changed; which kiosks
    app         the Flask application and its views

The content stays the YAML in ``content/``, the one source of truth that ``kiosk validate`` and
``kiosk publish`` read. The editor imports no Kivy; previews run ``kiosk preview`` in a child
process. It may import kiosk.content, kiosk.feed, kiosk.fleet, kiosk.pages and kiosk.schedule.
"""
