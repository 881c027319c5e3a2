"""Turn stored listings into public responses. The confidential-address rule lives here."""

from api.listings.contact import WeeklyHours, describe_hours
from api.listings.schemas import (
    ChannelPublic,
    LocationPublic,
    OrganizationRef,
    RegionRef,
    ScheduleBlock,
    ServiceDetail,
    ServiceSummary,
)
from api.listings.vocabulary import GENDERS, Vocabulary
from api.models import ContactChannel, Location, Phone, Region, Schedule, Service


def region_name(region: Region, lang: str) -> str:
    """A region's name in the requested language: English where it has one (North Brabant), else its own."""
    return (region.name_en or region.name) if lang == "en" else region.name


def _translated(service: Service, lang: str, attr: str) -> str | None:
    """A text field in the requested language, falling back to Dutch."""
    if lang != "nl":
        for translation in service.translations:
            if translation.language == lang and getattr(translation, attr):
                return getattr(translation, attr)
    return getattr(service, attr)


def public_location(location: Location) -> LocationPublic:
    """A location as the public may see it: a confidential one shows only its municipality."""
    address = location.address
    city = address.city if address else (location.municipality.name if location.municipality else None)
    if location.confidential:
        return LocationPublic(
            id=location.id, name=location.name, city=location.municipality.name if location.municipality else None,
            municipality_code=location.municipality_code, address=None, postal_code=None,
            latitude=location.public_latitude, longitude=location.public_longitude, confidential=True,
        )
    return LocationPublic(
        id=location.id, name=location.name, city=city, municipality_code=location.municipality_code,
        address=address.address_1 if address else None, postal_code=address.postal_code if address else None,
        latitude=location.public_latitude, longitude=location.public_longitude, confidential=False,
    )


def _hours(schedules: list[Schedule], lang: str) -> str | None:
    """Short opening-hours text for a channel."""
    blocks = [WeeklyHours(days=tuple(s.byday.split(",")), opens_at=s.opens_at, closes_at=s.closes_at)
              for s in schedules]
    return describe_hours(hours=blocks, lang=lang)


def _phone_channel(phone: Phone, lang: str) -> ChannelPublic:
    """A phone as a contact channel with a tap-to-call link."""
    return ChannelPublic(type="phone", value=phone.display_number, href=f"tel:{phone.number}", free=phone.free,
                         hours=_hours(phone.schedules, lang), label=phone.description)


def _other_channel(channel: ContactChannel, lang: str) -> ChannelPublic:
    """A non-phone contact channel with a link where one makes sense."""
    href = None
    if channel.type in ("chat", "web_form") and channel.value.startswith(("https://", "http://")):
        href = channel.value
    elif channel.type == "email":
        href = f"mailto:{channel.value}"
    elif channel.type == "whatsapp":
        digits = "".join(ch for ch in channel.value if ch.isdigit())
        href = f"https://wa.me/{digits}" if digits else None
    return ChannelPublic(type=channel.type, value=channel.value, href=href, free=channel.free,
                         hours=_hours(channel.schedules, lang), label=channel.label)


def service_summary(
    service: Service, *, lang: str, vocabulary: Vocabulary, reasons: list[str] | None = None,
    distance_km: float | None = None,
) -> ServiceSummary:
    """A service as it appears in search results."""
    term_ids = [attribute.taxonomy_term_id for attribute in service.attributes]
    genders = vocabulary.codes(term_ids, taxonomy="gender") or list(GENDERS)
    return ServiceSummary(
        id=service.id,
        name=_translated(service, lang, "name") or service.name,
        description=_translated(service, lang, "description") or "",
        organization=OrganizationRef(id=service.organization.id, name=service.organization.name,
                                     website=service.organization.website),
        status=service.status,
        minimum_age=service.minimum_age,
        maximum_age=service.maximum_age,
        genders=[g for g in GENDERS if g in genders],
        service_types=vocabulary.codes(term_ids, taxonomy="service_type"),
        audiences=vocabulary.codes(term_ids, taxonomy="audience"),
        situations=vocabulary.codes(term_ids, taxonomy="situation"),
        languages=sorted(language.code for language in service.languages),
        service_areas=sorted(
            (RegionRef(code=a.region.code, name=region_name(a.region, lang), kind=a.region.kind)
             for a in service.service_areas),
            key=lambda ref: ref.code,
        ),
        locations=[public_location(location) for location in sorted(service.locations, key=lambda loc: loc.id)
                   if location.archived_at is None],
        channels=[_phone_channel(p, lang) for p in service.phones] + [_other_channel(c, lang) for c in service.channels],
        anonymous=service.anonymous,
        police_involved=service.police_involved,
        lgbtq_friendly=service.lgbtq_friendly,
        crisis_24_7=service.crisis_24_7,
        self_referral=service.self_referral,
        free=service.free,
        assured_date=service.assured_date,
        source_url=service.source_url,
        match_reasons=reasons or [],
        distance_km=distance_km,
    )


def service_detail(service: Service, *, lang: str, vocabulary: Vocabulary) -> ServiceDetail:
    """A service with eligibility text, application process and opening hours."""
    summary = service_summary(service, lang=lang, vocabulary=vocabulary)
    return ServiceDetail(
        **summary.model_dump(),
        eligibility_description=_translated(service, lang, "eligibility_description"),
        application_process=_translated(service, lang, "application_process"),
        url=service.url,
        email=service.email,
        schedules=[ScheduleBlock(byday=s.byday, opens_at=s.opens_at, closes_at=s.closes_at,
                                 description=s.description) for s in service.schedules],
        translations_available=sorted({"nl"} | {t.language for t in service.translations}),
    )
