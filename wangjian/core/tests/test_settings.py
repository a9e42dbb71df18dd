import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from wangjian.core.checks import check_insecure_defaults
from wangjian.core.security import insecure_default_problems, refuse_insecure_defaults

INSECURE = "insecure-demo-key-do-not-use-in-production"
# Random values of the kind ``wangjian init-env`` writes (secrets.token_urlsafe(48)).
STRONG = "q3Zb8wYtH0mRk2VxN7pLc5JdF9sG1aUe4TnW6oKiB_yQ-hXrMvEjPzCl8gDfS2Au"
PERSONAL = "Wm4Hx9Lq2Tz7Vb1Nc6Rk3Pd8Sg5Fj0Ya-Ue_Ko2Ix7Gt4Bh9Ml1Qw6Zr3Cv8Ds5En"


@override_settings(
    DEBUG=False, ALLOW_INSECURE=False, SECRET_KEY=INSECURE, PERSONAL_DATA_HASH_KEY=INSECURE
)
def test_production_start_up_refuses_the_demo_secret():
    problems = insecure_default_problems()
    assert len(problems) == 2
    assert "WANGJIAN_SECRET_KEY" in problems[0]
    assert "WANGJIAN_PERSONAL_DATA_KEY" in problems[1]
    with pytest.raises(ImproperlyConfigured, match="refusing to start with insecure defaults"):
        refuse_insecure_defaults()
    assert [error.id for error in check_insecure_defaults(None)] == ["wangjian.E001"] * 2


@override_settings(
    DEBUG=False,
    ALLOW_INSECURE=False,
    SECRET_KEY=STRONG,
    PERSONAL_DATA_HASH_KEY=PERSONAL,
    ALLOWED_HOSTS=["*"],
)
def test_wildcard_hosts_are_refused_in_production():
    assert insecure_default_problems() == [
        "WANGJIAN_ALLOWED_HOSTS 不得包含 '*' / WANGJIAN_ALLOWED_HOSTS must not contain '*'"
    ]


@override_settings(
    DEBUG=False, ALLOW_INSECURE=False, SECRET_KEY=STRONG, PERSONAL_DATA_HASH_KEY=PERSONAL
)
def test_configured_production_settings_start():
    assert insecure_default_problems() == []
    refuse_insecure_defaults()


@override_settings(DEBUG=True, SECRET_KEY=INSECURE, PERSONAL_DATA_HASH_KEY=INSECURE)
def test_debug_mode_allows_the_demo_defaults():
    assert insecure_default_problems() == []


def _production(**values):
    base = {
        "DEBUG": False,
        "ALLOW_INSECURE": False,
        "SECRET_KEY": STRONG,
        "PERSONAL_DATA_HASH_KEY": PERSONAL,
        "ALLOWED_HOSTS": ["wangjian.example.gov.cn"],
    }
    return override_settings(**{**base, **values})


def test_the_personal_data_key_must_be_set_on_its_own():
    # Without WANGJIAN_PERSONAL_DATA_KEY, settings fall back to the secret key.
    with _production(PERSONAL_DATA_HASH_KEY=STRONG):
        assert insecure_default_problems() == [
            "WANGJIAN_PERSONAL_DATA_KEY 须单独设置，且不同于 WANGJIAN_SECRET_KEY / "
            "WANGJIAN_PERSONAL_DATA_KEY must be set on its own, different from "
            "WANGJIAN_SECRET_KEY"
        ]


@pytest.mark.parametrize(
    ("secret", "personal", "needle"),
    [
        ("a" * 32, PERSONAL, "WANGJIAN_SECRET_KEY 不是随机值（估计熵约 0 位"),
        ("abcd" * 8, PERSONAL, "WANGJIAN_SECRET_KEY 不是随机值"),
        ("0123456789abcdef" * 4, PERSONAL, "WANGJIAN_SECRET_KEY 不是随机值"),
        (STRONG, "x", "WANGJIAN_PERSONAL_DATA_KEY 须至少 32 个字符（当前 1 个）"),
        (STRONG[:20], PERSONAL, "WANGJIAN_SECRET_KEY 须至少 32 个字符（当前 20 个）"),
    ],
)
def test_short_or_patterned_keys_are_refused(secret, personal, needle):
    with _production(SECRET_KEY=secret, PERSONAL_DATA_HASH_KEY=personal):
        problems = insecure_default_problems()
        assert len(problems) == 1
        assert problems[0].startswith(needle)
        assert "generate it with wangjian init-env" in problems[0]
        with pytest.raises(ImproperlyConfigured):
            refuse_insecure_defaults()


def test_keys_written_by_init_env_pass(tmp_path):
    from wangjian.cli import main

    path = tmp_path / "fresh" / "wangjian.env"
    assert main(["init-env", "--path", str(path)]) == 0
    values = dict(line.split("=", 1) for line in path.read_text().splitlines() if "=" in line)
    with _production(
        SECRET_KEY=values["WANGJIAN_SECRET_KEY"],
        PERSONAL_DATA_HASH_KEY=values["WANGJIAN_PERSONAL_DATA_KEY"],
    ):
        assert insecure_default_problems() == []
    assert (path.parent.stat().st_mode & 0o777, path.stat().st_mode & 0o777) == (0o700, 0o600)


@pytest.mark.parametrize("host", [".com", ".com.cn", ".gov.cn", ".github.io", "."])
def test_a_bare_public_suffix_host_is_refused(host):
    with _production(ALLOWED_HOSTS=["wangjian.example.gov.cn", host]):
        assert insecure_default_problems() == [
            f"WANGJIAN_ALLOWED_HOSTS 不得包含公共后缀 {host!r}（它匹配该后缀下的所有主机）/ "
            f"WANGJIAN_ALLOWED_HOSTS must not contain the public suffix {host!r} (it matches "
            "every host under it)"
        ]


@pytest.mark.parametrize("host", [".sh.gov.cn", ".example.com", "localhost", "10.0.0.5"])
def test_a_registrable_domain_host_is_accepted(host):
    with _production(ALLOWED_HOSTS=[host]):
        assert insecure_default_problems() == []


def test_allow_insecure_skips_the_checks_and_says_so():
    with _production(ALLOW_INSECURE=True, SECRET_KEY="a" * 32, ALLOWED_HOSTS=[".com"]):
        assert insecure_default_problems() == []
        [warning] = check_insecure_defaults(None)
        assert warning.id == "wangjian.W010"
        assert "closed test machines only" in warning.msg


def test_var_and_the_sqlite_file_are_private_whatever_the_umask(tmp_path):
    import os
    import subprocess
    import sys

    code = (
        "import os; os.umask(0o022);"
        "os.environ['DJANGO_SETTINGS_MODULE'] = 'wangjian.config.settings';"
        "import django; django.setup();"
        "from django.db import connection;"
        "cursor = connection.cursor(); cursor.execute('create table t (x int)');"
        "cursor.execute('insert into t values (1)')"
    )
    environment = {
        key: value for key, value in os.environ.items() if not key.startswith("WANGJIAN_")
    }
    environment.update({"WANGJIAN_BASE_DIR": str(tmp_path), "WANGJIAN_DEBUG": "1"})
    subprocess.run(
        [sys.executable, "-c", code], env=environment, check=True, timeout=120, cwd=tmp_path
    )
    var = tmp_path / "var"
    assert var.stat().st_mode & 0o777 == 0o700
    database = var / "wangjian.sqlite3"
    assert database.stat().st_mode & 0o777 == 0o600
    for companion in var.glob("wangjian.sqlite3-*"):
        assert companion.stat().st_mode & 0o777 == 0o600, companion.name


def test_an_existing_world_readable_database_is_tightened(tmp_path):
    from wangjian.config.files import private_file

    database = tmp_path / "old.sqlite3"
    database.write_bytes(b"")
    database.chmod(0o644)
    private_file(database)
    assert database.stat().st_mode & 0o777 == 0o600
