"""The command line in the chosen language, argparse's own words included: a Dutch facilitator's
``datatrip --lang nl inspect --help`` or a mistyped option reads Dutch from start to end."""

from __future__ import annotations

import re

import pytest
from test_inspect_cli import run

# argparse's words, and the placeholders datatrip gave its arguments before they were translated
ENGLISH = ["usage", "positional arguments", "options:", "show this help", "error", "required",
           "expected", "invalid", "choose from", "unrecognized", "FILE", "PATH", "NAMES", "TEXT",
           "COMMAND", "SECONDS", "PORT", "program's version"]


def english_in(text: str) -> list[str]:
    return [word for word in ENGLISH if re.search(rf"\b{re.escape(word)}\b", text)]


@pytest.mark.parametrize("command", [[], ["inspect"], ["export"], ["room"], ["sync"], ["recover"]])
def test_the_help_of_every_command_is_dutch(tmp_path, command):
    result = run("--lang", "nl", *command, "--help", env_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("gebruik: datatrip")
    assert "opties:" in result.stdout and "toon deze hulp en stop" in result.stdout
    assert english_in(result.stdout) == []


def test_the_inspect_help_names_its_placeholders_in_dutch(tmp_path):
    out = run("--lang", "nl", "inspect", "--help", env_dir=tmp_path).stdout
    assert "--text-columns NAMEN" in out and "--skip-top N" in out and "--db PAD" in out
    assert re.search(r"^\s+BESTAND\s+het bestand", out, re.M)


@pytest.mark.parametrize("args, said", [
    (["inspect"], "datatrip inspect: fout: deze argumenten zijn verplicht: BESTAND"),
    (["inspect", "--decimal"], "argument --decimal: hier hoort één waarde achter"),
    (["exprot"], "ongeldige keuze: 'exprot' (kies uit 'demo',"),
    (["room", "--port", "x"], "argument --port: verwacht een geheel getal van 0 of meer, niet 'x'"),
    (["sync", "--time-limit", "lang"], "verwacht een aantal seconden (0 of meer), niet 'lang'"),
    (["inspect", "a.csv", "--frobnicate"], "onbekende argumenten: --frobnicate"),
])
def test_a_mistake_on_the_command_line_is_told_in_dutch(tmp_path, args, said):
    result = run("--lang", "nl", *args, env_dir=tmp_path)
    assert result.returncode == 2
    last = result.stderr.strip().splitlines()[-1]
    assert said in last and english_in(last) == []
    assert result.stderr.startswith("gebruik: ")


def test_in_english_argparse_speaks_as_it_always_did(tmp_path):
    result = run("--lang", "en", "inspect", env_dir=tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith("usage: datatrip inspect")
    assert "datatrip inspect: error: the following arguments are required: FILE" in result.stderr
    out = run("--lang", "en", "--help", env_dir=tmp_path).stdout
    assert "positional arguments:" in out and "show this help message and exit" in out
