#!/bin/sh
# QPY Studio talks to modules over serial ports, which belong to the dialout group on Debian/Ubuntu.
echo "QPY Studio: to use USB serial ports without root, run: sudo usermod -aG dialout \$USER (then log in again)."
