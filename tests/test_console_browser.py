"""The curator console in a real browser (headless Chromium, the same setup as tests/test_web_browser.py).

A server with its own seeded SQLite file and three curators made with `helpfinder curator add`; the
curators sign in by typing their token, write, submit and approve a listing with the keyboard and the
mouse, and the public API finds it. The browser talks to http://localhost, where Chromium keeps the
console's Secure cookie. Screenshots go to artifacts/screenshots/console-*.png, axe-core results to
artifacts/axe/console-*.json.
"""

import json
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.test_web_browser import (
    CHROME_FLAGS,
    CHROMEDRIVER,
    CHROMIUM,
    SCREENSHOTS,
    _free_port,
    _require_browser,
    axe_source,  # noqa: F401 - a fixture
    console_errors,
    css,
    css_all,
    run_axe,
    serious,
    serving,
    wait_until,
)


@dataclass
class Console:
    """The running server and its curators' tokens."""

    base: str
    tokens: dict[str, str]


def _curator(env: dict[str, str], workdir: Path, name: str, role: str) -> str:
    """`helpfinder curator add` as an admin would run it; the token is the last line."""
    done = subprocess.run([sys.executable, "-m", "api.cli", "curator", "add", name, "--role", role], cwd=workdir,
                          env=env, capture_output=True, text=True, check=True)
    return done.stdout.strip().splitlines()[-1]


@pytest.fixture(scope="module")
def console(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Console]:
    """`helpfinder serve` with its own database, and an editor, two reviewers and an admin."""
    _require_browser()
    workdir = tmp_path_factory.mktemp("console")
    port = _free_port()
    with serving(workdir, port) as env:
        tokens = {role: _curator(env, workdir, name, role) for name, role in
                  (("Eva Editor", "editor"), ("Rik Reviewer", "reviewer"), ("Anna Admin", "admin"))}
        tokens["second_editor"] = _curator(env, workdir, "Bram Editor", "editor")
        yield Console(f"http://localhost:{port}", tokens)


def _new_driver() -> Any:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in CHROME_FLAGS:
        options.add_argument(flag)
    options.add_argument("--window-size=1280,1000")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    browser = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)
    browser.set_page_load_timeout(30)
    return browser


@pytest.fixture
def browsers(console: Console) -> Iterator[Any]:
    """Fresh headless Chromiums (each its own profile, so its own cookies), closed after the test."""
    opened: list[Any] = []

    def open_one() -> Any:
        opened.append(_new_driver())
        return opened[-1]

    yield open_one
    for browser in opened:
        browser.quit()


def shot(driver: Any, name: str) -> Path:
    """A full-page screenshot saved as an artefact."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(1280, min(max(height, 800), 6000))
    path = SCREENSHOTS / f"console-{name}.png"
    driver.save_screenshot(str(path))
    driver.set_window_size(1280, 1000)
    return path


def sign_in(driver: Any, console: Console, role: str) -> None:
    """Type the token with the keyboard and press Enter: Tab from the top of the page reaches the skip link first."""
    from selenium.webdriver.common.keys import Keys

    driver.get(f"{console.base}/console/")
    body = css(driver, "body")
    body.send_keys(Keys.TAB)
    assert driver.switch_to.active_element.get_attribute("class") == "skip", "the skip link comes first"
    field = css(driver, "#token")
    field.send_keys(console.tokens[role], Keys.ENTER)
    wait_until(driver, lambda d: css_all(d, "form[action='/console/sign-out']"), "sign-in did not succeed")


def fill(driver: Any, selector: str, value: str) -> None:
    """Clear an input and type into it."""
    element = css(driver, selector)
    element.clear()
    element.send_keys(value)


def choose(driver: Any, selector: str, text: str) -> None:
    """Pick an option of a select by its visible text."""
    from selenium.webdriver.support.ui import Select

    Select(css(driver, selector)).select_by_visible_text(text)


def submit(driver: Any, selector: str = "form[novalidate] button[type=submit]") -> None:
    """Press a submit button and wait for the next page."""
    old = css(driver, "html")
    css(driver, selector).click()
    wait_until(driver, lambda d: old != css(d, "html"), "the page did not change after submitting")


def public_services(console: Console, q: str) -> list[str]:
    """Names the public API finds for a keyword."""
    with urllib.request.urlopen(f"{console.base}/v1/services?q={q}&per_page=50", timeout=10) as response:
        return [item["name"] for item in json.load(response)["contents"]]


def check_axe(driver: Any, axe: str, name: str) -> None:
    violations, _ = run_axe(driver, axe, f"console-{name}")
    assert serious(violations) == [], f"{name}: {serious(violations)}"


def _new_service(driver: Any, console: Console, name: str, *, phone: str = "0800-7788") -> str:
    """Fill in the new-service form for Fier's walk-in organisation and save; the draft's id."""
    driver.get(f"{console.base}/console/services/new")
    choose(driver, "#organization_id", "Fier")
    fill(driver, "#name", name)
    fill(driver, "#description", "Gesprekken voor jongens, anoniem als je wilt.")
    fill(driver, "#minimum_age", "12")
    fill(driver, "#maximum_age", "23")
    css(driver, "#genders-male").click()
    css(driver, "#service_types-counselling").click()
    fill(driver, "#service_areas", "PV20")
    fill(driver, "#phones-0-number", phone)
    fill(driver, "#phones-0-hours", "ma-vr 09:00-17:00")
    submit(driver)
    return driver.current_url.split("/console/services/")[1].split("?")[0]


def test_a_listing_is_written_submitted_approved_and_then_found_by_the_public(browsers: Any, console: Console,
                                                                              axe_source: str) -> None:  # noqa: F811
    editor = browsers()
    sign_in(editor, console, "editor")
    check_axe(editor, axe_source, "home")
    shot(editor, "home")
    editor.get(f"{console.base}/console/services?state=published")
    assert len(css_all(editor, "table.list tbody tr")) > 5
    check_axe(editor, axe_source, "services")
    shot(editor, "services")

    service_id = _new_service(editor, console, "Jongenslijn Kwartel")
    assert "Aangemaakt" in css(editor, ".notice").text and "concept" in css(editor, ".state").text
    check_axe(editor, axe_source, "service-draft")
    shot(editor, "service-draft")
    assert "Jongenslijn Kwartel" not in public_services(console, "kwartel")
    submit(editor, "form[action$='/submit'] button")
    assert "ter beoordeling" in css(editor, ".state").text

    reviewer = browsers()
    sign_in(reviewer, console, "reviewer")
    reviewer.get(f"{console.base}/console/review")
    item = next(s for s in css_all(reviewer, ".queue-item") if "Jongenslijn Kwartel" in s.text)
    assert "Eva Editor" in item.text and "Jongenslijn Kwartel" in css(item, "table.diff").text
    check_axe(reviewer, axe_source, "review")
    shot(reviewer, "review")
    css(item, "textarea[name=comment]").send_keys("Gebeld met Fier: klopt.")
    old = css(reviewer, "html")
    css(item, "button.primary").click()
    wait_until(reviewer, lambda d: old != css(d, "html"), "approving did not finish")
    assert "Goedgekeurd" in css(reviewer, ".notice").text
    assert "Jongenslijn Kwartel" in public_services(console, "kwartel")

    reviewer.get(f"{console.base}/console/services/{service_id}")
    assert "Gebeld met Fier: klopt." in css(reviewer, "table.history").text
    assert console_errors(editor) == [] and console_errors(reviewer) == []


def test_a_validation_error_keeps_what_was_typed_and_names_the_field(browsers: Any, console: Console,
                                                                     axe_source: str) -> None:  # noqa: F811
    editor = browsers()
    sign_in(editor, console, "editor")
    editor.get(f"{console.base}/console/services/new")
    choose(editor, "#organization_id", "Fier")
    fill(editor, "#name", "Typwerk Test")
    fill(editor, "#description", "Een lange omschrijving die niet verloren mag gaan.")
    fill(editor, "#phones-0-number", "12")
    fill(editor, "#maximum_age", "abc")
    submit(editor)
    assert css(editor, "#name").get_attribute("value") == "Typwerk Test"
    assert css(editor, "#description").get_attribute("value") == "Een lange omschrijving die niet verloren mag gaan."
    assert css(editor, "#phones-0-number").get_attribute("value") == "12"
    assert css(editor, "#phones-0-number").get_attribute("aria-invalid") == "true"
    assert css(editor, "#phones-0-number-error").is_displayed()
    assert css(editor, "#maximum_age").get_attribute("value") == "abc"
    summary = css(editor, ".error-summary")
    assert "Verbeter het volgende" in summary.text
    css(summary, "a[href='#phones-0-number']").click()  # the summary leads to the field
    assert editor.switch_to.active_element == css(editor, "#phones-0-number")
    check_axe(editor, axe_source, "service-form-errors")
    shot(editor, "service-form-errors")


def test_a_concurrent_edit_shows_the_conflict_page(browsers: Any, console: Console,
                                                   axe_source: str) -> None:  # noqa: F811
    eva, bram = browsers(), browsers()
    sign_in(eva, console, "editor")
    service_id = _new_service(eva, console, "Gelijktijdig Bewerkt")
    sign_in(bram, console, "second_editor")
    eva.get(f"{console.base}/console/services/{service_id}/edit")
    bram.get(f"{console.base}/console/services/{service_id}/edit")
    fill(eva, "#description", "Eva's versie van de tekst.")
    submit(eva)
    assert "Opgeslagen" in css(eva, ".notice").text
    fill(bram, "#description", "Bram's versie van de tekst.")
    submit(bram)
    conflict = css(bram, ".conflict")
    assert "Iemand anders heeft deze vermelding gewijzigd" in conflict.text and "Eva Editor" in conflict.text
    assert "Eva's versie van de tekst." in css(conflict, "table.diff").text
    assert css(bram, "#description").get_attribute("value") == "Bram's versie van de tekst."
    check_axe(bram, axe_source, "conflict")
    shot(bram, "conflict")


def test_form_posts_without_the_form_token_or_from_another_site_change_nothing(browsers: Any,
                                                                               console: Console) -> None:
    editor = browsers()
    sign_in(editor, console, "editor")
    service_id = _new_service(editor, console, "Niet Ingediend")
    editor.execute_script("document.querySelector(\"form[action$='/submit'] input[name=csrf]\").remove()")
    submit(editor, "form[action$='/submit'] button")
    assert "Formulier geweigerd" in css(editor, "h1").text
    shot(editor, "csrf-refused")

    # A page elsewhere posting to the console: the strict cookie is not sent and the origin is not ours.
    editor.get("data:text/html,<form method=post action='" + console.base + f"/console/services/{service_id}/submit'>"
               "<input name=csrf value=x><button>go</button></form>")
    css(editor, "button").click()
    wait_until(editor, lambda d: d.current_url.startswith(console.base), "the cross-site post went nowhere")
    editor.get(f"{console.base}/console/services/{service_id}")
    assert "concept" in css(editor, ".state").text, "the draft was not submitted"


def test_every_queue_and_management_page_passes_axe_and_works_in_english(browsers: Any, console: Console,
                                                                          axe_source: str) -> None:  # noqa: F811
    admin = browsers()
    sign_in(admin, console, "admin")
    for name, path in (("stale", "/console/stale"), ("feedback", "/console/feedback"),
                       ("organizations", "/console/organizations"), ("curators", "/console/curators"),
                       ("new-organization", "/console/organizations/new"), ("new-location", "/console/locations/new")):
        admin.get(f"{console.base}{path}")
        check_axe(admin, axe_source, name)
        shot(admin, name)
    admin.get(f"{console.base}/console/organizations?q=Blijf")
    css(admin, "table.list tbody a").click()
    check_axe(admin, axe_source, "organization")
    shot(admin, "organization")
    css(admin, "tr.confidential a").click()  # the shelter of the seed data, marked in the locations table
    assert "Vertrouwelijk adres" in css(admin, ".confidential-note").text
    check_axe(admin, axe_source, "location-confidential")
    shot(admin, "location-confidential")

    css(admin, ".session a[lang=en]").click()
    assert css(admin, "html").get_attribute("lang") == "en"
    admin.get(f"{console.base}/console/curators")
    assert css(admin, "h1").text == "Curators"
    fill(admin, "#name", "Nieuwe Collega")
    submit(admin, "form[action='/console/curators'] button")
    token = css(admin, "#new-token").get_attribute("value")
    assert token.startswith("hf_")
    check_axe(admin, axe_source, "curators-new-token")
    shot(admin, "curators-new-token-en")
    admin.get(f"{console.base}/console/curators")
    assert token not in admin.page_source, "a token is shown only once"

    newcomer = browsers()
    newcomer.get(f"{console.base}/console/")
    css(newcomer, "#token").send_keys(token)
    css(newcomer, "form[action='/console/sign-in'] button").click()
    wait_until(newcomer, lambda d: "Nieuwe Collega" in css(d, ".session").text, "the new curator cannot sign in")
