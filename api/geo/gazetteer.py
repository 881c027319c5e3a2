"""The offline Dutch gazetteer: PC4 postcodes and place names → point and municipality.

Built from GeoNames postal codes by scripts/build_geodata.py (see seed_data/README.md).
Nothing here touches the network: a boy's postcode never leaves the server.
"""

import difflib
import json
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from api.resources import resource_dir
from api.text import fold

PC4 = re.compile(r"^\s*([1-9]\d{3})\s*([A-Za-z]{2})?\s*$")
# The Netherlands' bounding box (European part), with a small margin.
NL_BOUNDS = (50.70, 53.60, 3.30, 7.30)


@dataclass(frozen=True)
class GazetteerEntry:
    """A point with the municipality it lies in."""

    name: str
    latitude: float
    longitude: float
    municipality_code: str


def inside_netherlands(latitude: float, longitude: float) -> bool:
    """Whether a point lies in the Netherlands' bounding box."""
    south, north, west, east = NL_BOUNDS
    return south <= latitude <= north and west <= longitude <= east


def pc4_of(postcode: str) -> str | None:
    """The 4-digit part of a Dutch postcode ("8011 AB" → "8011"), or None if not Dutch-shaped."""
    match = PC4.match(postcode)
    return match.group(1) if match else None


class Gazetteer:
    """Lookups over the PC4 and place tables."""

    def __init__(self, *, postcodes: dict[str, dict], places: dict[str, dict]) -> None:
        self._postcodes = {
            pc: GazetteerEntry(name=row["place"], latitude=row["lat"], longitude=row["lon"],
                               municipality_code=row["municipality"])
            for pc, row in postcodes.items()
        }
        self._places = {
            key: GazetteerEntry(name=row["name"], latitude=row["lat"], longitude=row["lon"],
                                municipality_code=row["municipality"])
            for key, row in places.items()
        }

    @classmethod
    def from_file(cls, path: Path) -> "Gazetteer":
        """Read gazetteer.json."""
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(postcodes=data["postcodes"], places=data["places"])

    def all_postcodes(self) -> dict[str, GazetteerEntry]:
        """Every PC4 entry (read-only use)."""
        return dict(self._postcodes)

    def postcode(self, postcode: str) -> GazetteerEntry | None:
        """The PC4 area of a PC4 or PC6 postcode."""
        pc4 = pc4_of(postcode)
        return self._postcodes.get(pc4) if pc4 else None

    def place(self, name: str) -> GazetteerEntry | None:
        """A place by name; case, accents, punctuation and known aliases ("Den Bosch") ignored."""
        return self._places.get(fold(name))

    def closest_place(self, name: str) -> str | None:
        """The display name of the place whose name is most like this one (difflib), if close enough."""
        matches = difflib.get_close_matches(fold(name), self._places.keys(), n=1, cutoff=0.8)
        return self._places[matches[0]].name if matches else None

    def nearest(self, latitude: float, longitude: float) -> GazetteerEntry:
        """The PC4 area whose centre is nearest (to find the municipality of a point)."""
        scale = math.cos(math.radians(latitude))
        return min(
            self._postcodes.values(),
            key=lambda e: (e.latitude - latitude) ** 2 + ((e.longitude - longitude) * scale) ** 2,
        )


@lru_cache
def get_gazetteer() -> Gazetteer:
    """The gazetteer shipped with this installation, loaded once per process."""
    return Gazetteer.from_file(resource_dir("seed_data") / "gazetteer.json")
