"""Which language a text is in, for the API walks, the page walks and the browser walks.

A Chinese text shows none of the catalogue's English texts and, for short answers such as an
API reason, no English word at all beyond codes and field names; an English text shows none of
the catalogue's Chinese texts and, with its data known, no Chinese beyond that data and the
glosses in parentheses the English texts keep on purpose, such as "interview (约谈)"."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import polib
from django.conf import settings

HAN = re.compile(r"[\u3400-\u9fff]")
GLOSS = re.compile(r"[(（《][^()（）《》]*[\u3400-\u9fff][^()（）《》]*[)）》]")
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\{[^}]*\}\}|%[sd]|<[^>]*>|\n")
# A word of English: letters only, two or more, at least one lower-case (so "GTIN", "URL" and
# "XLSX", names of standards, are not words of a language).
WORD = re.compile(r"(?<![A-Za-z0-9_.\-/@])[A-Za-z]*[a-z][A-Za-z]*(?![A-Za-z0-9_.\-/@])")
# Words that are the same in a Chinese text: units, formats and names of things.
NEUTRAL = frozenset({"https", "http", "ms", "id", "whsec", "Bearer", "Webhook", "Webhooks"})


@functools.cache
def _catalogue() -> polib.POFile:
    return polib.pofile(str(Path(settings.BASE_DIR) / "locale/zh_Hans/LC_MESSAGES/django.po"))


@functools.cache
def chinese_sentences() -> tuple[str, ...]:
    """The catalogue's Chinese texts of six characters or more, placeholders split out."""
    found = set()
    for entry in _catalogue().translated_entries():
        for piece in PLACEHOLDER.split(entry.msgstr):
            piece = piece.strip(' 。，：；（）()"')
            if len(HAN.findall(piece)) >= 6 and not HAN.search(entry.msgid):
                found.add(piece)
    return tuple(sorted(found))


@functools.cache
def english_sentences() -> tuple[str, ...]:
    """The catalogue's English texts long enough not to be a code, a unit or a name."""
    found = set()
    for entry in _catalogue().translated_entries():
        for piece in PLACEHOLDER.split(entry.msgid):
            piece = piece.strip(' .,:;()"')
            if len(piece.split()) >= 3 and not HAN.search(piece):
                found.add(piece)
    return tuple(sorted(found))


def english_leaks(text: str) -> list[str]:
    """The catalogue's English texts found in a Chinese text."""
    return [s for s in english_sentences() if s in text]


def chinese_leaks(text: str) -> list[str]:
    """The catalogue's Chinese texts found in an English text (glosses left out)."""
    glossless = GLOSS.sub("", text)
    return [s for s in chinese_sentences() if s in glossless]


def han_left(text: str, *, data: Iterable[str] = ()) -> list[str]:
    """Lines of an English text still holding Chinese once its data and glosses are taken out."""
    for value in sorted(data, key=len, reverse=True):
        if value:
            text = text.replace(value, "")
    return [line for line in GLOSS.sub("", text).splitlines() if HAN.search(line)]


def english_words(text: str, *, codes: Iterable[str] = ()) -> list[str]:
    """English words of a Chinese text, codes and field names (`codes`, and anything with a
    digit, an underscore or a dot in it) left out."""
    allowed = NEUTRAL | set(codes)
    return [w for w in WORD.findall(text) if len(w) > 1 and w not in allowed]


def answer_texts(
    body: Any, *, skip: frozenset[str] = frozenset({"code", "field", "check"})
) -> Iterator[str]:
    """Every text of a JSON answer meant for a person: values, not keys; not the machine-stable
    codes and field names under `skip`."""
    if isinstance(body, str):
        yield body
    elif isinstance(body, dict):
        for key, value in body.items():
            if key not in skip:
                yield from answer_texts(value, skip=skip)
    elif isinstance(body, list):
        for value in body:
            yield from answer_texts(value, skip=skip)


class _Text(HTMLParser):
    """The visible text of a page's body, its leaf elements' texts, and the texts of elements
    marked with their own language (the switch to the other language); code, pre, script and
    style are left out."""

    SKIP = frozenset({"script", "style", "code", "pre", "template"})
    VOID = frozenset(
        {
            "area",
            "base",
            "br",
            "col",
            "embed",
            "hr",
            "img",
            "input",
            "link",
            "meta",
            "source",
            "wbr",
        }
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        # (tag, hidden, marked, own texts); a child element leaves "\x00" in its parent's.
        self.stack: list[tuple[str, bool, bool, list[str]]] = []
        self.body = False
        self.parts: list[str] = []
        self.leaves: list[str] = []
        self.marked: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "body":
            self.body = True
        if tag in self.VOID or not self.body:
            return
        hidden = self.stack[-1][1] if self.stack else False
        marked = self.stack[-1][2] if self.stack else False
        if self.stack:
            self.stack[-1][3].append("\x00")
        has_lang = tag != "body" and any(name == "lang" for name, _v in attrs)
        self.stack.append((tag, hidden or tag in self.SKIP, marked or has_lang, []))

    def handle_endtag(self, tag: str) -> None:
        if tag in self.VOID or not any(t == tag for t, *_rest in self.stack):
            return
        while self.stack:
            name, hidden, marked, own = self.stack.pop()
            text = "".join(own)
            if "\x00" not in text and not hidden and not marked and text.strip():
                self.leaves.append(text.strip())
            if name == tag:
                break

    def handle_data(self, data: str) -> None:
        if not self.stack:
            return
        _tag, hidden, marked, own = self.stack[-1]
        own.append(data)
        if hidden:
            return
        (self.marked if marked else self.parts).append(data)


def page_text(html: str) -> tuple[str, list[str], list[str]]:
    """(visible text, leaf texts, texts marked with their own language) of a page's body."""
    parser = _Text()
    parser.feed(html)
    parser.close()
    return "".join(parser.parts), parser.leaves, parser.marked


# A leaf whose whole text is a lowercase word or snake_case code: a stored code shown as is
# (a badge saying "abnormal", a factor "report_published").
BARE_CODE = re.compile(r"[a-z][a-z_]*")


def bare_codes(leaves: Iterable[str]) -> list[str]:
    return [text for text in leaves if BARE_CODE.fullmatch(text)]
