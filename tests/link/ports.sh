# layerlab ports: lists what libserialport finds; with no printer plugged
# in it explains the usual causes instead of printing nothing.
. "$LL_HARNESS/lib.sh"

expect_rc 0 "$LAYERLAB" ports
case "$OUT" in
*"usb:"*)
	contains "$OUT" "by-id:"
	contains "$OUT" "profile:"
	;;
*)
	contains "$OUT" "No serial ports with a printer found."
	contains "$OUT" "charge-only cable"
	contains "$OUT" "--port virtual"
	;;
esac
expect_rc 0 "$LAYERLAB" ports --all
# Every port listed is a device that exists.
for p in $(printf '%s\n' "$OUT" | grep '^/dev/'); do
	[ -c "$p" ] || fail "ports listed $p, which is not a character device"
done
expect_rc 2 "$LAYERLAB" ports --bogus
expect_rc 2 "$LAYERLAB" ports extra
contains "$ERR" "unexpected 'extra'"
pass "ports"

# A user outside the dialout group is told how to join it.
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null &&
    getent group dialout >/dev/null &&
    setpriv --reuid=65534 --regid=65534 --clear-groups "$LAYERLAB" --version \
    >/dev/null 2>&1; then
	OUT=$(XDG_CONFIG_HOME=/nonexistent XDG_CONFIG_DIRS=/nonexistent setpriv --reuid=65534 --regid=65534 \
	    --clear-groups "$LAYERLAB" ports 2>&1)
	case "$OUT" in
	*"usb:"*) ;;
	*) contains "$OUT" "sudo adduser \$USER dialout" ;;
	esac
	pass "dialout hint"
fi
