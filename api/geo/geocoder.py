"""A geopy geocoder backed by the offline gazetteer (no network, ever)."""

import re

from geopy.adapters import BaseSyncAdapter
from geopy.exc import GeocoderServiceError
from geopy.geocoders.base import Geocoder
from geopy.location import Location

from api.geo.gazetteer import (
    Gazetteer,
    GazetteerEntry,
    get_gazetteer,
    inside_netherlands,
    pc4_of,
)

_LAT_LON = re.compile(r"^\s*(-?\d{1,2}(?:\.\d+)?)\s*,\s*(-?\d{1,3}(?:\.\d+)?)\s*$")
_POSTCODE_LIKE = re.compile(r"^\s*\d")


def looks_like_coordinates(query: str) -> bool:
    """Whether a query has the "lat,lon" form."""
    return _LAT_LON.match(query) is not None


class NoNetworkAdapter(BaseSyncAdapter):
    """Refuses every HTTP request: this geocoder must never call a third party."""

    def get_json(self, url, *, timeout, headers):  # type: ignore[no-untyped-def]
        """Never fetch."""
        raise GeocoderServiceError("the offline geocoder makes no network calls")

    def get_text(self, url, *, timeout, headers):  # type: ignore[no-untyped-def]
        """Never fetch."""
        raise GeocoderServiceError("the offline geocoder makes no network calls")


class OfflineDutchGeocoder(Geocoder):
    """Understands PC4 ("8011"), PC6 ("8011 AB", "8011ab"), place names with aliases, and "lat,lon".

    `raw` of each result holds `kind` (postcode, place or coordinates) and `municipality_code`.
    """

    def __init__(self, *, gazetteer: Gazetteer | None = None) -> None:
        super().__init__(adapter_factory=NoNetworkAdapter)
        self.gazetteer = gazetteer or get_gazetteer()

    def geocode(self, query: str, *, exactly_one: bool = True) -> Location | list[Location] | None:  # type: ignore[override]
        """Interpret a query; None when it is not known."""
        found = self._interpret(query)
        if found is None:
            return None
        return found if exactly_one else [found]

    def suggest(self, query: str) -> str | None:
        """The closest known place name to a misspelt one ("Zwole" → "Zwolle"), or None."""
        if _POSTCODE_LIKE.match(query):
            return None
        return self.gazetteer.closest_place(query)

    def _interpret(self, query: str) -> Location | None:
        """PC4/PC6, then lat,lon, then a place name."""
        if pc4_of(query):
            return self._location(query, self.gazetteer.postcode(query), kind="postcode")
        coordinates = _LAT_LON.match(query)
        if coordinates:
            latitude, longitude = float(coordinates.group(1)), float(coordinates.group(2))
            if not inside_netherlands(latitude, longitude):
                return None
            nearest = self.gazetteer.nearest(latitude, longitude)
            entry = GazetteerEntry(name=nearest.name, latitude=latitude, longitude=longitude,
                                   municipality_code=nearest.municipality_code)
            return self._location(query, entry, kind="coordinates")
        if _POSTCODE_LIKE.match(query):
            return None
        return self._location(query, self.gazetteer.place(query), kind="place")

    @staticmethod
    def _location(query: str, entry: GazetteerEntry | None, *, kind: str) -> Location | None:
        """Wrap an entry as a geopy Location."""
        if entry is None:
            return None
        raw = {"query": query, "kind": kind, "name": entry.name, "municipality_code": entry.municipality_code}
        return Location(entry.name, (entry.latitude, entry.longitude, 0.0), raw)


