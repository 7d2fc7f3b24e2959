"""Phone pages: what a QR code on the kiosk opens. Static HTML, .ics and .vcf. Imports no Kivy."""
