"""Our listings in Open Referral HSDS 3.0 shape.

Extensions are expressed the HSDS way, as `attributes` linking taxonomy terms: gender,
audience, situation and service type (stored as attributes), and the service flags,
contact channels (value = the URL or address), phone cost and confidential locations
(terms of the `flag` and `channel` taxonomies). Empty values are left out, because the
HSDS schemas type most fields as plain strings. A confidential location has no address
and only its municipality's centre point, as everywhere.
"""

from typing import Any

from api.listings.vocabulary import Term, Vocabulary, term_id
from api.models import (
    ContactChannel,
    Language,
    Location,
    Organization,
    Phone,
    Schedule,
    Service,
    ServiceArea,
    Taxonomy,
    TaxonomyTerm,
    stable_id,
)

FLAGS = ("anonymous", "police_involved", "lgbtq_friendly", "crisis_24_7", "self_referral", "free")


def _clean(data: dict[str, Any]) -> dict[str, Any]:
    """Drop None values and empty lists (HSDS string fields are not nullable)."""
    return {k: v for k, v in data.items() if v is not None and v != []}


def hsds_taxonomy(taxonomy: Taxonomy) -> dict[str, Any]:
    """HSDS taxonomy."""
    return _clean({"id": taxonomy.id, "name": taxonomy.code, "description": taxonomy.description_en
                   or taxonomy.description or taxonomy.name, "uri": taxonomy.uri, "version": taxonomy.version})


def hsds_term(term: TaxonomyTerm, *, taxonomy: Taxonomy | None = None) -> dict[str, Any]:
    """HSDS taxonomy_term (English label; the Dutch one is `name` in our own API)."""
    data = {"id": term.id, "code": term.code, "name": term.name_en or term.name,
            "description": term.description_en or term.description or term.name,
            "parent_id": term.parent_id, "taxonomy_id": term.taxonomy_id, "language": "en"}
    if taxonomy is not None:
        data["taxonomy"] = taxonomy.code
        data["taxonomy_detail"] = hsds_taxonomy(taxonomy)
    return _clean(data)


def _term_ref(term: Term) -> dict[str, Any]:
    """A compact taxonomy_term inside an attribute."""
    return {"id": term.id, "code": term.code, "name": term.name_en or term.name, "description": term.name,
            "taxonomy": term.taxonomy, "taxonomy_id": stable_id("taxonomy", term.taxonomy)}


def _attribute(*, link_id: str, link_type: str, taxonomy: str, code: str, vocabulary: Vocabulary,
               value: str | None = None, attribute_id: str | None = None) -> dict[str, Any]:
    """One HSDS attribute linking a term to a record."""
    tid = term_id(taxonomy, code)
    term = vocabulary.terms.get(tid)
    data = {"id": attribute_id or stable_id("hsds-attribute", link_id, taxonomy, code),
            "link_id": link_id, "link_type": link_type, "link_entity": link_type, "taxonomy_term_id": tid,
            "value": value}
    if term is not None:
        data["taxonomy_term"] = _term_ref(term)
    return _clean(data)


def _schedule(schedule: Schedule) -> dict[str, Any]:
    """HSDS schedule (weekly, RFC 5545 style); phone_id / channel_id are extensions."""
    return _clean({"id": schedule.id, "service_id": schedule.service_id, "location_id": schedule.location_id,
                   "phone_id": schedule.phone_id, "channel_id": schedule.channel_id,
                   "freq": schedule.freq, "wkst": "MO", "byday": schedule.byday,
                   "opens_at": schedule.opens_at, "closes_at": schedule.closes_at,
                   "description": schedule.description, "timezone": 1})


def _phone(phone: Phone, *, vocabulary: Vocabulary) -> dict[str, Any]:
    """HSDS phone with its cost as an attribute."""
    attributes = []
    if phone.free is not None:
        code = "free_call" if phone.free else "paid_call"
        attributes.append(_attribute(link_id=phone.id, link_type="phone", taxonomy="flag", code=code,
                                     vocabulary=vocabulary))
    return _clean({"id": phone.id, "service_id": phone.service_id, "number": phone.display_number,
                   "extension": phone.extension, "type": phone.type, "description": phone.description,
                   "attributes": attributes, "schedules": [_schedule(s) for s in sorted(phone.schedules, key=lambda s: s.id)]})


def hsds_location(location: Location, *, vocabulary: Vocabulary, reveal_confidential: bool = False) -> dict[str, Any]:
    """HSDS location; a confidential one shows only its municipality and centre point.

    `reveal_confidential` is only for an admin's full backup export.
    """
    address = location.address
    addresses = []
    hidden = location.confidential and not reveal_confidential
    if address is not None and not hidden and address.address_1 and address.postal_code:
        addresses.append(_clean({
            "id": address.id, "location_id": location.id, "address_1": address.address_1, "city": address.city,
            "region": address.region, "state_province": address.state_province or "", "postal_code": address.postal_code,
            "country": address.country, "address_type": address.address_type}))
    attributes = []
    if location.confidential:
        attributes.append(_attribute(link_id=location.id, link_type="location", taxonomy="flag",
                                     code="confidential", vocabulary=vocabulary, value="true"))
    municipality = location.municipality.name if location.municipality else None
    return _clean({
        "id": location.id, "location_type": location.location_type, "organization_id": location.organization_id,
        "name": location.name, "alternate_name": municipality, "description": location.description,
        "latitude": location.latitude if reveal_confidential else location.public_latitude,
        "longitude": location.longitude if reveal_confidential else location.public_longitude,
        "external_identifier": location.municipality_code, "external_identifier_type": "CBS gemeentecode",
        "addresses": addresses, "attributes": attributes,
    })


def hsds_organization(organization: Organization) -> dict[str, Any]:
    """HSDS organization (`uri` holds our source_url; `translations` is an extension)."""
    translations = {t.language: _clean({"name": t.name, "description": t.description})
                    for t in organization.translations}
    return _clean({"id": organization.id, "name": organization.name, "alternate_name": organization.alternate_name,
                   "description": organization.description or organization.name, "email": organization.email,
                   "website": organization.website, "uri": organization.source_url,
                   "translations": translations or None})


def _service_area(area: ServiceArea) -> dict[str, Any]:
    """HSDS service_area naming our region (CBS codes)."""
    return _clean({"id": area.id, "service_id": area.service_id, "name": area.region.name,
                   "description": f"{area.region.kind} {area.region.code}", "extent_type": "region_code",
                   "extent": area.region.code})


def _language(language: Language) -> dict[str, Any]:
    """HSDS language."""
    return _clean({"id": language.id, "service_id": language.service_id, "code": language.code,
                   "name": language.name})


def _channel_attribute(channel: ContactChannel, *, service_id: str, vocabulary: Vocabulary) -> dict[str, Any]:
    """A contact channel as an attribute whose value is the URL, address or walk-in text (label, free, schedules:
    extensions)."""
    data = _attribute(link_id=service_id, link_type="service", taxonomy="channel", code=channel.type,
                      vocabulary=vocabulary, value=channel.value, attribute_id=channel.id)
    return _clean({**data, "label": channel.label, "free": channel.free,
                   "schedules": [_schedule(s) for s in sorted(channel.schedules, key=lambda s: s.id)]})


def service_attributes(service: Service, *, vocabulary: Vocabulary) -> list[dict[str, Any]]:
    """Terms, flags and channels of a service as HSDS attributes."""
    attributes = []
    for attribute in sorted(service.attributes, key=lambda a: a.id):
        term = vocabulary.terms.get(attribute.taxonomy_term_id)
        data = {"id": attribute.id, "link_id": service.id, "link_type": "service", "link_entity": "service",
                "taxonomy_term_id": attribute.taxonomy_term_id, "value": attribute.value}
        if term is not None:
            data["taxonomy_term"] = _term_ref(term)
        attributes.append(_clean(data))
    for flag in FLAGS:
        if getattr(service, flag):
            attributes.append(_attribute(link_id=service.id, link_type="service", taxonomy="flag", code=flag,
                                         vocabulary=vocabulary, value="true"))
    attributes += [_channel_attribute(c, service_id=service.id, vocabulary=vocabulary)
                   for c in sorted(service.channels, key=lambda c: c.id)]
    return attributes


def hsds_service(service: Service, *, vocabulary: Vocabulary, full: bool = True,
                 link_ids: dict[tuple[str, str], str] | None = None, reveal_confidential: bool = False) -> dict[str, Any]:
    """HSDS service: one-to-one fields, plus everything nested when `full`."""
    data = {
        "id": service.id, "organization_id": service.organization_id, "name": service.name,
        "alternate_name": service.alternate_name, "description": service.description or None,
        "url": service.url, "email": service.email, "status": service.status,
        "application_process": service.application_process,
        "eligibility_description": service.eligibility_description,
        "minimum_age": service.minimum_age, "maximum_age": service.maximum_age,
        "assured_date": service.assured_date.isoformat() if service.assured_date else None,
        "assurer": service.assurer,  # extension (HSDS has only assurer_email)
        "source_url": service.source_url,  # extension: where the facts come from
        "last_modified": service.updated_at.isoformat() if service.updated_at else None,
    }
    if full:
        data.update(
            organization=hsds_organization(service.organization),
            phones=[_phone(p, vocabulary=vocabulary) for p in sorted(service.phones, key=lambda p: p.id)],
            schedules=[_schedule(s) for s in sorted(service.schedules, key=lambda s: s.id)],
            service_areas=[_service_area(a) for a in sorted(service.service_areas, key=lambda a: a.id)],
            languages=[_language(lang) for lang in sorted(service.languages, key=lambda lang: lang.id)],
            service_at_locations=[
                {"id": (link_ids or {}).get((service.id, loc.id)) or stable_id("service_at_location", service.id, loc.id),
                 "service_id": service.id, "location_id": loc.id,
                 "location": hsds_location(loc, vocabulary=vocabulary, reveal_confidential=reveal_confidential)}
                for loc in sorted(service.locations, key=lambda loc: loc.id) if loc.archived_at is None
            ],
            attributes=service_attributes(service, vocabulary=vocabulary),
            # Extension: texts in other languages (HSDS has no translation table).
            translations={t.language: _clean({"name": t.name, "description": t.description,
                                              "eligibility_description": t.eligibility_description,
                                              "application_process": t.application_process})
                          for t in service.translations} or None,
        )
    return _clean(data)
