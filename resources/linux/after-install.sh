#!/bin/sh
# deb after-install: the CLI launcher on PATH as /usr/bin/tributary (the window starts from the desktop entry).
ln -sf '/opt/${sanitizedProductName}/bin/tributary' '/usr/bin/tributary'
chmod 4755 '/opt/${sanitizedProductName}/chrome-sandbox' 2>/dev/null || true
