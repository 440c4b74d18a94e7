"""Loads the login page and a logged-in page in headless Chromium and fails on a missing element or an HTTP error."""
import sys
import urllib.request

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

base, username, password = sys.argv[1], sys.argv[2], sys.argv[3]

options = webdriver.ChromeOptions()
for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage"):
    options.add_argument(flag)
# A phone-sized viewport: desktop windows cannot be made this narrow.
options.add_experimental_option("mobileEmulation", {"deviceMetrics": {"width": 375, "height": 812, "pixelRatio": 2}})
options.binary_location = "/usr/bin/chromium"
driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
try:
    assert urllib.request.urlopen(base + "/login").status == 200, "login page status"
    driver.get(base + "/login")
    form = WebDriverWait(driver, 20).until(ec.presence_of_element_located((By.ID, "login-form")))
    form.find_element(By.NAME, "username").send_keys(username)
    form.find_element(By.NAME, "password").send_keys(password)
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    try:
        WebDriverWait(driver, 20).until(ec.presence_of_element_located((By.ID, "home-title")))
    except Exception:
        print("after login:", driver.current_url, driver.page_source[:1500])
        raise
    total = driver.find_element(By.ID, "resident-total").text
    assert int(total) > 0, "resident total on home page"
    driver.get(base + "/areas")
    WebDriverWait(driver, 20).until(ec.presence_of_element_located((By.ID, "children")))
    width = driver.execute_script("return document.documentElement.scrollWidth")
    assert width <= 375, f"page overflows a 375 px screen: {width}px"
    # The demo ran a screening round: its coverage drill-down renders and fits the phone too.
    driver.get(base + "/screening")
    WebDriverWait(driver, 20).until(ec.presence_of_element_located((By.CSS_SELECTOR, "#rounds a"))).click()
    WebDriverWait(driver, 20).until(ec.presence_of_element_located((By.ID, "coverage")))
    rows = driver.find_elements(By.CSS_SELECTOR, "#coverage tbody tr")
    assert len(rows) >= 9, f"coverage rows: {len(rows)}"
    width = driver.execute_script("return document.documentElement.scrollWidth")
    assert width <= 375, f"coverage page overflows a 375 px screen: {width}px"
    driver.save_screenshot(sys.argv[4] if len(sys.argv) > 4 else "/tmp/cordon-areas.png")
    print("login, home, area tree and screening coverage render; residents:", total)
finally:
    driver.quit()
