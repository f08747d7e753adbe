"""Demo firms: valid codes in real regions (most in Anqing and Guangdong), plausible names."""

from __future__ import annotations

import datetime as dt
import json
import random
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from demo import words as w
from demo.run import DemoFirm, SeedRun
from enterprises.models import Region, RegionLevel
from enterprises.uscc import ALPHABET, make_uscc

# Where demo firms are: most in Anqing (the seed's city) and Guangdong, the rest nationwide.
FOCUS = (("3408", 0.45), ("44", 0.25))
ORG_SPACE = 31**6  # six free characters after "MA" in the organisation code
ORG_STRIDE = 550_004_933  # coprime with 31**6, so index -> code is a bijection that looks random
CITY_SUFFIXES = (
    "特别行政区",
    "自治州",
    "地区",
    "盟",
    "市",
    "省",
    "自治区",
    "壮族",
    "回族",
    "维吾尔",
)
ENTERPRISE_COLUMNS = (
    "id",
    "uscc",
    "name",
    "former_names",
    "legal_representative",
    "region_id",
    "address",
    "industry",
    "product_risk",
    "established_on",
    "status",
    "created_at",
    "updated_at",
)


WELL_KNOWN_NAME = "华为技术有限公司"


def org_code(index: int) -> str:
    n = (index * ORG_STRIDE) % ORG_SPACE
    chars = []
    for _ in range(6):
        n, r = divmod(n, 31)
        chars.append(ALPHABET[r])
    return "MA" + "".join(chars)


def short_city(region: Region) -> str:
    """The city a firm's name starts with (安庆, 深圳), or its province for a direct county."""
    city = region.parent if region.parent and region.parent.name not in ("市辖区", "县") else None
    base = city or (region.parent.parent if region.parent else region)
    name = base.name if base else region.name
    for suffix in CITY_SUFFIXES:
        name = name.removesuffix(suffix)
    return name[:4] or region.name[:2]


@dataclass(frozen=True)
class Counties:
    """Every county, and those of the focus areas with the share of firms they get."""

    every: list[Region]
    focus: list[tuple[list[Region], float]]

    @classmethod
    def load(cls) -> Counties:
        every = list(
            Region.objects.filter(level=RegionLevel.COUNTY).select_related("parent__parent")
        )
        focus = [([r for r in every if r.code.startswith(p)], share) for p, share in FOCUS]
        return cls(every=every, focus=focus)

    def pick(self, rng: random.Random) -> Region:
        x = rng.random()
        for pool, share in self.focus:
            if x < share and pool:
                return rng.choice(pool)
            x -= share
        return rng.choice(self.every)


def _names(run: SeedRun, city: str, word: str) -> tuple[str, list[str]]:
    """The firm's name and, for a few, a former one."""
    rng = run.rng
    trade = rng.choice(w.TRADE_CHARS) + rng.choice(w.TRADE_CHARS)
    name = f"{city}{trade}{word}{run.weighted(w.SUFFIXES)}"
    former = []
    if rng.random() < 0.05:
        former = [f"{city}{rng.choice(w.TRADE_CHARS)}{rng.choice(w.TRADE_CHARS)}{word}厂"]
    return name, former


def enterprise_rows(
    run: SeedRun, *, start_id: int, counties: Counties
) -> Iterator[tuple[Any, ...]]:
    """Rows of the firms, numbered from start_id; each is remembered in run.firms."""
    rng = run.rng
    for i in range(run.counts.enterprises):
        eid = start_id + i
        region = counties.pick(rng)
        b = rng.randrange(len(w.BUSINESSES))
        section, word, risk, _products = w.BUSINESSES[b]
        city = short_city(region)
        name, former = _names(run, city, word)
        if eid == 1:
            # The first firm of a fresh seed has a name everyone types in every form (华为,
            # 華為, huawei, hw): the search and match walkthroughs use it. Drawn as usual
            # before, so the other firms stay the same.
            name, former = WELL_KNOWN_NAME, []
        rep = rng.choice(w.SURNAMES) + "".join(rng.choices(w.GIVEN, k=rng.randint(1, 2)))
        uscc = make_uscc(department="9", entity_type="1", region=region.code, org8=org_code(eid))
        # Records reach back 6 years, so every demo firm is older than that.
        established = run.today - dt.timedelta(days=rng.randint(6 * 365 + 30, 30 * 365))
        address = f"{region.name}{rng.choice(w.STREETS)}{rng.randint(1, 999)}号"
        run.firms.append(DemoFirm(id=eid, region_code=region.code, business=b, city=city))
        yield (
            eid,
            uscc,
            name,
            json.dumps(former, ensure_ascii=False),
            rep,
            region.code,
            address,
            section,
            risk,
            established,
            "active",
            run.now,
            run.now,
        )
