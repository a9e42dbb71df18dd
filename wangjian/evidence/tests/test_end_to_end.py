"""Capture a loopback page with Chinese text, seal it, verify it offline, and tamper with it."""

import base64
import io
import json
import zipfile

import pytest
from PIL import Image

from wangjian.cli import main as wangjian_main
from wangjian.evidence.bundle.verify import verify_bundle
from wangjian.evidence.bundle.wacz import DIGEST_PATH, MANIFEST_PATH, add_certificate
from wangjian.evidence.tests.conftest import PAGE_TEXT


def rewrite(bundle: bytes, path: str, change) -> bytes:
    """The bundle with member ``path`` replaced by ``change(old bytes)``; all else identical."""
    source = zipfile.ZipFile(io.BytesIO(bundle))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == path:
                content = change(content)
            target.writestr(info, content)
    return buffer.getvalue()


def flip_byte(content: bytes, position: int | None = None) -> bytes:
    changed = bytearray(content)
    changed[len(changed) // 2 if position is None else position] ^= 0x01
    return bytes(changed)


def test_the_capture_records_the_page_and_its_environment(page_capture, site_url):
    record = page_capture.record
    assert record["target"]["url_entered"] == site_url
    assert record["target"]["final_url"] == site_url + "#more"
    assert record["target"]["title"] == "测试店铺首页"
    assert record["target"]["server_ip"] == "127.0.0.1"
    assert record["environment"]["browser_flags"][0] == "--headless=new"
    assert record["environment"]["browser_version"]
    assert [step["action"] for step in record["navigation_steps"]] == ["goto", "click"]
    assert PAGE_TEXT in page_capture.files["evidence/dom.html"].decode()
    assert page_capture.files["evidence/page.mhtml"].startswith(b"From: <Saved by Blink>")
    assert page_capture.files["evidence/page.pdf"].startswith(b"%PDF-")
    assert any(path.startswith("evidence/screencast-") for path in page_capture.files)
    urls = {response.url: response for response in page_capture.responses}
    assert PAGE_TEXT.encode() in urls[site_url].body
    assert urls[site_url + "style.css"].status == 200


def test_the_screenshot_shows_the_page(page_capture):
    image = Image.open(io.BytesIO(page_capture.files["evidence/screenshot.png"])).convert("L")
    assert image.width == 1280
    dark = sum(image.histogram()[:128])
    assert dark > 500  # the heading and paragraphs, not a blank page


def test_a_sealed_bundle_passes_all_seven_steps(sealed):
    result, trust = sealed
    report = verify_bundle(result.data, trust)
    assert report.failed_steps == [], report.render()
    assert report.ok
    assert report.manifest_sha256 == result.manifest_sha256


def test_the_bundle_is_a_wacz(sealed):
    result, _trust = sealed
    archive = zipfile.ZipFile(io.BytesIO(result.data))
    manifest = json.loads(archive.read(MANIFEST_PATH))
    assert manifest["profile"] == "data-package"
    assert manifest["wacz_version"] == "1.1.1"
    paths = {resource["path"] for resource in manifest["resources"]}
    assert {"archive/capture.warc.gz", "indexes/index.cdx", "pages/pages.jsonl"} <= paths
    # Nothing outside the manifest but the two files WACZ itself exempts.
    assert set(archive.namelist()) == paths | {"datapackage.json", "datapackage-digest.json"}
    assert archive.getinfo("archive/capture.warc.gz").compress_type == zipfile.ZIP_STORED
    digest = json.loads(archive.read(DIGEST_PATH))
    assert digest["path"] == "datapackage.json"
    assert digest["signedData"]["hash"] == digest["hash"]


def test_the_reference_validator_accepts_a_sealed_bundle(sealed, tmp_path):
    from wangjian.evidence.tests.test_commands import WACZ_VALID, run_wacz_validate

    result, _trust = sealed
    bundle = tmp_path / "sealed.wacz"
    bundle.write_bytes(result.data)
    validation = run_wacz_validate(bundle)
    assert WACZ_VALID in validation, validation
    # The layout before 2026-12 (certificate inside, outside the manifest) is what it refused.
    older = tmp_path / "older.wacz"
    older.write_bytes(add_certificate(result.data, b"%PDF-1.7 placeholder"))
    refused = run_wacz_validate(older)
    assert "certificate.pdf is not listed in the datapackage" in refused
    assert WACZ_VALID not in refused


def test_the_certificate_beside_the_bundle_is_checked_against_the_manifest(
    sealed, sealing_key, local_tsa
):
    from wangjian.evidence.certificate import render_certificate

    result, trust = sealed
    pdf = render_certificate(result.data, key=sealing_key, tsa_url=local_tsa.url)
    report = verify_bundle(result.data, trust, certificate=pdf)
    assert report.failed_steps == [], report.render()
    assert "PAdES" in report.steps[6].reason
    assert verify_bundle(result.data, trust, certificate=flip_byte(pdf, 400)).failed_steps == [7]
    assert "no certificate given" in verify_bundle(result.data, trust).steps[6].reason


def test_an_older_bundle_with_the_certificate_inside_still_verifies(sealed, sealing_key, local_tsa):
    from wangjian.evidence.tests.conftest import with_certificate

    result, trust = sealed
    certified = with_certificate(result.data, sealing_key, local_tsa.url)
    report = verify_bundle(certified, trust)
    assert report.failed_steps == [], report.render()
    assert "PAdES" in report.steps[6].reason
    assert "stamped" in report.steps[6].reason
    changed = verify_bundle(
        rewrite(certified, "certificate.pdf", lambda pdf: flip_byte(pdf, 400)), trust
    )
    assert changed.failed_steps == [7]
    import weasyprint

    another_manifest = weasyprint.HTML(
        string=f'<meta name="keywords" content="wangjian-manifest-sha256:{"0" * 64}"><p>证书</p>'
    ).write_pdf()
    forged = rewrite(certified, "certificate.pdf", lambda _pdf: another_manifest)
    assert verify_bundle(forged, trust).failed_steps == [7]


def _listed_files(bundle: bytes) -> list[str]:
    manifest = json.loads(zipfile.ZipFile(io.BytesIO(bundle)).read(MANIFEST_PATH))
    return [resource["path"] for resource in manifest["resources"]]


def test_one_byte_changed_in_any_listed_file_fails_step_one(sealed):
    result, trust = sealed
    paths = _listed_files(result.data)
    assert len(paths) >= 8
    for path in paths:
        report = verify_bundle(rewrite(result.data, path, flip_byte), trust)
        assert report.failed_steps[0] == 1, (path, report.render())


def test_one_byte_changed_in_a_rendering_also_fails_the_warc_check(sealed):
    result, trust = sealed
    report = verify_bundle(rewrite(result.data, "evidence/dom.html", flip_byte), trust)
    assert report.failed_steps == [1, 5]


def test_one_byte_changed_in_the_manifest_fails_step_two(sealed):
    result, trust = sealed

    def change_title(content: bytes) -> bytes:
        # A change that keeps the JSON valid, so the failure is the digest and not parsing.
        return content.replace("电子数据存证".encode(), "电子数据存正".encode(), 1)

    report = verify_bundle(rewrite(result.data, MANIFEST_PATH, change_title), trust)
    assert report.failed_steps == [2, 6]


def _change_signed(bundle: bytes, field: str, position: int) -> bytes:
    def change(content: bytes) -> bytes:
        digest = json.loads(content)
        raw = bytearray(base64.b64decode(digest["signedData"][field]))
        raw[position] ^= 0x01
        digest["signedData"][field] = base64.b64encode(bytes(raw)).decode()
        return json.dumps(digest, indent=2, ensure_ascii=False).encode()

    return rewrite(bundle, DIGEST_PATH, change)


def test_one_byte_changed_in_the_signature_fails_step_three(sealed):
    result, trust = sealed
    report = verify_bundle(_change_signed(result.data, "signature", 10), trust)
    assert report.failed_steps[0] == 3


def test_one_byte_changed_in_the_timestamp_token_fails_step_four(sealed):
    result, trust = sealed
    token_length = len(result.timestamp_token)
    for position in (token_length // 2, token_length - 20):
        report = verify_bundle(_change_signed(result.data, "timeSignature", position), trust)
        assert report.failed_steps == [4, 6], report.render()


def _change_custody_log(bundle: bytes, field: str, change) -> bytes:
    def rewrite_digest(content: bytes) -> bytes:
        digest = json.loads(content)
        digest["custodyLog"][field] = change(digest["custodyLog"][field])
        return json.dumps(digest, indent=2, ensure_ascii=False).encode()

    return rewrite(bundle, DIGEST_PATH, rewrite_digest)


def test_one_byte_changed_in_the_inclusion_proof_fails_step_six(sealed):
    result, trust = sealed

    def change_hash(text: str) -> str:
        lines = text.split("\n")
        first_hash = next(number for number, line in enumerate(lines) if line.startswith("index "))
        raw = bytearray(base64.b64decode(lines[first_hash + 1]))
        raw[0] ^= 0x01
        lines[first_hash + 1] = base64.b64encode(bytes(raw)).decode()
        return "\n".join(lines)

    report = verify_bundle(_change_custody_log(result.data, "proof", change_hash), trust)
    assert report.failed_steps == [6]
    assert "根哈希" in report.steps[5].reason


def test_one_byte_changed_in_the_log_entry_fails_step_six(sealed):
    result, trust = sealed
    changed = _change_custody_log(result.data, "entry", lambda text: text.replace("seal", "sea1"))
    assert verify_bundle(changed, trust).failed_steps == [6]


def test_one_byte_changed_in_the_checkpoint_timestamp_fails_step_six(sealed):
    result, trust = sealed
    assert "checkpoint stamped" in verify_bundle(result.data, trust).steps[5].reason

    def flip_token(text: str) -> str:
        return base64.b64encode(flip_byte(base64.b64decode(text))).decode()

    report = verify_bundle(
        _change_custody_log(result.data, "checkpointTimestamp", flip_token), trust
    )
    assert report.failed_steps == [6]
    assert "checkpoint timestamp" in report.steps[5].reason


def test_a_bundle_checked_against_another_platform_fails_its_anchors(sealed, local_tsa):
    from wangjian.evidence.bundle import keys
    from wangjian.evidence.bundle.custody import MemoryCustodyLog
    from wangjian.evidence.bundle.local_tsa import make_test_pki
    from wangjian.evidence.bundle.verify import Trust

    result, _trust = sealed
    stranger = keys.generate_key()
    log = MemoryCustodyLog("test.wangjian/evidence-log", stranger)
    other = Trust(
        {keys.key_fingerprint(stranger.public_key())},
        log.origin,
        log.verifier_key,
        [make_test_pki(label="other").root_certificate],
    )
    assert verify_bundle(result.data, other).failed_steps == [3, 4, 6]


def test_a_duplicated_zip_member_fails_step_one(sealed):
    result, trust = sealed
    buffer = io.BytesIO(result.data)
    with zipfile.ZipFile(buffer, "a") as archive, pytest.warns(UserWarning, match="Duplicate"):
        archive.writestr("evidence/dom.html", b"<p>another page</p>")
    report = verify_bundle(buffer.getvalue(), trust)
    assert report.failed_steps[0] == 1
    assert "duplicate" in report.steps[0].reason


def test_a_file_that_is_not_a_zip_fails_every_step(sealed):
    _result, trust = sealed
    report = verify_bundle(b"not a bundle", trust)
    assert report.failed_steps == [1, 2, 3, 4, 5, 6, 7]


@pytest.mark.parametrize(
    ("tamper", "exit_status", "failing"),
    [
        (None, 0, []),
        ("manifest", 1, ["[FAIL] 2."]),
        ("proof", 1, ["[FAIL] 6."]),
    ],
)
def test_the_verify_command_reports_each_step_and_its_exit_status(
    sealed, tmp_path, capsys, tamper, exit_status, failing
):
    result, trust = sealed
    data = result.data
    if tamper == "manifest":
        data = rewrite(data, MANIFEST_PATH, lambda c: c.replace(b'"software"', b'"softwarf"'))
    elif tamper == "proof":
        data = rewrite(data, DIGEST_PATH, lambda c: c.replace(b"index 1", b"index 0"))
    bundle, trust_file = tmp_path / "b.wacz", tmp_path / "trust.json"
    bundle.write_bytes(data)
    trust_file.write_text(trust.to_json())
    status = wangjian_main(["evidence", "verify", str(bundle), "--trust", str(trust_file)])
    output = capsys.readouterr().out
    assert status == exit_status
    assert output.count("[PASS]") + output.count("[FAIL]") == 7
    for marker in failing:
        assert marker in output


@pytest.fixture(scope="module")
def https_site(tmp_path_factory):
    """A loopback HTTPS server with a certificate made for this run."""
    import datetime
    import ssl
    import threading
    from http.server import ThreadingHTTPServer

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    from wangjian.evidence.tests.conftest import _SiteHandler

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=2))
        .sign(key, hashes.SHA256())
    )
    directory = tmp_path_factory.mktemp("tls")
    (directory / "cert.pem").write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    (directory / "key.pem").write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(directory / "cert.pem", directory / "key.pem")
    server = ThreadingHTTPServer(("127.0.0.1", 0), _SiteHandler)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    fingerprint = certificate.fingerprint(hashes.SHA256()).hex()
    yield f"https://127.0.0.1:{server.server_address[1]}/", fingerprint
    server.shutdown()
    server.server_close()


def test_an_https_live_page_records_its_certificate_and_periodic_screenshots(https_site):
    from wangjian.evidence.bundle.capture import CaptureRequest, capture_page
    from wangjian.evidence.tests.conftest import loopback_policy

    url, fingerprint = https_site
    capture = capture_page(
        CaptureRequest(
            url=url,
            live_duration_seconds=1.0,
            live_interval_seconds=0.5,
            policy=loopback_policy(url),
        )
    )
    assert capture.record["target"]["tls"]["sha256_fingerprint"] == fingerprint
    assert capture.record["target"]["tls"]["pem"].startswith("-----BEGIN CERTIFICATE-----")
    shots = sorted(path for path in capture.files if path.startswith("evidence/live-"))
    assert shots == ["evidence/live-0001.png", "evidence/live-0002.png"]
    assert capture.record["live"] == {"duration_seconds": 1.0, "interval_seconds": 0.5}


def test_the_verifier_runs_without_django(sealed, tmp_path):
    import os
    import subprocess
    import sys

    result, trust = sealed
    (tmp_path / "b.wacz").write_bytes(result.data)
    (tmp_path / "trust.json").write_text(trust.to_json())
    script = (
        "import sys, runpy\n"
        "sys.argv = ['x', 'verify', sys.argv[1], '--trust', sys.argv[2]]\n"
        "try:\n"
        "    runpy.run_module('wangjian.evidence.bundle', run_name='__main__')\n"
        "except SystemExit as exit:\n"
        "    assert not any(m == 'django' or m.startswith('django.') for m in sys.modules)\n"
        "    raise\n"
    )
    environment = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    completed = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path / "b.wacz"), str(tmp_path / "trust.json")],
        capture_output=True,
        text=True,
        env=environment,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.count("[PASS]") == 7
