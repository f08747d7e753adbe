"""Every string of the Chinese catalogue is translated and compiled into the shipped .mo."""

from __future__ import annotations

import ast
import gettext
from pathlib import Path

LOCALE = Path(__file__).resolve().parent.parent / "locale" / "zh_Hans" / "LC_MESSAGES"


def po_msgids(path: Path) -> set[str]:
    """msgids of a .po file (plural entries by their singular), header excluded."""
    ids, current, in_id = set(), "", False
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith(("msgid ", "msgid_plural ")) or line.startswith("msgstr"):
            if in_id and current:
                ids.add(current)
            in_id = line.startswith("msgid ")
            current = ast.literal_eval(line.split(" ", 1)[1]) if in_id else ""
        elif line.startswith('"') and in_id:
            current += ast.literal_eval(line)
    return ids


def test_every_string_is_translated_and_compiled() -> None:
    with (LOCALE / "django.mo").open("rb") as f:
        catalog = gettext.GNUTranslations(f)
    keys = {k[0] if isinstance(k, tuple) else k for k in catalog._catalog}
    compiled = {k.split("\x04")[-1] for k in keys}  # a context is "context\x04msgid"
    missing = sorted(po_msgids(LOCALE / "django.po") - compiled)
    assert missing == [], f"untranslated or not compiled: {missing[:10]}"
