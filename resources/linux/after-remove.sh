#!/bin/sh
# deb after-remove: the CLI link goes with the package.
if [ -L '/usr/bin/tributary' ]; then rm -f '/usr/bin/tributary'; fi
