"""A wrongly written date or an impossible page is a one-line usage error (exit 2), never a traceback."""
from __future__ import annotations

import pytest
from click.testing import CliRunner

from kroniek.cli import main


@pytest.mark.parametrize("args", [
    ["events", "--since", "13-03-2025"], ["events", "--until", "2019-13-01"], ["timeline", "--since", "0000-00-00"],
    ["events", "--limit", "-5"], ["quotes", "--limit", "0"], ["actors", "--offset", "-1"],
    ["analyze", "--date", "13-03-2025", "-"],
])
def test_bad_values_are_usage_errors_naming_the_option(args, tmp_path):
    res = CliRunner().invoke(main, [*args, "--db", str(tmp_path / "none.duckdb")] if args[0] != "analyze" else args,
                             input="Tekst.")
    assert res.exit_code == 2, res.output
    assert "Traceback" not in res.output and "Error: Invalid value for '--" in res.output
    option = next(a for a in args if a.startswith("--"))
    assert option in res.output
    if "date" in option or option in ("--since", "--until"):
        assert "expected YYYY-MM-DD" in res.output


def test_a_good_date_passes(tmp_path):
    res = CliRunner().invoke(main, ["events", "--since", "2019-03-05", "--db", str(tmp_path / "none.duckdb")])
    assert res.exit_code == 1 and "no kroniek database" in res.output  # the date was accepted; the file is missing
