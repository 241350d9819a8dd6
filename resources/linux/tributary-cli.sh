#!/bin/sh
# `tributary` on PATH (deb: /usr/bin/tributary links here): the bundled Electron runs the CLI as Node,
# so no Node install is needed and no window or display is involved.
APP_DIR="$(dirname "$(dirname "$(readlink -f "$0")")")"
ELECTRON_RUN_AS_NODE=1 exec "$APP_DIR/tributary-node" "$APP_DIR/resources/app.asar/out/main/cli.js" "$@"
