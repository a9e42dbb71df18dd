"""The 存证证书 renders Chinese from the sealed bundle (page 1 rasterised must not be blank)."""

import io
import shutil
import subprocess

import pytest
from PIL import Image

from wangjian.evidence.certificate import certificate_context, render_certificate


@pytest.fixture(scope="module")
def certificate_pdf(sealed, sealing_key, local_tsa):
    result, _trust = sealed
    return render_certificate(result.data, key=sealing_key, tsa_url=local_tsa.url)


def test_the_certificate_states_only_sealed_data(sealed):
    result, _trust = sealed
    context = certificate_context(result.data)
    assert context["bundle_id"] == "EV-TEST-000001"
    assert context["manifest_sha256"] == result.manifest_sha256
    assert context["capture"]["case"]["reason"] == "虚假宣传"
    assert context["log_index"] == 1
    assert len(context["resources"]) >= 8
    assert context["qr_svg_data_uri"].startswith("data:image/svg+xml")


def test_the_certificate_embeds_noto_cjk(certificate_pdf, tmp_path):
    if shutil.which("pdffonts") is None:
        pytest.fail("pdffonts missing: apt-get install poppler-utils")
    path = tmp_path / "certificate.pdf"
    path.write_bytes(certificate_pdf)
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True)
    cjk = [line for line in fonts.stdout.splitlines() if "Noto-Sans-CJK-SC" in line]
    assert cjk, fonts.stdout
    assert all(line.split()[-5:-2] == ["yes", "yes", "yes"] for line in cjk)  # emb sub uni


def test_page_one_renders_chinese_and_is_not_blank(certificate_pdf, tmp_path):
    if shutil.which("pdftoppm") is None:
        pytest.fail("pdftoppm missing: apt-get install poppler-utils")
    path = tmp_path / "certificate.pdf"
    path.write_bytes(certificate_pdf)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(path), str(tmp_path / "page")],
        check=True,
    )
    image = Image.open(io.BytesIO((tmp_path / "page-1.png").read_bytes())).convert("L")
    dark = sum(image.histogram()[:160])
    assert dark > 0.01 * image.width * image.height
    text = subprocess.run(
        ["pdftotext", "-f", "1", "-l", "1", str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "电子数据存证证书" in text
    assert "虚假宣传" in text
    everything = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "证明页面内容属实" in everything.replace("\n", "")
