"""The engine runs outside Django (Spark executors, other programs): importing it and scanning
loads no Django module."""

import subprocess
import sys

CODE = """
import sys
from wangjian.monitoring.engine import checks, engine, files, normalise, records, rules
from wangjian.monitoring.engine import runner, spark
findings = engine.Engine().scan_text("全网最低价")
assert [f.rule for f in findings] == ["PR-002"], findings
print(sorted(name for name in sys.modules if name == "django" or name.startswith("django.")))
"""


def test_engine_imports_and_scans_without_django():
    result = subprocess.run(
        [sys.executable, "-c", CODE], capture_output=True, text=True, check=True, timeout=120
    )

    assert result.stdout.strip() == "[]"
