"""Drives the page of `dfsynth serve` in a real browser (Debian's Chromium through Playwright)
and checks what it downloads with GeoPandas. Run by tests/it/serve_browser.rs:

    python serve_page.py URL OUTDIR EXPECTED_ERROR ON_DIAGONAL

URL is the served page, OUTDIR a directory for the downloads and screenshots, EXPECTED_ERROR
the text SQL gives for `spider('diagonal', 20000, 0, 'percentage=2')`, ON_DIAGONAL the number
of points with x = y that SQL counts in `spider('diagonal', 20000, 0, 'percentage=0.3')`. Exits non-zero with a
message on the first failed check.
"""
import os
import sys

import geopandas
from playwright.sync_api import sync_playwright

url, outdir, expected_error, on_diagonal = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
chromium = os.environ.get("DFSYNTH_CHROMIUM", "/usr/bin/chromium")
TIMEOUT = 60_000


def check(condition, message):
    if not condition:
        raise SystemExit("browser check failed: " + message)


with sync_playwright() as p:
    browser = p.chromium.launch(
        executable_path=chromium,
        args=[
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    )
    page = browser.new_page(accept_downloads=True)
    page.set_default_timeout(TIMEOUT)
    page.goto(url)

    # The first preview: the default uniform dataset.
    page.wait_for_selector("#preview[data-query*=\"spider('uniform'\"]")
    check(page.eval_on_selector("#preview", "i => i.naturalWidth") == 512, "preview is not 512 pixels wide")
    first = page.get_attribute("#preview", "src")

    # Change the distribution and a parameter: the preview, descriptor and SQL follow.
    page.fill("#cardinality", "20000")
    page.select_option("#distribution", "diagonal")
    page.wait_for_selector("#percentage:visible")
    page.fill("#percentage", "0.3")
    page.wait_for_selector("#preview[data-query*=\"percentage=0.3\"]")
    check(page.get_attribute("#preview", "src") != first, "the preview did not change")
    descriptor = page.text_content("#descriptor")
    check(descriptor.startswith("spider('diagonal', 20000, 0, 'percentage=0.3"), "descriptor: " + descriptor)
    equivalent = page.text_content("#equivalent")
    check("SELECT * FROM spider('diagonal', 20000, 0, 'percentage=0.3')" in equivalent, "SQL: " + equivalent)
    check("20,000 rows drawn" in page.text_content("#preview-status"), "status: " + page.text_content("#preview-status"))
    page.screenshot(path=os.path.join(outdir, "page.png"))

    # A bad value: SQL's own message next to its field.
    page.fill("#percentage", "2")
    page.wait_for_function("document.getElementById('err-percentage').textContent.length > 0")
    shown = page.text_content("#err-percentage")
    check(shown == expected_error, f"error next to the field: {shown!r}, expected {expected_error!r}")
    check("invalid" in page.get_attribute("#percentage", "class"), "the field is not marked invalid")
    page.fill("#percentage", "0.3")
    page.wait_for_function("document.getElementById('err-percentage').textContent.length == 0")

    # Downloads, checked with GeoPandas.
    for fmt, name in [("parquet", "diagonal.parquet"), ("geojson", "diagonal.geojson")]:
        page.select_option("#output", fmt)
        with page.expect_download() as info:
            page.click("#download")
        download = info.value
        check(download.suggested_filename == name, "file name: " + download.suggested_filename)
        path = os.path.join(outdir, name)
        download.save_as(path)
        frame = geopandas.read_parquet(path) if fmt == "parquet" else geopandas.read_file(path)
        check(len(frame) == 20000, f"{fmt}: {len(frame)} rows")
        check(set(frame.geometry.geom_type) == {"Point"}, f"{fmt}: {set(frame.geometry.geom_type)}")
        x0, y0, x1, y1 = frame.total_bounds
        check(0 <= x0 and 0 <= y0 and x1 <= 1 and y1 <= 1, f"{fmt}: bounds {frame.total_bounds}")
        # The same points as SQL generates: as many exactly on the diagonal.
        exact = int((frame.geometry.x == frame.geometry.y).sum())
        check(exact == on_diagonal, f"{fmt}: {exact} points on the diagonal, SQL counts {on_diagonal}")
    browser.close()
print("browser checks passed")
