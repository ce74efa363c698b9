"""A screenshot of the page of `dfsynth serve` for the docs (docs/images/serve-page.png), taken
in Debian's Chromium through Playwright: the parcel distribution drawn as outlines.

    python scripts/serve_screenshot.py URL OUT.png
"""
import os
import sys

from playwright.sync_api import sync_playwright

url, out = sys.argv[1], sys.argv[2]
with sync_playwright() as p:
    browser = p.chromium.launch(
        executable_path=os.environ.get("DFSYNTH_CHROMIUM", "/usr/bin/chromium"),
        args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
              "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    )
    page = browser.new_page(viewport={"width": 1100, "height": 760})
    page.set_default_timeout(60_000)
    page.goto(url)
    page.wait_for_selector("#preview[data-query]")
    page.fill("#cardinality", "2000")
    page.select_option("#distribution", "parcel")
    page.wait_for_selector("#dither:visible")
    page.fill("#dither", "0.3")
    page.select_option("#geometry", "box")
    page.select_option("#image\\.mode", "outline")
    page.wait_for_selector("#preview[data-query*=\"geometry=box dither=0.3\"]")
    page.wait_for_timeout(300)
    page.screenshot(path=out)
    browser.close()
