"""The Cek Suket page in a real browser: Debian's Chromium driven by Playwright.

Every tampering the Python checker catches shows TIDAK ASLI with its reason, with
the browser's WebCrypto and with the bundled Ed25519 library; a QR photographed
from a rendered slip goes through the page's own decoder; and the page asks the
network for nothing. ``LOKET_CAPTURES=docs/captures`` saves a screenshot of each verdict.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from pathlib import Path

import pytest

from loket.printing.keys import generate_keypair
from loket.printing.seal import make_seal
from loket.web.page import render_page
from sealkit import NIK, PHOTO, cases, change_char, payload, trust_list

# The Windows lane runs Windows' Python under Wine, where Playwright's driver does not start:
# the page is the same file on every platform, and its browser tests run on Linux.
pytestmark = pytest.mark.skipif(os.name == "nt", reason="no browser in the Windows lane; tested on Linux")

CHROMIUM = os.environ.get("LOKET_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]
INSTALL = "apt-get install -y chromium && pip install playwright"
# Without Ed25519 in WebCrypto (older browsers, pages opened over plain http), the page
# falls back to the bundled library; this makes Chromium behave like such a browser.
NO_WEBCRYPTO_ED25519 = """
const importKey = crypto.subtle.importKey.bind(crypto.subtle);
crypto.subtle.importKey = (format, data, algorithm, ...rest) =>
  (algorithm && (algorithm.name || algorithm) === 'Ed25519')
    ? Promise.reject(new DOMException('not supported', 'NotSupportedError'))
    : importKey(format, data, algorithm, ...rest);
"""
EXPECTED_ENGINE = {"webcrypto": "WebCrypto", "noble": "@noble/ed25519"}


def _missing(what: str):
    if os.name == "nt":  # the Windows lane (Wine) has no browser: the page is tested on Linux
        pytest.skip(f"{what} is not in the Windows lane; the page's browser tests run on Linux")
    if os.environ.get("CI") == "true":
        pytest.fail(f"{what} is missing; install it with: {INSTALL}")
    pytest.skip(f"{what} is missing; install it with: {INSTALL}")


@pytest.fixture(scope="module")
def playwright():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("the playwright package")
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        _missing(f"Chromium ({CHROMIUM})")
    with sync_playwright() as started:
        yield started


@pytest.fixture(scope="module")
def browser(playwright):
    launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
    yield launched
    launched.close()


@pytest.fixture(scope="module")
def keys(tmp_path_factory):
    return {name: generate_keypair(tmp_path_factory.mktemp(name), "7373-LKT01")
            for name in ("publisher", "good", "revoked", "stranger")}


@pytest.fixture(scope="module")
def page_file(tmp_path_factory, keys) -> Path:
    path = tmp_path_factory.mktemp("page") / "cek-suket.html"
    path.write_text(render_page(trust_list(keys["publisher"], keys["good"], keys["revoked"])), encoding="utf-8")
    return path


class Visit:
    """One opened page, with every request it made."""

    def __init__(self, browser, path: Path | str, init_script: str | None = None, size=(412, 915)):
        self.context = browser.new_context(viewport={"width": size[0], "height": size[1]}, device_scale_factor=1)
        self.page = self.context.new_page()
        self.requests: list[str] = []
        self.page.on("request", lambda request: self.requests.append(request.url))
        if init_script:
            self.page.add_init_script(init_script)
        self.url = path if isinstance(path, str) else path.resolve().as_uri()
        self.page.goto(self.url)
        self.page.wait_for_selector("body[data-ready='ready'], body[data-ready='broken']")

    def check(self, text: str) -> dict:
        done = int(self.page.get_attribute("#result", "data-check") or 0)
        self.page.fill("#text", text)
        self.page.click("#check")
        return self.verdict(done + 1)

    def verdict(self, number: int = 1) -> dict:
        """The verdict of the page's ``number``-th check (waits for it: checking is asynchronous)."""
        self.page.wait_for_selector(f"#result[data-check='{number}'][data-verdict]")
        result = self.page.locator("#result")
        return {"verdict": self.page.inner_text("#verdict"), "reason": result.get_attribute("data-reason"),
                "text": self.page.inner_text("#reason")}

    def field(self, name: str) -> str:
        return self.page.inner_text(f"dd[data-field='{name}']")

    def capture(self, name: str) -> None:
        folder = os.environ.get("LOKET_CAPTURES")
        if folder:
            self.page.screenshot(path=str(Path(folder) / f"cek-suket-{name}.png"), full_page=True)

    def close(self) -> list[str]:
        self.context.close()
        return [url for url in self.requests if url != self.url]


REASON_WORDS = {  # a word of each reason's Indonesian sentence, so the right one is shown
    "ok": "masih berlaku",
    "bad_signature": "diubah atau dipalsukan",
    "unknown_key": "tidak ada dalam daftar kunci resmi",
    "revoked": "sudah dicabut pada 1 Januari 2026",
    "expired": "sudah habis pada 2 Juli 2024",
    "wrong_alg": "algoritme",
    "wrong_typ": "bukan segel Suket",
}


@pytest.mark.parametrize("engine", ["webcrypto", "noble"])
def test_every_tampering_shows_tidak_asli_with_its_reason(browser, page_file, keys, engine):
    visit = Visit(browser, page_file, NO_WEBCRYPTO_ED25519 if engine == "noble" else None)
    for name, (token, reason) in cases(keys["good"], keys["revoked"], keys["stranger"]).items():
        shown = visit.check(token)
        assert shown["reason"] == reason, name
        assert shown["verdict"] == ("ASLI" if reason == "ok" else "TIDAK ASLI"), name
        assert REASON_WORDS[reason] in shown["text"], (name, shown["text"])
        if reason in ("ok", "expired", "bad_signature"):
            if reason != "bad_signature":
                assert EXPECTED_ENGINE[engine] in visit.page.inner_text(".engine")
        if engine == "webcrypto":
            visit.capture(name.replace("_", "-"))
    assert visit.close() == []  # not one request beyond the page itself


def test_a_genuine_suket_shows_the_holder_as_the_slip_prints_it(browser, page_file, keys):
    visit = Visit(browser, page_file)
    token, _ = cases(keys["good"], keys["revoked"], keys["stranger"])["genuine"]
    assert visit.check(token)["verdict"] == "ASLI"
    today = dt.date.today()
    assert visit.field("name") == "ANDI BASO TENRI"
    assert visit.field("nik") == "7373********0002"  # masked until asked
    assert visit.field("dob") == "12 Juli 1990"
    assert visit.field("sex") == "PEREMPUAN"
    assert visit.field("office") == "Dinas Kependudukan dan Pencatatan Sipil Kota Palopo"
    assert visit.field("number") == "471/0007/7373-LKT01/XI/2026"
    assert visit.field("iat").endswith(str(today.year)) or visit.field("iat")
    visit.page.click("#toggle-nik")
    assert visit.field("nik") == NIK
    visit.page.click("#language")
    assert visit.page.inner_text("#verdict") == "GENUINE" and visit.field("sex") == "FEMALE"
    assert "July" in visit.field("dob") and "sends nothing" in visit.page.inner_text("#offline")
    assert visit.close() == []


def test_the_page_says_it_works_offline_and_forbids_the_network(page_file):
    html = page_file.read_text(encoding="utf-8")
    assert "connect-src 'none'" in html and "default-src 'none'" in html
    assert "tidak mengirim apa pun" in html
    for outside in ("src=\"http", "href=\"http", "src='http", "@import", "url(http"):
        assert outside not in html


def test_a_qr_photographed_from_a_rendered_slip_passes_the_page_decoder(browser, page_file, keys, tmp_path):
    import pypdfium2 as pdfium

    from loket.intake.record import Address, IntakeRecord
    from loket.printing.office import OfficeInfo
    from loket.printing.slip import SlipData, render_suket

    person = IntakeRecord(
        nik=NIK, kk="7373010101900001", name="Andi Baso Tenri", birth_place="Palopo",
        birth_date=dt.date(1990, 7, 12), sex="P",
        address=Address("JL. ANDI DJEMMA NO. 12", "001", "002", "AMASANGAN", "WARA", "KOTA PALOPO",
                        "SULAWESI SELATAN"),
        religion="ISLAM", marital_status="KAWIN", occupation="GURU", nationality="WNI", biometrics_recorded=True,
    )
    office = OfficeInfo("Sulawesi Selatan", "Kota Palopo", "Dinas Kependudukan dan Pencatatan Sipil Kota Palopo",
                        "Jl. Andi Djemma No. 1, Palopo", "Palopo", "Drs. ANDI MUHAMMAD, M.Si",
                        "19680101 199003 1 005", "7373")
    made = payload()
    token = make_seal(keys["good"], made)
    slip = SlipData(office, made["no"], person, dt.date.fromisoformat(made["iat"]),
                    dt.date.fromisoformat(made["exp"]), token)
    picture = tmp_path / "slip.png"
    # About what a phone photo of the whole page gives: 150 dpi.
    pdfium.PdfDocument(render_suket(slip, "A4"))[0].render(scale=150 / 72).to_pil().save(picture)
    visit = Visit(browser, page_file)
    visit.page.set_input_files("#photo", str(picture))
    assert visit.verdict()["verdict"] == "ASLI"
    assert visit.page.input_value("#text") == token
    assert visit.close() == []

    blank = tmp_path / "blank.png"
    from PIL import Image

    Image.new("RGB", (400, 300), "white").save(blank)
    visit = Visit(browser, page_file)
    visit.page.set_input_files("#photo", str(blank))
    visit.page.wait_for_selector("#status:has-text('Tidak ada kode QR')")
    assert visit.close() == []


def test_a_seal_with_a_photo_hash_compares_the_photo_file(browser, page_file, keys, tmp_path):
    token = make_seal(keys["good"], payload(photo=PHOTO))
    visit = Visit(browser, page_file)
    assert visit.check(token)["verdict"] == "ASLI"
    assert "mencakup foto" in visit.page.inner_text("#photo-check")
    right, wrong = tmp_path / "right.png", tmp_path / "wrong.png"
    right.write_bytes(PHOTO)
    wrong.write_bytes(PHOTO + b"!")
    visit.page.set_input_files("#photo-file", str(wrong))
    visit.page.wait_for_selector("#photo-verdict.bad")
    assert "TIDAK COCOK" in visit.page.inner_text("#photo-verdict")
    visit.capture("photo-mismatch")
    visit.page.set_input_files("#photo-file", str(right))
    visit.page.wait_for_selector("#photo-verdict.ok")
    assert "COCOK" in visit.page.inner_text("#photo-verdict")
    # An old seal without a photo hash still passes, and asks for no photo.
    old, _ = cases(keys["good"], keys["revoked"], keys["stranger"])["genuine"]
    assert visit.check(old)["verdict"] == "ASLI"
    assert visit.page.locator("#photo-check").count() == 0
    requested = visit.close()
    assert all(url.startswith("blob:") for url in requested)  # the chosen photo, shown from memory


def test_a_changed_trust_list_disables_the_page(browser, keys, tmp_path):
    listed = trust_list(keys["publisher"], keys["good"], keys["revoked"])
    path = tmp_path / "changed.html"
    path.write_text(render_page(change_char(listed, 1)), encoding="utf-8")
    visit = Visit(browser, path)
    assert visit.page.get_attribute("body", "data-ready") == "broken"
    assert "rusak atau telah diubah" in visit.page.inner_text("#trust")
    token, _ = cases(keys["good"], keys["revoked"], keys["stranger"])["genuine"]
    visit.page.fill("#text", token)
    visit.page.click("#check")
    assert visit.page.locator("#result").is_hidden()
    assert visit.close() == []


def test_the_embedded_data_cannot_close_its_script(keys):
    html = render_page(trust_list(keys["publisher"], keys["good"], keys["revoked"]) + "</script><b>")
    data = html.split('<script id="cek-data" type="application/json">', 1)[1].split("</script>", 1)[0]
    assert json.loads(data)["trust_list"].endswith("</script><b>")


def _y4m(picture, path: Path, frames: int = 10) -> None:
    """A still picture as a Y4M video: what Chromium's fake camera plays."""
    width, height = 640, 480
    frame = picture.convert("RGB")
    frame.thumbnail((width, height))
    from PIL import Image

    canvas = Image.new("RGB", (width, height), "white")
    canvas.paste(frame, ((width - frame.width) // 2, (height - frame.height) // 2))
    y, cb, cr = canvas.convert("YCbCr").split()
    half = (width // 2, height // 2)
    planes = y.tobytes() + cb.resize(half).tobytes() + cr.resize(half).tobytes()
    with open(path, "wb") as out:
        out.write(f"YUV4MPEG2 W{width} H{height} F10:1 Ip A1:1 C420jpeg\n".encode("ascii"))
        for _ in range(frames):
            out.write(b"FRAME\n" + planes)


def test_the_camera_reads_the_qr(playwright, keys, page_file, tmp_path):
    """Chromium's fake camera plays a picture of the QR; the page's scan loop finds and checks it."""
    from loket.printing.pdfpage import qr_image
    from loket.printing.qr import qr_matrix

    token, _ = cases(keys["good"], keys["revoked"], keys["stranger"])["genuine"]
    from PIL import Image

    video = tmp_path / "camera.y4m"
    _y4m(qr_image(qr_matrix(token), 4).resize((440, 440), Image.NEAREST), video)
    args = CHROMIUM_ARGS + ["--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
                            f"--use-file-for-fake-video-capture={video}"]
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=args, headless=True)
    try:
        visit = Visit(browser, page_file)
        visit.page.click("#scan")
        assert visit.verdict()["verdict"] == "ASLI"
        assert visit.page.input_value("#text") == token
        assert visit.page.locator("#video").is_hidden()  # the camera is let go once the code is read
        assert visit.close() == []
    finally:
        browser.close()


def _parity_cases(keys) -> dict[str, str]:
    from loket.printing.keys import b64url

    from sealkit import signed

    good, revoked = keys["good"], keys["revoked"]
    made = cases(good, revoked, keys["stranger"])
    genuine = made["genuine"][0]
    head, body, signature = genuine.split(".")
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    twin = alphabet[alphabet.index(signature[-1]) ^ 1]  # same bytes, non-canonical text
    header = {"alg": "EdDSA", "kid": good.kid, "typ": "suket+jws"}
    incomplete = {k: v for k, v in payload().items() if k != "exp"}

    def raw_signed(body_bytes: bytes) -> str:
        head_text = b64url(json.dumps(header, separators=(",", ":")).encode())
        data = b64url(body_bytes)
        return f"{head_text}.{data}.{b64url(good.sign(f'{head_text}.{data}'.encode()))}"

    crafted = {
        **{name: token for name, (token, _) in made.items()},
        "non_canonical_signature": f"{head}.{body}.{signature[:-1]}{twin}",
        "no_kid": signed(good, {"alg": "EdDSA", "typ": "suket+jws"}, payload()),
        "crit": signed(good, {**header, "crit": ["exp"]}, payload()),
        "incomplete_payload": signed(good, header, incomplete),
        "version_2": signed(good, header, {**payload(), "v": 2}),
        "bad_photo_hash": signed(good, header, {**payload(), "ph": "xyz"}),
        "photo_hash": make_seal(good, payload(photo=PHOTO)),
        "other_station": make_seal(good, payload(station="7373-LKT09")),
        "before_key_validity": make_seal(good, payload(dt.date(2019, 12, 31))),
        "revoked_key_earlier_suket": make_seal(revoked, payload(dt.date(2025, 12, 31), dt.date(2099, 1, 1),
                                                                station="7373-LKT02")),
        "revoked_key_same_day": make_seal(revoked, payload(dt.date(2026, 1, 1), dt.date(2099, 1, 1),
                                                           station="7373-LKT02")),
        "surrounding_whitespace": f"\n  {genuine}  \n",
        "not_utf8": raw_signed(b"\xff\xfe{}"),
        "array_payload": raw_signed(b"[]"),
        "empty": "", "dots": "...", "abc": "a.b.c", "json": '{"alg":"EdDSA"}', "padded": "e30=.e30=.AA==",
        "url": "https://example.com/?q=1", "deep": "[" * 5000 + "." + "]" * 5000 + ".a",
    }
    return crafted


def test_the_page_and_loket_verify_give_the_same_reason(browser, page_file, keys):
    """One set of rules: every crafted seal gets the same verdict in the browser and in Python."""
    from loket.printing.seal import verify_seal
    from loket.printing.trustlist import read_trust_list

    listed = read_trust_list(trust_list(keys["publisher"], keys["good"], keys["revoked"]))
    visit = Visit(browser, page_file)
    for name, token in _parity_cases(keys).items():
        check = verify_seal(token, listed.keys)
        expected = "expired" if check.genuine and check.expired else check.reason
        shown = visit.check(token)
        assert shown["reason"] == expected, (name, shown, expected)
    assert visit.close() == []


def test_the_page_central_serves_checks_its_registered_keys(browser, tmp_path, keys):
    """``/cek`` from the real reference central: its own list inside, nothing fetched afterwards."""
    from centralkit import Link
    from loket.central.server import start_background

    central = start_background(tmp_path / "central.db")
    try:
        link = Link(central.url, "7373-LKT01", central.store.add_station("7373-LKT01"))
        assert link.register(keys["good"]).status_code == 204
        link.client.close()
        visit = Visit(browser, f"{central.url}/cek")
        today = dt.datetime.now(dt.timezone.utc).date()  # central's keys are valid from onboarding day
        assert visit.check(make_seal(keys["good"], payload(today)))["verdict"] == "ASLI"
        assert visit.check(make_seal(keys["stranger"], payload(today)))["reason"] == "unknown_key"
        assert "Pusat Layanan Adminduk" in visit.page.inner_text("#trust")
        assert visit.close() == []
    finally:
        central.stop()
