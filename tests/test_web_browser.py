"""The help-finder page and the embeddable widget in a real browser (headless Chromium from Debian).

The tests start their own server (`python -m api.cli serve`) on a free port with a fresh SQLite file,
seeded on start, and a local quick-exit address so they can see where "Leave this site" lands.
Chromium and chromedriver come from Debian (`apt-get install chromium chromium-driver`); selenium is
pointed at /usr/bin/chromedriver, so it never downloads a driver or a browser. axe-core comes from
tests/web (`cd tests/web && npm ci`).

Without Chromium, chromedriver, selenium or axe-core these tests are skipped, except when CI=true,
where they fail. Screenshots go to artifacts/screenshots/, axe-core results to artifacts/axe/.
"""

import base64
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
AXE = ROOT / "tests" / "web" / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = ROOT / "artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"
CHROME_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync"]
WAIT_S = 20


def _missing(reason: str) -> None:
    """Skip for a missing browser tool, or fail when CI=true (CI must run these tests)."""
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason} (required when CI=true)")
    pytest.skip(reason)


def _require_browser() -> None:
    """Chromium, chromedriver and selenium must be installed."""
    if not CHROMIUM.exists():
        _missing(f"{CHROMIUM} missing: apt-get install -y chromium chromium-driver")
    if not CHROMEDRIVER.exists():
        _missing(f"{CHROMEDRIVER} missing: apt-get install -y chromium-driver")
    try:
        import selenium  # noqa: F401
    except ImportError:
        _missing("selenium not installed: pip install selenium")


def _free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for_health(base: str, process: subprocess.Popen[bytes], log: Path) -> None:
    """Wait until the server answers /health (it migrates and seeds first)."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"server exited with {process.returncode}:\n{log.read_text(errors='replace')[-3000:]}")
        try:
            with urllib.request.urlopen(f"{base}/health", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.3)
    pytest.fail(f"server did not become healthy:\n{log.read_text(errors='replace')[-3000:]}")


class Server:
    """The running test server."""

    def __init__(self, base: str, exit_url: str) -> None:
        self.base = base
        self.exit_url = exit_url


@contextmanager
def serving(workdir: Path, port: int, **settings: str) -> Iterator[dict[str, str]]:
    """`helpfinder serve` on `port` with its own SQLite database in workdir; yields the server's environment."""
    env = {key: value for key, value in os.environ.items() if key not in ("REDIS_URL",)}
    env.update(DATABASE_URL=f"sqlite:///{workdir / 'web.db'}", PYTHONUNBUFFERED="1", **settings)
    log = workdir / "server.log"
    with log.open("wb") as out:
        process = subprocess.Popen([sys.executable, "-m", "api.cli", "serve", "--port", str(port)],
                                   cwd=workdir, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        _wait_for_health(f"http://127.0.0.1:{port}", process, log)
        yield env
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """`helpfinder serve` on a free port, with its own SQLite database and a local quick-exit address."""
    _require_browser()
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    exit_url = f"{base}/health"
    with serving(tmp_path_factory.mktemp("web"), port, QUICK_EXIT_URL=exit_url):
        yield Server(base, exit_url)


@pytest.fixture
def driver(server: Server) -> Iterator[Any]:
    """A fresh headless Chromium (new profile each test), driven through Debian's chromedriver."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in CHROME_FLAGS:
        options.add_argument(flag)
    options.add_argument("--window-size=1280,1000")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    browser = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)
    browser.set_page_load_timeout(30)
    try:
        yield browser
    finally:
        browser.quit()


@pytest.fixture(scope="module")
def axe_source() -> str:
    """axe-core's browser build from tests/web/node_modules."""
    if not AXE.exists():
        _missing(f"{AXE} missing: cd tests/web && npm ci")
    return AXE.read_text(encoding="utf-8")


# ---------------------------------------------------------------- helpers


def wait_until(driver: Any, condition: Callable[[Any], Any], message: str, timeout: float = WAIT_S) -> Any:
    """Wait for condition(driver) to be truthy; an element replaced while the page re-renders is looked up again."""
    from selenium.common.exceptions import StaleElementReferenceException
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout, poll_frequency=0.1,
                         ignored_exceptions=(StaleElementReferenceException,)).until(condition, message)


def css(root: Any, selector: str) -> Any:
    """One element (in the document or a shadow root)."""
    from selenium.webdriver.common.by import By

    return root.find_element(By.CSS_SELECTOR, selector)


def css_all(root: Any, selector: str) -> list[Any]:
    """All matching elements (in the document or a shadow root)."""
    from selenium.webdriver.common.by import By

    return root.find_elements(By.CSS_SELECTOR, selector)


def open_page(driver: Any, url: str) -> None:
    """Load a page and wait until the first results are shown."""
    driver.get(url)
    wait_until(driver, lambda d: d.execute_script("return document.querySelectorAll('.hf-card').length") > 0,
               "the first results never appeared")


def search(driver: Any, *, age: str = "", place: str = "") -> list[Any]:
    """Fill the form with the keyboard, press Enter and wait for the new results."""
    from selenium.webdriver.common.keys import Keys

    toggle = css_all(driver, ".hf-more-toggle[aria-expanded=false]")
    if toggle:  # on a small screen the choices are folded away: open them as a visitor would
        toggle[0].click()
    age_input = css(driver, "input[name=age]")
    place_input = css(driver, "input[name=place]")
    age_input.clear()
    age_input.send_keys(age)
    place_input.clear()
    place_input.send_keys(place)
    driver.execute_script("document.querySelectorAll('.hf-list > li').forEach(function (li) {"
                          " li.setAttribute('data-test-old', ''); })")
    place_input.send_keys(Keys.ENTER)
    wait_until(driver, lambda d: d.execute_script(
        "var first = document.querySelector('.hf-list > li');"
        "return document.querySelector('.hf-results').getAttribute('aria-busy') === 'false'"
        " && first !== null && !first.hasAttribute('data-test-old');"),
        "the search results never appeared")
    return css_all(driver, ".hf-card")


def screenshot(driver: Any, name: str, width: int, scroll_to: str | None = None) -> Path:
    """PNGs at this width, saved as test artefacts: one screen (at scroll_to, if given) and the full page."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    driver.set_window_size(width, 1000)
    driver.execute_script("window.scrollTo(0, 0)")
    if scroll_to:
        driver.execute_script("document.querySelector(arguments[0]).scrollIntoView()", scroll_to)
    time.sleep(0.3)  # let the layout settle after the resize
    driver.save_screenshot(str(SCREENSHOTS / f"{name}-{width}-screen.png"))
    driver.execute_script("window.scrollTo(0, 0)")
    metrics = driver.execute_cdp_cmd("Page.getLayoutMetrics", {})
    size = metrics.get("cssContentSize") or metrics["contentSize"]
    height = min(int(size["height"]), 12000)
    shot = driver.execute_cdp_cmd("Page.captureScreenshot", {
        "format": "png", "captureBeyondViewport": True,
        "clip": {"x": 0, "y": 0, "width": width, "height": height, "scale": 1}})
    path = SCREENSHOTS / f"{name}-{width}-full.png"
    path.write_bytes(base64.b64decode(shot["data"]))
    return path


def run_axe(driver: Any, axe_source: str, name: str) -> tuple[list[dict[str, Any]], list[list[Any]]]:
    """Run axe-core (WCAG 2.1 A/AA and best practices) on the current page, shadow roots included."""
    driver.execute_script(axe_source)
    driver.set_script_timeout(60)
    result = driver.execute_async_script(
        "var done = arguments[arguments.length - 1];"
        "axe.run(document, {resultTypes: ['violations'], runOnly: {type: 'tag',"
        " values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}})"
        ".then(function (r) { done({violations: r.violations, passed: [].concat.apply([], r.passes.map("
        "  function (p) { return p.nodes.map(function (n) { return n.target; }); }))}); })"
        ".catch(function (e) { done({error: String(e)}); });")
    assert "error" not in result, result
    violations = result["violations"]
    (ARTIFACTS / "axe").mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "axe" / f"{name}.json").write_text(json.dumps(violations, indent=2), encoding="utf-8")
    counts: dict[str, int] = {}
    for violation in violations:
        counts[violation["impact"] or "none"] = counts.get(violation["impact"] or "none", 0) + len(violation["nodes"])
    print(f"axe-core on {name}: {counts or 'no violations'}")
    return violations, result["passed"]


def serious(violations: list[dict[str, Any]]) -> list[str]:
    """Serious and critical violations, readable."""
    return [f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:5]}"
            for v in violations if v["impact"] in ("serious", "critical")]


def service_requests(driver: Any) -> list[dict[str, list[str]]]:
    """Query parameters of the /v1/services requests the page made (from Chromium's network log)."""
    found = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message.get("method") != "Network.requestWillBeSent":
            continue
        url = message["params"]["request"]["url"]
        if urlsplit(url).path == "/v1/services":
            found.append(parse_qs(urlsplit(url).query))
    return found


def console_errors(driver: Any) -> list[str]:
    """Errors in the browser console (a CSP violation shows up here)."""
    return [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]


def widget_style(driver: Any, selector: str, prop: str) -> str:
    """A computed style of an element inside the widget's shadow root."""
    return driver.execute_script(
        "var el = document.querySelector('#helpfinder').shadowRoot.querySelector(arguments[0]);"
        "return getComputedStyle(el)[arguments[1]];", selector, prop)


def widget_root(driver: Any) -> Any:
    """The widget's shadow root on the demo page, once its first results are shown."""
    host = wait_until(driver, lambda d: css(d, "#helpfinder"), "no widget host element")
    wait_until(driver, lambda d: d.execute_script(
        "var h = document.querySelector('#helpfinder');"
        "return h.shadowRoot && h.shadowRoot.querySelectorAll('.hf-card').length > 0"),
        "the widget never showed results")
    return host.shadow_root


# ---------------------------------------------------------------- the page


def test_search_by_postcode_and_age_shows_nearest_suitable_service_first(driver: Any, server: Server) -> None:
    open_page(driver, f"{server.base}/")
    cards = search(driver, age="16", place="5611")
    first = cards[0]
    assert css(first, ".hf-card-title").text == "House of Inner Strength"
    assert "Lumens" in css(first, ".hf-org").text
    distance = css(first, ".hf-distance").text
    assert re.search(r"\b\d+(,\d)? km$", distance), distance
    summary = css(driver, ".hf-summary").text
    assert "Eindhoven" in summary
    live = css(driver, "[role=status][aria-live=polite]")
    assert "Eindhoven" in live.get_attribute("textContent"), "the result count is announced"
    requested = service_requests(driver)[-1]
    assert requested["postcode"] == ["5611"] and requested["age"] == ["16"]
    assert "near" not in requested
    assert "Nog niet gecontroleerd" in first.text, "a listing nobody verified says so"
    assert console_errors(driver) == []
    for width in (375, 1280):
        assert screenshot(driver, "page-nl-results", width).stat().st_size > 10_000


def test_a_town_name_is_sent_as_near_and_unknown_postcodes_are_explained(driver: Any, server: Server) -> None:
    open_page(driver, f"{server.base}/")
    cards = search(driver, place="Eindhoven")
    assert css(cards[0], ".hf-card-title").text == "House of Inner Strength"
    assert service_requests(driver)[-1]["near"] == ["Eindhoven"]

    css(driver, "input[name=place]").clear()
    css(driver, "input[name=place]").send_keys("1000")
    css(driver, "form.hf-form button[type=submit]").click()
    error = wait_until(driver, lambda d: next((e for e in css_all(d, ".hf-error") if e.is_displayed()), None),
                       "no error message for an unknown postcode")
    assert "postcode 1000" in error.text and "niet" in error.text
    place = css(driver, "input[name=place]")
    assert place.get_attribute("aria-invalid") == "true"
    assert error.get_attribute("id") in place.get_attribute("aria-describedby")
    assert driver.switch_to.active_element == place, "focus moves to the field to fix"


def test_result_cards_show_how_to_reach_a_service(driver: Any, server: Server) -> None:
    open_page(driver, f"{server.base}/")
    cards = css_all(driver, ".hf-card")
    first_titles = [css(c, ".hf-card-title").text for c in cards[:3]]
    assert any("Veilig Thuis" in t or "112" in t or "seksueel geweld" in t.lower() for t in first_titles), first_titles
    phone_links = css_all(driver, ".hf-channel a[href^='tel:']")
    assert phone_links, "phone numbers are tap-to-call links"
    assert any("gratis" in a.text for a in phone_links)
    assert any("betaald" in a.text for a in phone_links)
    chat = css_all(driver, ".hf-channel a[target=_blank]")
    assert chat and all("noreferrer" in a.get_attribute("rel") for a in chat)
    assert any(b.text == "Anoniem" for b in css_all(driver, ".hf-badge"))
    assert "112" in css(driver, ".hf-emergency").text
    assert css(driver, ".hf-emergency a").get_attribute("href") == "tel:112"


def test_english_page_and_language_switch(driver: Any, server: Server) -> None:
    open_page(driver, f"{server.base}/en/")
    assert driver.execute_script("return document.documentElement.lang") == "en"
    assert css(driver, "h1").text == "Help that fits you"
    assert css(driver, "label[for$='-age']").text == "Your age"
    assert "Leave this site" in css(driver, "#quick-exit").text
    assert "Call 112" in css(driver, ".hf-emergency").text
    assert all(q.get("lang") == ["en"] for q in service_requests(driver))
    switch = css(driver, "#lang-switch")
    assert switch.text == "Nederlands"
    switch.click()
    wait_until(driver, lambda d: d.execute_script("return document.documentElement.lang") == "nl", "no Dutch page")
    assert css(driver, "#quick-exit").text.startswith("Snel weg")
    assert css(driver, "#lang-switch").text == "English"


def test_report_a_problem_with_a_listing(driver: Any, server: Server) -> None:
    open_page(driver, f"{server.base}/en/")
    card = css_all(driver, ".hf-card")[0]
    css(card, ".hf-report summary").click()
    css(card, ".hf-report button[type=submit]").click()
    assert "Choose what is wrong" in css(card, ".hf-report .hf-error").text
    css(card, ".hf-report input[value=wrong_phone]").click()
    css(card, ".hf-report textarea").send_keys("The line did not answer at night.")
    css(card, ".hf-report button[type=submit]").click()
    done = wait_until(driver, lambda d: css(card, ".hf-report-done").text, "no confirmation after reporting")
    assert "Thank you" in done


def test_no_cookies_no_storage_and_search_not_in_the_address(driver: Any, server: Server) -> None:
    open_page(driver, f"{server.base}/")
    search(driver, age="17", place="8011")
    assert driver.get_cookies() == []
    assert driver.execute_script("return document.cookie") == ""
    assert driver.execute_script("return localStorage.length + sessionStorage.length") == 0
    assert driver.current_url == f"{server.base}/", "the search never goes into the address bar or history"
    assert css(driver, "form.hf-form").get_attribute("autocomplete") == "off"
    assert console_errors(driver) == []


def test_page_fits_320px_without_sideways_scrolling(driver: Any, server: Server) -> None:
    driver.set_window_size(320, 800)
    open_page(driver, f"{server.base}/")
    search(driver, age="16", place="5611")
    overflow = driver.execute_script(
        "return document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
    exit_button = css(driver, "#quick-exit")
    assert exit_button.is_displayed()
    rect = exit_button.rect
    assert rect["x"] + rect["width"] <= driver.execute_script("return document.documentElement.clientWidth")


def test_keyboard_focus_order_starts_with_skip_link_then_quick_exit(driver: Any, server: Server) -> None:
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    open_page(driver, f"{server.base}/")
    order = []
    for _ in range(5):
        ActionChains(driver).send_keys(Keys.TAB).perform()
        active = driver.switch_to.active_element
        order.append(active.get_attribute("id") or active.get_attribute("class") or active.get_attribute("href"))
    assert order[:4] == ["skip-link", "quick-exit", "lang-switch", "tel:112"], order
    assert order[4].endswith("-words"), order
    outline = driver.execute_script(
        "return getComputedStyle(document.activeElement).boxShadow")
    assert outline and outline != "none", "focused fields show a visible focus ring"


def phone(driver: Any) -> None:
    """A 390×844 phone screen (the viewport itself, not the window around it)."""
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": True})


def test_on_a_phone_the_first_screen_shows_help_and_the_112_line_stays(driver: Any, server: Server) -> None:
    phone(driver)
    open_page(driver, f"{server.base}/")
    first = css_all(driver, ".hf-card")[0]
    title = css(first, ".hf-card-title")
    assert title.rect["y"] + title.rect["height"] <= 844, "the first help is on the first screen"
    # What the summary promises is what comes first: help reachable day and night.
    assert "dag en nacht bereikbaar is, staat bovenaan" in css(driver, ".hf-summary").text
    assert "Dag en nacht" in css(first, ".hf-badges").text
    toggle = css(driver, ".hf-more-toggle")
    assert toggle.get_attribute("aria-expanded") == "false" and not css(driver, "input[name=age]").is_displayed()
    screenshot(driver, "page-phone-first-screen", 390)
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true" and css(driver, "input[name=age]").is_displayed()
    driver.execute_script("window.scrollTo(0, document.documentElement.scrollHeight)")
    line = css(driver, ".hf-emergency")
    box = driver.execute_script("var r = arguments[0].getBoundingClientRect(); return [r.top, r.bottom];", line)
    assert box[0] >= 0 and box[1] <= 844, "the 112 line stays on screen while scrolling"
    assert css(line, "a[href='tel:112']").is_displayed()


def test_own_words_are_understood_and_shown_as_removable_chips(driver: Any, server: Server) -> None:
    from selenium.webdriver.common.keys import Keys

    open_page(driver, f"{server.base}/")
    words = css(driver, "input[name=q]")
    assert css(driver, f"label[for='{words.get_attribute('id')}']").text == "Waar gaat het over? In je eigen woorden"
    driver.get_log("performance")
    words.send_keys("ik word gechanteerd met naaktfoto's", Keys.ENTER)
    chip = wait_until(driver, lambda d: next(iter(css_all(d, ".hf-understood .hf-chip")), None), "no chips shown")
    assert "Afpersing met naaktfoto's" in chip.text
    assert "We zochten naar hulp bij" in css(driver, ".hf-understood").text
    assert "Hulp bij afpersing met naaktfoto's staat bovenaan" in css(driver, ".hf-summary").text
    assert service_requests(driver)[-1]["q"] == ["ik word gechanteerd met naaktfoto's"]
    assert len(css_all(driver, ".hf-card")) >= 3
    for width in (390, 1280):
        screenshot(driver, "page-own-words", width)
    driver.get_log("performance")
    chip.click()  # "not what I meant": search again without that situation
    wait_until(driver, lambda d: any(q.get("q_ignore") == ["sextortion"] for q in service_requests(d)),
               "removing the chip did not search again")
    wait_until(driver, lambda d: not css_all(d, ".hf-understood .hf-chip"), "the chip stayed")
    assert "Geen hulp gevonden" in css(driver, ".hf-summary").text  # no text mentions those words
    assert console_errors(driver) == []


# ---------------------------------------------------------------- quick exit


def _assert_left_for_good(driver: Any, server: Server, page_url: str) -> None:
    """We are on the exit address, and Back does not return to the page."""
    wait_until(driver, lambda d: d.current_url.startswith(server.exit_url), "quick exit did not leave the page")
    driver.back()
    time.sleep(0.5)
    assert driver.current_url != page_url
    assert driver.current_url.startswith(f"{server.base}/health?before"), driver.current_url


def test_quick_exit_button_leaves_and_back_does_not_return(driver: Any, server: Server) -> None:
    driver.get(f"{server.base}/health?before=1")
    page_url = f"{server.base}/"
    open_page(driver, page_url)
    exit_button = css(driver, "#quick-exit")
    assert exit_button.get_attribute("href") == server.exit_url, "the server's QUICK_EXIT_URL reaches the page"
    exit_button.click()
    _assert_left_for_good(driver, server, page_url)


def test_escape_key_leaves_and_back_does_not_return(driver: Any, server: Server) -> None:
    from selenium.webdriver.common.keys import Keys

    driver.get(f"{server.base}/health?before=1")
    page_url = f"{server.base}/en/"
    open_page(driver, page_url)
    css(driver, "input[name=place]").send_keys("Zwol", Keys.ESCAPE)  # even while typing
    _assert_left_for_good(driver, server, page_url)


# ---------------------------------------------------------------- the widget


def test_widget_renders_in_shadow_dom_with_its_presets(driver: Any, server: Server) -> None:
    driver.get(f"{server.base}/demo/widget")
    root = widget_root(driver)
    assert css(root, ".hf").get_attribute("lang") == "en"
    assert css(root, ".hf-title").text == "Find help"
    assert "Leave this site" in css(root, ".hf-top .hf-exit").text
    assert css(root, "label[for$='-age']").text == "Age of the boy or man"
    assert css(root, "label[for$='-words']").text == "What is it about? In your own words"
    assert css(root, "input[name=q]").is_displayed()
    assert "parents and carers" in css(root, ".hf-preset").text
    wait_until(driver, lambda d: "Zwolle" in css(root, ".hf-preset").text, "the region preset is not named")
    requests = service_requests(driver)
    assert requests, "the widget called the API"
    for query in requests:
        assert query["audience"] == ["parent-or-carer"]
        assert query["region"] == ["GM0193"]
        assert query["lang"] == ["en"]
    assert not css_all(driver, ".hf-card"), "nothing is rendered outside the shadow root"
    # The host page's clashing styles do not reach inside; its --hf-accent does.
    assert "Comic" not in widget_style(driver, ".hf-card-title", "fontFamily")
    assert widget_style(driver, ".hf-desc", "color") != "rgb(122, 0, 16)"
    assert widget_style(driver, ".hf-input", "borderStyle") == "solid"
    assert widget_style(driver, ".hf-button--wide", "backgroundColor") == "rgb(91, 42, 134)"
    assert console_errors(driver) == []
    for width in (375, 1280):
        screenshot(driver, "widget-demo", width, scroll_to="#helpfinder")


def test_widget_search_calls_the_api_with_presets_and_typed_place(driver: Any, server: Server) -> None:
    from selenium.webdriver.common.keys import Keys

    driver.get(f"{server.base}/demo/widget")
    root = widget_root(driver)
    driver.get_log("performance")  # forget the first search
    place = css(root, "input[name=place]")
    place.send_keys("8011", Keys.ENTER)
    wait_until(driver, lambda d: any(q.get("postcode") == ["8011"] for q in service_requests(d)),
               "the widget did not search by postcode")
    wait_until(driver, lambda d: css(root, ".hf-results").get_attribute("aria-busy") == "false", "still busy")
    assert css_all(root, ".hf-card") or "No help found" in css(root, ".hf-summary").text


def test_widget_quick_exit_button_and_escape(driver: Any, server: Server) -> None:
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    page_url = f"{server.base}/demo/widget"
    driver.get(f"{server.base}/health?before=1")
    driver.get(page_url)
    root = widget_root(driver)
    assert css(root, ".hf-top .hf-exit").get_attribute("href") == server.exit_url
    css(root, ".hf-top .hf-exit").click()
    _assert_left_for_good(driver, server, page_url)

    # On a phone the widget starts below the host page's own text: its quick exit floats in view on load.
    driver.get(f"{server.base}/health?before=3")
    driver.set_window_size(390, 844)
    driver.get(page_url)
    root = widget_root(driver)
    floating = css(root, ".hf-exit--float")
    wait_until(driver, lambda d: floating.is_displayed(), "no quick exit on the first screen")
    top = floating.rect
    assert top["y"] >= 0 and top["y"] + top["height"] <= driver.execute_script("return window.innerHeight")
    assert not css(root, ".hf-top .hf-exit").is_displayed() or css(root, ".hf-top").rect["y"] > 844
    screenshot(driver, "widget-demo-first-screen", 390)
    floating.click()
    _assert_left_for_good(driver, server, page_url)

    driver.get(f"{server.base}/health?before=2")
    driver.get(page_url)
    widget_root(driver)
    ActionChains(driver).send_keys(Keys.ESCAPE).perform()
    _assert_left_for_good(driver, server, page_url)


# ---------------------------------------------------------------- accessibility (axe-core)


def test_axe_page_with_results_has_no_serious_or_critical_violations(driver: Any, server: Server,
                                                                     axe_source: str) -> None:
    open_page(driver, f"{server.base}/")
    search(driver, age="16", place="5611")
    css(css_all(driver, ".hf-card")[0], ".hf-report summary").click()  # include the open report form
    violations, _ = run_axe(driver, axe_source, "page-nl-results")
    assert serious(violations) == []


def test_axe_english_page_has_no_serious_or_critical_violations(driver: Any, server: Server, axe_source: str) -> None:
    open_page(driver, f"{server.base}/en/")
    violations, _ = run_axe(driver, axe_source, "page-en")
    assert serious(violations) == []


def test_axe_widget_host_page_has_no_serious_or_critical_violations(driver: Any, server: Server,
                                                                    axe_source: str) -> None:
    driver.get(f"{server.base}/demo/widget")
    widget_root(driver)
    violations, passed = run_axe(driver, axe_source, "widget-demo")
    assert serious(violations) == []
    # A target given as a list of selectors is a path into a shadow root: axe looked inside the widget.
    assert any(isinstance(target[0], list) and target[0][0] == "#helpfinder" for target in passed)
