"""Short human-readable reasons why a service matched the filters (for professionals and users)."""

from api.listings.present import region_name
from api.listings.vocabulary import Vocabulary
from api.models import NATIONAL_REGION, Region
from api.search.cards import Facts
from api.search.params import FLAGS, ServiceSearchParams

_CHANNELS = {
    "nl": {"phone": "telefoon", "chat": "chat", "whatsapp": "WhatsApp", "walk_in": "binnenlopen",
           "email": "e-mail", "web_form": "webformulier"},
    "en": {"phone": "phone", "chat": "chat", "whatsapp": "WhatsApp", "walk_in": "walk-in",
           "email": "e-mail", "web_form": "web form"},
}
_LANGUAGES = {
    "nl": {"nl": "Nederlands", "en": "Engels", "pl": "Pools", "ro": "Roemeens", "bg": "Bulgaars", "ar": "Arabisch",
           "tr": "Turks", "uk": "Oekraïens", "de": "Duits", "fr": "Frans"},
    "en": {"nl": "Dutch", "en": "English", "pl": "Polish", "ro": "Romanian", "bg": "Bulgarian", "ar": "Arabic",
           "tr": "Turkish", "uk": "Ukrainian", "de": "German", "fr": "French"},
}
# Which region kinds contain which: a municipality lies in a group, a group in a province.
_KIND_RANK = {"municipality": 0, "group": 1, "province": 2, "country": 3}

_TEXT = {
    "nl": {
        "age_range": "leeftijd {age} valt binnen {range}",
        "age_open": "leeftijd {age}: geen leeftijdsgrens",
        "no_limit": "geen leeftijdsgrens",
        "from": "vanaf {min}",
        "upto": "tot en met {max}",
        "for_everyone": "voor iedereen",
        "for_male": "voor jongens en mannen",
        "for_female": "voor meisjes en vrouwen",
        "for_nonbinary": "voor non-binaire mensen",
        "national": "landelijk: ook voor {region}",
        "covers": "werkt in {area}",
        "covers_via": "werkt in {area}, waar {region} onder valt",
        "covers_part": "werkt in {area}, een deel van {region}",
        "located": "locatie in {city}",
        "offers": "biedt: {labels}",
        "for_audience": "voor: {labels}",
        "situation": "helpt bij: {labels}",
        "language": "taal: {labels}",
        "channel": "bereikbaar via: {labels}",
        "keywords": "past bij '{q}'",
        "distance": "{km} km hiervandaan",
        "anonymous": "anoniem", "free": "gratis hulp", "lgbtq_friendly": "lhbtiq+-vriendelijk",
        "crisis_24_7": "dag en nacht bereikbaar", "self_referral": "zonder verwijzing",
        "not_anonymous": "je geeft je naam", "not_free": "er zijn kosten", "not_lgbtq_friendly": "geen lhbtiq+-profiel",
        "not_crisis_24_7": "niet dag en nacht", "not_self_referral": "met verwijzing",
    },
    "en": {
        "age_range": "age {age} within {range}",
        "age_open": "age {age}: no age limit",
        "no_limit": "no age limit",
        "from": "from {min}",
        "upto": "up to {max}",
        "for_everyone": "for everyone",
        "for_male": "for boys and men",
        "for_female": "for girls and women",
        "for_nonbinary": "for non-binary people",
        "national": "national: covers {region} too",
        "covers": "works in {area}",
        "covers_via": "works in {area}, which includes {region}",
        "covers_part": "works in {area}, part of {region}",
        "located": "location in {city}",
        "offers": "offers: {labels}",
        "for_audience": "for: {labels}",
        "situation": "helps with: {labels}",
        "language": "language: {labels}",
        "channel": "reachable by: {labels}",
        "keywords": "matches '{q}'",
        "distance": "{km} km away",
        "anonymous": "anonymous", "free": "free of charge", "lgbtq_friendly": "LGBTQ+ friendly",
        "crisis_24_7": "available day and night", "self_referral": "no referral needed",
        "not_anonymous": "you give your name", "not_free": "costs money", "not_lgbtq_friendly": "no LGBTQ+ profile",
        "not_crisis_24_7": "not day and night", "not_self_referral": "referral needed",
    },
}


def age_range_text(*, minimum: int | None, maximum: int | None, lang: str) -> str:
    """"12–23", "from 12", "up to 17" or "no age limit"."""
    text = _TEXT[lang]
    if minimum is not None and maximum is not None:
        return f"{minimum}–{maximum}"
    if minimum is not None:
        return text["from"].format(min=minimum)
    if maximum is not None:
        return text["upto"].format(max=maximum)
    return text["no_limit"]


def _region_reasons(facts: Facts, *, region: Region, overlapping: set[str], lang: str) -> list[str]:
    """Why a service serves the region: an area covering it, or a location in it."""
    text = _TEXT[lang]
    reasons = []
    named = region_name(region, lang)
    for area in facts.areas:  # sorted by code
        if area.code not in overlapping:
            continue
        if area.code == NATIONAL_REGION and region.code != NATIONAL_REGION:
            reasons.append(text["national"].format(region=named))
        elif area.code == region.code:
            reasons.append(text["covers"].format(area=area.name))
        elif _KIND_RANK[area.kind] > _KIND_RANK[region.kind]:
            reasons.append(text["covers_via"].format(area=area.name, region=named))
        elif _KIND_RANK[area.kind] < _KIND_RANK[region.kind]:
            reasons.append(text["covers_part"].format(area=area.name, region=named))
        else:
            reasons.append(text["covers"].format(area=area.name))
    for municipality_code, municipality_name in facts.located:
        if municipality_code and municipality_code in overlapping:
            reasons.append(text["located"].format(city=municipality_name or ""))
    return reasons


def match_reasons(
    facts: Facts, *, params: ServiceSearchParams, vocabulary: Vocabulary, region: Region | None,
    overlapping: set[str], distance_km: float | None = None, radius_km: float | None = None,
) -> list[str]:
    """Reasons for each filter that was given, in the order of the parameters."""
    lang = params.lang
    text = _TEXT[lang]
    reasons: list[str] = []
    if params.q:
        reasons.append(text["keywords"].format(q=params.q))
    if params.age is not None:
        if facts.minimum_age is None and facts.maximum_age is None:
            reasons.append(text["age_open"].format(age=params.age))
        else:
            span = age_range_text(minimum=facts.minimum_age, maximum=facts.maximum_age, lang=lang)
            reasons.append(text["age_range"].format(age=params.age, range=span))
    if params.gender is not None:
        genders = vocabulary.codes(list(facts.term_ids), taxonomy="gender")
        reasons.append(text["for_everyone"] if not genders else text[f"for_{params.gender}"])
    if distance_km is not None and radius_km is not None and distance_km <= radius_km:
        reasons.append(text["distance"].format(km=f"{distance_km:.1f}"))
    if region is not None:
        reasons.extend(_region_reasons(facts, region=region, overlapping=overlapping, lang=lang))
    service_terms = {vocabulary.terms[term_id] for term_id in facts.term_ids if term_id in vocabulary.terms}
    for param, taxonomy, key in (("service_type", "service_type", "offers"), ("audience", "audience", "for_audience"),
                                 ("situation", "situation", "situation")):
        wanted = set(getattr(params, param))
        labels = [t.label(lang) for t in sorted(service_terms, key=lambda t: t.code)
                  if t.taxonomy == taxonomy and t.code in wanted]
        if labels:
            reasons.append(text[key].format(labels=", ".join(labels)))
    if params.language:
        codes = [code for code in facts.languages if code in params.language]  # sorted
        reasons.append(text["language"].format(labels=", ".join(_LANGUAGES[lang].get(c, c) for c in codes)))
    if params.channel:
        have = set(facts.channels)
        reasons.append(text["channel"].format(
            labels=", ".join(_CHANNELS[lang][c] for c in sorted(have & set(params.channel)))))
    for flag in FLAGS:
        value = getattr(params, flag)
        if value is True:
            reasons.append(text[flag])
        elif value is False:
            reasons.append(text[f"not_{flag}"])
    return reasons
