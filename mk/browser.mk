# Headless browser for the web-explorer tests (tests marked `browser`).
# Debian's chromium is used instead of Playwright's downloaded browsers so the
# tests run offline; Playwright drives it via executable_path=/usr/bin/chromium.
# Installs only when missing, so `make browser` is cheap to repeat.
.PHONY: browser
browser:
	@if [ -x /usr/bin/chromium ]; then \
		echo "chromium already installed: /usr/bin/chromium"; \
	else \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update && $$SUDO apt-get install -y chromium; \
	fi
