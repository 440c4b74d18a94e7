#!/usr/bin/env python3
"""Every page each role can reach, in headless Chromium at 375 px and 1280 px.

For each demo account it signs in, follows every same-site link from the landing page (breadth first; at most three
pages per route shape, so a list of 2,000 residents is not 2,000 pages) and then opens each page found at both
widths. Fails on an HTTP error for any page or link a role is shown, a console error, or a page wider than the phone.
Screenshots go to OUT_DIR/<role>/<width>-<page>.png for inspection.

usage: crawl_check.py BASE_URL DEMO_OUTPUT OUT_DIR [--pages-per-role N] [--roles a,b]
"""
import argparse, html.parser, json, os, re, sys, urllib.error, urllib.parse, urllib.request

from selenium import webdriver
from selenium.webdriver.chrome.service import Service

# Links that end the session or are not pages: followed for their status only, never opened.
NOT_PAGES = re.compile(r"^/(logout|static/|api/|openapi\.json|metrics)|\.(csv|svg|png|json)$|/export|/paper$")
SKIP = re.compile(r"^/logout")


class Links(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


def fetch(base, path, token):
    req = urllib.request.Request(base + path, headers={"Cookie": "cordon_session=" + token})
    try:
        with urllib.request.urlopen(req, timeout=60) as response:
            return response.status, response.headers.get("Content-Type", ""), response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Content-Type", ""), ""


def shape(path):
    return re.sub(r"\d+", "{n}", path.split("?")[0])


def crawl(base, token, start, limit):
    pages, broken, queue, seen, per_shape, found_on = [], [], [start], {start}, {}, {}
    while queue and len(pages) < limit:
        path = queue.pop(0)
        status, kind, body = fetch(base, path, token)
        if status >= 400:
            broken.append((path, status, found_on.get(path, "-")))
            continue
        if NOT_PAGES.search(path.split("?")[0]) or "text/html" not in kind:
            continue
        pages.append(path)
        parser = Links()
        parser.feed(body)
        for href in parser.hrefs:
            url = urllib.parse.urlparse(urllib.parse.urljoin(base + path, href))
            if url.netloc != urllib.parse.urlparse(base).netloc or url.scheme not in ("http", "https"):
                continue
            target = url.path + ("?" + url.query if url.query else "")
            if target in seen or SKIP.search(target):
                continue
            seen.add(target)
            found_on[target] = path
            if per_shape.get(shape(target), 0) >= 3:
                continue
            per_shape[shape(target)] = per_shape.get(shape(target), 0) + 1
            queue.append(target)
    return pages, broken


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("base")
    parser.add_argument("demo_output")
    parser.add_argument("out_dir")
    parser.add_argument("--pages-per-role", type=int, default=60)
    parser.add_argument("--roles")
    args = parser.parse_args()
    accounts = [line.split()[1:] for line in open(args.demo_output, encoding="utf-8") if line.startswith("account ")]
    if args.roles:
        accounts = [a for a in accounts if a[0] in args.roles.split(",")]
    options = webdriver.ChromeOptions()
    for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--hide-scrollbars"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    options.binary_location = "/usr/bin/chromium"
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    problems, visits, total_pages = [], 0, 0
    try:
        for role, username, password in accounts:
            req = urllib.request.Request(args.base + "/api/v1/session", data=json.dumps({"username": username, "password": password}).encode(),
                                         headers={"Content-Type": "application/json"}, method="POST")
            token = json.load(urllib.request.urlopen(req, timeout=30))["token"]
            landing = urllib.request.urlopen(urllib.request.Request(args.base + "/", headers={"Cookie": "cordon_session=" + token}), timeout=30)
            start = urllib.parse.urlparse(landing.geturl()).path or "/"
            pages, broken = crawl(args.base, token, start, args.pages_per_role)
            problems += ["%s: link to %s on %s answers %d" % (role, path, page, status) for path, status, page in broken]
            total_pages += len(pages)
            driver.get(args.base + "/healthz")
            driver.add_cookie({"name": "cordon_session", "value": token, "path": "/"})
            os.makedirs(os.path.join(args.out_dir, role), exist_ok=True)
            for width, height in ((375, 812), (1280, 900)):
                driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                                       {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600})
                for path in pages:
                    driver.get(args.base + path)
                    visits += 1
                    errors = [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE" and "favicon" not in e["message"]]
                    if errors:
                        problems.append("%s %dpx %s: console %s" % (role, width, path, errors[:2]))
                    scroll = driver.execute_script("return document.documentElement.scrollWidth")
                    if width == 375 and scroll > 375:
                        problems.append("%s 375px %s: %d px wide" % (role, path, scroll))
                    name = re.sub(r"[^A-Za-z0-9]+", "_", path).strip("_") or "home"
                    driver.save_screenshot(os.path.join(args.out_dir, role, "%d-%s.png" % (width, name[:80])))
            print("%-18s %3d pages, %d broken links" % (role, len(pages), len(broken)))
    finally:
        driver.quit()
    print("crawl: %d roles, %d pages, %d page visits at 375 and 1280 px" % (len(accounts), total_pages, visits))
    if problems:
        for problem in problems:
            print("  " + problem)
        print("0 passed, 1 failed")
        sys.exit(1)
    print("1 passed, 0 failed")


if __name__ == "__main__":
    main()
