"""Walks the demo city in headless Chromium on a 375 px phone screen, one role after another, through the screening
chain end to end: the commander's pages, a grid worker's lists and a resident, a sampler filling and sending a tube,
the lab receiving it and uploading its result, and the public site list. Fails on a missing element, an HTTP error
page, a console error or a page wider than the phone. Screenshots go to the directory given.

usage: ui_check.py BASE_URL DEMO_OUTPUT SCREENSHOT_DIR
"""
import io
import os
import sys
import tempfile
import time
import urllib.parse
import urllib.request

import zxingcpp
from PIL import Image
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import Select, WebDriverWait

base, accounts_file, shots = sys.argv[1], sys.argv[2], sys.argv[3]
os.makedirs(shots, exist_ok=True)
accounts = {}
for line in open(accounts_file, encoding="utf-8"):
    parts = line.split()
    if len(parts) == 4 and parts[0] == "account":
        accounts[parts[1]] = (parts[2], parts[3])

options = webdriver.ChromeOptions()
for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage"):
    options.add_argument(flag)
# A phone-sized viewport: desktop windows cannot be made this narrow.
options.add_experimental_option("mobileEmulation", {"deviceMetrics": {"width": 375, "height": 812, "pixelRatio": 2}})
options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
options.binary_location = "/usr/bin/chromium"
driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
wait = WebDriverWait(driver, 20)
checked = []


def find(selector):
    return wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, selector)))


def page(path, selector, name):
    """Opens a page, waits for an element, checks it fits the phone and logged nothing bad, keeps a screenshot."""
    if path:
        driver.get(base + path)
    try:
        element = find(selector)
    except Exception:
        print("missing", selector, "on", driver.current_url, driver.page_source[:1500])
        raise
    width = driver.execute_script("return document.documentElement.scrollWidth")
    assert width <= 375, f"{name} overflows a 375 px screen: {width}px"
    errors = [e for e in driver.get_log("browser") if e["level"] == "SEVERE" and "favicon" not in e["message"]]
    assert not errors, f"{name}: console errors {errors}"
    driver.save_screenshot(os.path.join(shots, f"{len(checked) + 1:02d}-{name}.png"))
    checked.append(name)
    return element


def login(role):
    username, password = accounts[role]
    driver.delete_all_cookies()
    driver.get(base + "/login")
    form = find("#login-form")
    form.find_element(By.NAME, "username").send_keys(username)
    form.find_element(By.NAME, "password").send_keys(password)
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    if role in ("commander", "district_officer"):
        # Those who command land on the live dashboard.
        page(None, "#dashboard-title", f"{role}-landing")
        driver.get(base + "/")
    page(None, "#home-title", f"{role}-home")


try:
    assert urllib.request.urlopen(base + "/login").status == 200, "login page status"

    login("commander")
    total = driver.find_element(By.ID, "resident-total").text
    assert int(total) > 0, "resident total on home page"
    # The command centre's dashboard of the demo outbreak, then one district by clicking down.
    page("/dashboard", "#figures #fig-rt", "dashboard")
    assert driver.find_elements(By.CSS_SELECTOR, "#curve svg rect.confirmed"), "the epidemic curve has cases"
    driver.find_element(By.CSS_SELECTOR, "#children a").click()
    page(None, "#dashboard-title", "dashboard-district")
    driver.find_element(By.ID, "bulletin-link").click()
    assert "本土确诊病例" in page(None, "#bulletin p", "bulletin").text
    # The headquarters: emergency mode, the draft version and its preview, directives below (one overdue), supervision.
    assert "应急处置" in page("/policy", "#mode", "policy").text
    driver.find_element(By.XPATH, "//ul[@id='presets']//a[contains(., '草案')]").click()
    page(None, "#parameters input", "policy-version")
    driver.find_element(By.CSS_SELECTOR, "#preview-form button").click()
    page(None, "#rescheduled", "policy-preview")
    page("/tasks", "#overseen li", "tasks-commander")
    assert driver.find_elements(By.CSS_SELECTOR, "#overseen li.overdue"), "an overdue directive shows up the chain"
    page("/supervision", "#inspections li", "supervision")
    page("/areas", "#children", "areas")
    page("/screening", "#rounds a", "screening").click()
    page(None, "#coverage", "coverage")
    rows = driver.find_elements(By.CSS_SELECTOR, "#coverage tbody tr")
    assert len(rows) >= 9, f"coverage rows: {len(rows)}"
    round_url = driver.current_url
    driver.find_element(By.ID, "turnaround-link").click()
    page(None, "#labs tbody tr", "turnaround")
    page("/screening/overdue", "#overdue-tubes tbody tr", "overdue")
    page("/screening/sites", "#sites tbody tr", "sites")

    # The grid worker: people due a routine test, those not yet sampled, and one resident's record in full.
    login("grid_worker")
    page("/tasks", "#directives li", "tasks-grid")
    page("/screening/routine", "#routine li a", "routine").click()
    page(None, "#testing", "resident")
    id_number = driver.find_element(By.ID, "id-number").text.strip()
    assert "*" not in id_number and len(id_number) == 18, f"a grid worker sees the full ID number: {id_number}"
    round_id = round_url.split("/rounds/")[1].split("?")[0]
    page(f"/screening/rounds/{round_id}/gaps", "#gaps", "not-sampled")

    # The sampler fills a single tube with that resident and sends it to the lab.
    login("sampler")
    stamp = str(int(time.time()))[-8:]
    tube, batch = "UI" + stamp, "UIB" + stamp
    form = page("/screening/sample", "#open-tube", "sample")
    form.find_element(By.NAME, "barcode").send_keys(tube)
    Select(form.find_element(By.NAME, "capacity")).select_by_visible_text("1")
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    swab = page(None, "#add-swab", "tube-open")
    swab.find_element(By.NAME, "id_number").send_keys(id_number)
    swab.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    names = page(None, "#tube-names li", "tube-filled").text
    assert "*" in names, f"the tube shows a masked name: {names}"
    form = find("form[action='/screening/sample/dispatch']")
    form.find_element(By.NAME, "code").send_keys(batch)
    form.find_element(By.NAME, "lab").send_keys("LAB000SIM")
    form.find_element(By.NAME, "tubes").send_keys(tube)
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    page(None, "#open-tube", "dispatched")

    # The lab sees the batch coming, scans it in and uploads the result file.
    login("lab_operator")
    batches = page("/screening/lab", "#batches", "lab").text
    assert batch in batches, f"batch {batch} listed on the lab page: {batches}"
    form = find("form[action='/screening/lab/receive']")
    form.find_element(By.NAME, "code").send_keys(batch)
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    assert "1" in page(None, "#received", "received").text
    with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False) as f:
        f.write(f"barcode,result,ct,tested_at\n{tube},negative,,{int(time.time())}\n")
    driver.find_element(By.CSS_SELECTOR, "form.upload input[type=file]").send_keys(f.name)
    driver.find_element(By.CSS_SELECTOR, "form.upload button[type=submit]").click()
    wait.until(lambda d: "1" in d.find_element(By.ID, "upload-result").text)
    page(None, "#upload-result p", "uploaded")

    # The citizen's own code: colour, reasons, a QR code a camera reads back as the very pass shown beside it.
    login("citizen")
    section = page("/code", ".code .qr svg", "my-code")
    pass_text = driver.execute_script("return document.querySelector('.pass-text').textContent")
    assert pass_text.startswith("CDN1:"), pass_text[:20]
    shot = Image.open(io.BytesIO(section.screenshot_as_png))
    scanned = zxingcpp.read_barcodes(shot, formats=zxingcpp.BarcodeFormat.QRCode)
    assert scanned and scanned[0].text == pass_text, f"the QR code on screen reads {scanned[0].text[:30] if scanned else None}"

    # A door verifies it with the network gone: the page has the keys and checks the signature itself.
    login("checkpoint_staff")
    page("/verify", "#verify", "verifier")
    wait.until(lambda d: d.find_element(By.ID, "keys-status").text.strip() != "")
    driver.set_network_conditions(offline=True, latency=5, download_throughput=500 * 1024, upload_throughput=500 * 1024)
    try:
        field = driver.find_element(By.ID, "pass")
        field.send_keys(pass_text)
        driver.find_element(By.CSS_SELECTOR, "#verify button[type=submit]").click()
        wait.until(lambda d: d.find_element(By.ID, "verdict").get_attribute("class") != "verdict")
        verdict = driver.find_element(By.ID, "verdict")
        assert "refused" not in verdict.get_attribute("class"), f"offline verification refused a fresh pass: {verdict.text}"
        page(None, "#verdict", "verified-offline")
        altered = pass_text[:-12] + ("0" if pass_text[-12] != "0" else "1") + pass_text[-11:]
        field.clear()
        field.send_keys(altered)
        driver.find_element(By.CSS_SELECTOR, "#verify button[type=submit]").click()
        wait.until(lambda d: "refused" in d.find_element(By.ID, "verdict").get_attribute("class"))
        page(None, "#verdict", "refused-offline")
    finally:
        driver.delete_network_conditions()

    # Manual colours: the first officer's request waits; the second officer approves it; the auditor sees the day.
    login("code_officer")
    page("/codes/manual", "#pending li", "manual-first-officer")
    login("code_officer_2")
    pending = page("/codes/manual", "#pending li", "manual-second-officer")
    before = len(driver.find_elements(By.CSS_SELECTOR, "#pending form[action$='/approve']"))
    assert before >= 1, "the second officer can approve the first officer's request"
    driver.find_element(By.CSS_SELECTOR, "#pending form[action$='/approve'] button").click()
    page(None, "#daily", "manual-approved")
    assert len(driver.find_elements(By.CSS_SELECTOR, "#pending form[action$='/approve']")) == before - 1
    login("auditor")
    assert len(page("/codes/manual", "#daily tbody tr", "manual-daily").find_elements(By.XPATH, "..//tr")) >= 2
    # The hotline agent answering an appeal sees the rule and the fact behind that colour.
    login("code_officer")
    href = page("/codes/manual", "#daily a", "manual-links").get_attribute("href")
    login("hotline_agent")
    page(href.replace(base, ""), "#reasons tbody tr", "appeal-view")
    assert "manual" in driver.find_element(By.ID, "reasons").text

    # A venue's screen shows its rotating code; the citizen checks in with it.
    login("checkpoint_staff")
    page("/venues", "#venues li a", "venues").click()
    venue_code = page(None, "#venue-qr svg", "venue-poster") and driver.find_element(By.ID, "venue-code").text.strip()
    login("citizen")
    form = page("/checkin?c=" + urllib.parse.quote(venue_code), "#checkin", "checkin")
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    page(None, "#checked-in", "checked-in")

    # A traveller registers without an account and passes the checkpoint: scan, temperature, recorded.
    driver.delete_all_cookies()
    body = "620102" + "1985" + "0612" + stamp[-3:]
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    id_number = body + "10X98765432"[sum(int(c) * w for c, w in zip(body, weights)) % 11]
    form = page("/travel", "#travel", "travel-form")
    for name, value in (("name", "王五"), ("id_number", id_number), ("phone", "13812345678"), ("plate", "陕A12345"), ("origin", "西安市")):
        form.find_element(By.NAME, name).send_keys(value)
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    page(None, "#travel-pass .qr svg", "travel-pass")
    travel_pass = driver.execute_script("return document.getElementById('travel-pass-text').textContent")
    login("checkpoint_staff")
    page("/verify", "#verify", "verifier-online")
    wait.until(lambda d: d.find_element(By.ID, "keys-status").text.strip() != "")
    driver.find_element(By.ID, "pass").send_keys(travel_pass)
    driver.find_element(By.CSS_SELECTOR, "#verify button[type=submit]").click()
    passage = wait.until(ec.visibility_of_element_located((By.ID, "passage")))
    passage.find_element(By.NAME, "temperature").send_keys("36.6")
    passage.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    wait.until(lambda d: d.find_element(By.ID, "passage-result").text.strip() != "")
    assert "ok" in driver.find_element(By.ID, "passage-result").get_attribute("class"), driver.find_element(By.ID, "passage-result").text
    page(None, "#passage-result", "passage-recorded")
    page("/checkpoints", "#passages tbody tr", "checkpoints")

    # Tracing: the demo outbreak's cases, a case with its trajectory, contacts and chain, the ledger, the clusters.
    login("epidemiologist")
    page("/cases", "#cases tbody tr a", "cases").click()
    page(None, "#trajectory .chart-box svg", "case")
    assert driver.find_elements(By.CSS_SELECTOR, "#trajectory-table tbody tr"), "a case's trajectory lists its places"
    assert driver.find_elements(By.CSS_SELECTOR, "#links tbody tr"), "a case lists its contacts"
    page("/contacts", "#ledger li", "contact-ledger")
    stage_forms = driver.find_elements(By.CSS_SELECTOR, "#ledger form[action*='/stage'] button")
    assert stage_forms, "the ledger offers the next stage"
    stage_forms[0].click()
    page(None, "#ledger", "contact-stage-recorded")
    page("/contacts?filter=overdue", "#ledger", "contacts-overdue")
    page("/clusters", "#clusters tbody tr", "clusters")
    href = driver.find_element(By.CSS_SELECTOR, "#case-list-link, #clusters a").get_attribute("href")
    page(href.replace(base, ""), "#chain .chart-box svg", "case-chain")
    visitors = driver.find_elements(By.CSS_SELECTOR, "#risk-points a")
    if visitors:
        page(visitors[0].get_attribute("href").replace(base, ""), "#visitors", "risk-point-visitors")
    login("grid_worker")
    page("/contacts", "#ledger", "grid-contact-ledger")

    # Quarantine: the district's sites filling up and the week's forecast, a site's rooms, a person's measure with a
    # check recorded from the form, and the notice of someone released.
    login("quarantine_staff")
    page("/quarantine", "#forecast svg", "quarantine")
    assert driver.find_elements(By.CSS_SELECTOR, "#sites tbody tr"), "the district's quarantine sites are listed"
    assert driver.find_elements(By.CSS_SELECTOR, "#waiting li form"), "contacts wait for a room"
    notice = driver.find_element(By.CSS_SELECTOR, "#ended a.notice-link").get_attribute("href")
    page(driver.find_element(By.CSS_SELECTOR, "#sites tbody a").get_attribute("href").replace(base, ""), ".rooms .room.taken a", "quarantine-site")
    driver.find_element(By.CSS_SELECTOR, ".rooms .room.taken a").click()
    form = page(None, "form[action$='/checks']", "quarantine-person")
    assert driver.find_elements(By.CSS_SELECTOR, "#schedule-tests tbody tr"), "the person's scheduled tests are listed"
    form.find_element(By.NAME, "temperature").send_keys("36.7")
    before = driver.find_element(By.ID, "checks")
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    wait.until(ec.staleness_of(before))
    assert "36.7" in page(None, "#checks", "quarantine-check-recorded").text
    page(notice.replace(base, ""), "#release-notice", "release-notice")

    # Risk areas: one standing, one stepped down by the clock; the grid's households of the standing one.
    login("commander")
    page("/risk-areas", "#standing li a", "risk-areas")
    assert driver.find_elements(By.CSS_SELECTOR, "#ended li"), "an area stepped down by the clock is listed"
    driver.find_element(By.CSS_SELECTOR, "#standing li a").click()
    page(None, "#households tbody tr", "risk-area")

    # Arrivals: the grid worker's list; the citizen reports one for themselves and sees their trips and measure.
    login("grid_worker")
    page("/arrivals", "#arrivals li", "arrivals")
    login("citizen")
    form = page("/my/arrivals", "form[action='/my/arrivals']", "my-arrivals")
    form.find_element(By.NAME, "origin_code").send_keys("620502")
    before = driver.find_element(By.ID, "my-arrivals")
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    wait.until(ec.staleness_of(before))
    assert "天水" in page(None, "#my-arrivals li", "my-arrival-reported").text
    page("/my/quarantine", "main h1", "my-quarantine")

    driver.delete_all_cookies()
    page("/arrive", "form[action='/arrive']", "public-arrival-form")
    page("/public/risk-areas", "#public-areas li", "public-risk-areas")
    page("/risk-points", "#risk-points li", "public-risk-points")
    page("/public/sites", "#sites li", "public-sites")
    print(f"browser: {len(checked)} pages checked on a 375 px screen, residents: {total}")
finally:
    driver.quit()
