"""The console's interface text: written in English in the templates, shown in Dutch by default.

`t("Save")` gives "Opslaan" in Dutch; keys with a prefix (`field:name`, `state:draft`) name a value the
API uses. tests/test_console.py checks that every text the templates use has a Dutch version.
"""

from collections.abc import Callable

DUTCH: dict[str, str] = {
    # layout, sign-in
    "Curator console": "Beheeromgeving", "Skip to content": "Naar de inhoud", "Console": "Beheer",
    "Services": "Diensten", "Organisations": "Organisaties", "Review": "Beoordelen", "To verify": "Controleren",
    "Feedback": "Meldingen", "Curators": "Beheerders", "Sign out": "Afmelden", "Sign in": "Aanmelden",
    "Sign in with the curator token you were given. It is kept only in a cookie of this console, never in the page.":
        "Meld je aan met het beheertoken dat je kreeg. Het wordt alleen bewaard in een cookie van deze "
        "beheeromgeving, nooit in de pagina.",
    "This token is not valid, or it has been revoked.": "Dit token is ongeldig of ingetrokken.",
    "Curator token": "Beheertoken",
    "Starts with hf_. An admin gives it to you (helpfinder curator add).":
        "Begint met hf_. Een beheerder met de rol admin geeft het je (helpfinder curator add).",
    "editor": "redacteur", "reviewer": "beoordelaar", "admin": "admin",
    "Not possible": "Niet mogelijk", "Only admins manage curators.": "Alleen admins beheren beheerders.",
    "This page does not exist.": "Deze pagina bestaat niet.", "Back to the overview": "Terug naar het overzicht",
    "Form refused": "Formulier geweigerd",
    "This form could not be accepted: it did not carry this console's form token, or it came from another site. "
    "Nothing was changed.": "Dit formulier is niet aangenomen: het had geen geldige formuliercode van deze "
                            "beheeromgeving, of het kwam van een andere site. Er is niets gewijzigd.",
    # notices
    "notice:signed_out": "Je bent afgemeld.", "notice:saved": "Opgeslagen.", "notice:created": "Aangemaakt.",
    "notice:submitted": "Ingediend: een beoordelaar kijkt ernaar.", "notice:approved": "Goedgekeurd.",
    "notice:rejected": "Afgewezen.", "notice:archived": "Gearchiveerd.", "notice:restored": "Teruggezet.",
    "notice:verified": "Vandaag gecontroleerd: vastgelegd.",
    "notice:proposed": "Opgeslagen als voorstel: het publiek ziet de wijziging pas als een andere beoordelaar "
                       "haar goedkeurt.",
    "notice:resolved": "Melding afgehandeld.", "notice:role_changed": "Rol gewijzigd.",
    "notice:token_revoked": "Token ingetrokken.", "notice:deactivated": "Beheerder gedeactiveerd.",
    "notice:language": "Taal gewijzigd.",
    # home
    "Overview": "Overzicht", "waiting for review": "wachten op beoordeling",
    "published listings to verify": "gepubliceerde vermeldingen om te controleren",
    "open reports from the public": "open meldingen van het publiek", "Start": "Beginnen",
    "Find a service": "Dienst zoeken", "New service": "Nieuwe dienst", "Find an organisation": "Organisatie zoeken",
    "New organisation": "Nieuwe organisatie", "Your role:": "Je rol:",
    "Editors write and submit; reviewers approve, reject, archive and restore; admins also manage curators. "
    "Nobody approves their own change.": "Redacteuren schrijven en dienen in; beoordelaars keuren goed, wijzen af, "
                                         "archiveren en zetten terug; admins beheren ook de beheerders. Niemand "
                                         "keurt een eigen wijziging goed.",
    # lists
    "Pages": "Pagina's", "Page": "Pagina", "results": "resultaten", "Previous page": "Vorige pagina",
    "Next page": "Volgende pagina", "Filter services": "Diensten filteren", "Name or organisation":
        "Naam of organisatie", "State": "Stand", "any": "alle", "Service type": "Soort hulp",
    "Region (code)": "Regio (code)", "e.g. PV27 (a province) or GM0363 (a municipality)":
        "bijv. PV27 (een provincie) of GM0363 (een gemeente)", "Age": "Leeftijd", "Organisation": "Organisatie",
    "Filter": "Filteren", "term:service_type": "Soort hulp", "term:audience": "Voor wie (ook)",
    "term:situation": "Situatie", "term:gender": "Gender (alleen voor)", "Name": "Naam", "Verified": "Gecontroleerd",
    "No services match these filters.": "Geen diensten met deze filters.",
    "Filter organisations": "Organisaties filteren",
    "No organisations match these filters.": "Geen organisaties met deze filters.",
    "state:draft": "concept", "state:in_review": "ter beoordeling", "state:published": "gepubliceerd",
    "state:archived": "gearchiveerd", "state:live": "in gebruik", "state:active": "in gebruik",
    # detail pages
    "Version": "Versie", "verified": "gecontroleerd", "Not done": "Niet gedaan",
    "A change waits for review": "Een wijziging wacht op beoordeling",
    "The public still sees the current version. Proposed on": "Het publiek ziet nog de huidige versie. Voorgesteld op",
    "Now": "Nu", "Proposed": "Voorgesteld", "Now (public)": "Nu (publiek)",
    "Location": "Locatie", "Address": "Adres", "Municipality": "Gemeente", "(no name)": "(zonder naam)",
    "Confidential address: never public": "Vertrouwelijk adres: nooit openbaar", "No locations.": "Geen locaties.",
    "Actions": "Acties", "Edit": "Bewerken", "Submit for review": "Indienen ter beoordeling",
    "Verified today": "Vandaag gecontroleerd", "Archive": "Archiveren", "Restore as draft": "Terugzetten als concept",
    "Public view (JSON)": "Publieke weergave (JSON)", "This listing waits for review": "Deze vermelding wacht op beoordeling",
    "A reviewer will approve or reject it.": "Een beoordelaar keurt haar goed of wijst haar af.",
    "Fields": "Gegevens", "Ages": "Leeftijden", "everyone": "iedereen", "Properties": "Kenmerken",
    "Phones and channels": "Telefoon en kanalen", "Kind": "Soort", "Number or address": "Nummer of adres",
    "Description": "Omschrijving", "Cost": "Kosten", "Phone": "Telefoon", "free": "gratis", "paid": "betaald",
    "No phone or channel.": "Geen telefoon of kanaal.", "None: found only by its locations.":
        "Geen: alleen te vinden via de locaties.", "Locations": "Locaties", "Translations": "Vertalingen",
    "None.": "Geen.", "New location": "Nieuwe locatie", "Restore": "Terugzetten",
    "The public sees only the municipality and a rounded position. Making it public needs a second reviewer.":
        "Het publiek ziet alleen de gemeente en een afgeronde positie. Openbaar maken vraagt een tweede beoordelaar.",
    "Position (exact)": "Positie (exact)", "Position (public)": "Positie (publiek)",
    # history
    "History": "Geschiedenis", "When": "Wanneer", "Who": "Wie", "What": "Wat", "Changed fields": "Gewijzigde velden",
    "fields": "velden", "Restore this version": "Deze versie terugzetten", "Field": "Veld",
    "No field differs.": "Geen veld verschilt.", "Comment (optional)": "Toelichting (niet verplicht)",
    "Approve": "Goedkeuren", "Reject": "Afwijzen",
    "action:create": "aangemaakt", "action:update": "gewijzigd", "action:submit": "ingediend",
    "action:publish": "gepubliceerd", "action:reject": "afgewezen", "action:archive": "gearchiveerd",
    "action:restore": "teruggezet", "action:restore_version": "versie teruggezet", "action:verify": "gecontroleerd",
    "action:propose": "voorgesteld", "action:approve": "goedgekeurd", "action:import": "geïmporteerd",
    # forms
    "Please correct the following": "Verbeter het volgende", "Edit service": "Dienst bewerken",
    "A new service starts as a draft: nobody outside sees it until a reviewer approves it.":
        "Een nieuwe dienst begint als concept: niemand buiten ziet haar tot een beoordelaar haar goedkeurt.",
    "Basics": "Basis", "choose": "kies", "Who it is for": "Voor wie", "empty: no lower limit": "leeg: geen ondergrens",
    "empty: no upper limit": "leeg: geen bovengrens", "none ticked: everyone": "niets aangevinkt: iedereen",
    "Where": "Waar", "Region codes separated by spaces: NL (national), PV27 (a province), GM0363 (a municipality).":
        "Regiocodes met spaties ertussen: NL (landelijk), PV27 (een provincie), GM0363 (een gemeente).",
    "This organisation has no locations yet (choose the organisation and save, or add a location on its page).":
        "Deze organisatie heeft nog geen locaties (kies de organisatie en sla op, of voeg een locatie toe op haar "
        "pagina).",
    "How to reach it": "Hoe bereikbaar", "Opening hours, e.g.": "Openingstijden, bijv.", "Number": "Nummer",
    "empty: no hours given": "leeg: geen tijden opgegeven", "Channel": "Kanaal",
    "Opening hours of the service": "Openingstijden van de dienst", "Where you checked these facts":
        "Waar je deze gegevens hebt gecontroleerd", "English texts": "Engelse teksten", "Save": "Opslaan",
    "Cancel": "Annuleren", "from the number (0800 free, 0900 paid)": "volgens het nummer (0800 gratis, 0900 betaald)",
    "Someone else changed this listing while you were editing":
        "Iemand anders heeft deze vermelding gewijzigd terwijl jij bewerkte",
    "You started from version": "Je begon bij versie", "it is now version": "nu is het versie",
    "last changed by": "laatst gewijzigd door", "Nothing was saved. Here is what they changed:":
        "Er is niets opgeslagen. Dit hebben zij gewijzigd:", "When you opened it": "Toen je het opende",
    "Your typing is kept below. Check it against their change, then save again to put yours on top, or leave this "
    "page to keep theirs.": "Wat je typte staat hieronder nog. Vergelijk het met hun wijziging en sla opnieuw op om "
                            "jouw versie te bewaren, of verlaat deze pagina om die van hen te houden.",
    "Edit organisation": "Organisatie bewerken", "Edit location": "Locatie bewerken", "Confidential": "Vertrouwelijk",
    "Confidential address (shelter, safe house): never shown to the public":
        "Vertrouwelijk adres (opvang, veilig huis): nooit openbaar",
    "Turning this off on an existing location waits for a second reviewer.":
        "Uitzetten bij een bestaande locatie wacht op een tweede beoordelaar.",
    "Street and number": "Straat en huisnummer", "Postcode": "Postcode", "City": "Plaats",
    "Municipality code": "Gemeentecode", "e.g. GM0363; empty: from the postcode": "bijv. GM0363; leeg: via de postcode",
    "Latitude": "Breedtegraad", "Longitude": "Lengtegraad", "empty: from the postcode": "leeg: via de postcode",
    # field names
    "field:organization_id": "Organisatie", "field:name": "Naam", "field:description": "Omschrijving",
    "field:url": "Website", "field:email": "E-mail", "field:status": "Status", "field:minimum_age": "Minimumleeftijd",
    "field:maximum_age": "Maximumleeftijd", "field:eligibility_description": "Voor wie (tekst)",
    "field:application_process": "Hoe aanmelden", "field:anonymous": "anoniem", "field:police_involved":
        "met politie", "field:lgbtq_friendly": "lhbtiq+-vriendelijk", "field:crisis_24_7": "dag en nacht (24/7)",
    "field:self_referral": "zelf aanmelden", "field:free": "gratis", "field:source_url": "Bron",
    "field:genders": "Gender", "field:service_types": "Soort hulp", "field:audiences": "Doelgroepen",
    "field:situations": "Situaties", "field:languages": "Talen", "field:service_areas": "Werkgebied",
    "field:location_ids": "Locaties", "field:phones": "Telefoon", "field:channels": "Kanalen",
    "field:hours": "Openingstijden", "field:translations": "Vertalingen", "field:alternate_name": "Andere naam",
    "field:website": "Website", "field:confidential": "Vertrouwelijk", "field:municipality_code": "Gemeente",
    "field:latitude": "Breedtegraad", "field:longitude": "Lengtegraad", "field:address": "Adres",
    "field:publication": "Stand", "field:assured_date": "Gecontroleerd op", "field:assurer": "Gecontroleerd door",
    "channel:chat": "chat", "channel:whatsapp": "WhatsApp", "channel:walk_in": "inloop", "channel:email": "e-mail",
    "channel:web_form": "webformulier",
    # queues
    "New listings and changes to what the public sees wait here for a reviewer other than their author. Oldest first.":
        "Nieuwe vermeldingen en wijzigingen aan wat het publiek ziet wachten hier op een andere beoordelaar dan "
        "de auteur. Oudste eerst.",
    "kind:service": "dienst", "kind:organization": "organisatie", "kind:location": "locatie",
    "queue:new_listing": "nieuwe vermelding", "queue:revision": "wijziging", "Proposed by": "Voorgesteld door",
    "You proposed this yourself: another reviewer decides.": "Dit stelde je zelf voor: een andere beoordelaar beslist.",
    "Nothing waits for review.": "Er wacht niets op beoordeling.",
    "Published services never verified, or not verified for": "Gepubliceerde diensten die nooit of al",
    "days. Call or check the source first; then record it with one click.":
        "dagen niet zijn gecontroleerd. Bel of bekijk eerst de bron; leg het dan met één klik vast.",
    "Service": "Dienst", "Last verified": "Laatst gecontroleerd", "days ago": "dagen geleden", "never": "nooit",
    "Every published service was verified recently.": "Alle gepubliceerde diensten zijn onlangs gecontroleerd.",
    "There are too many organisations for a list: start from the organisation's page, or paste its id.":
        "Er zijn te veel organisaties voor een lijst: begin op de pagina van de organisatie, of plak haar id.",
    "Find among this organisation's services": "Zoeken in de diensten van deze organisatie",
    "Problems the public reported with a listing. Nothing about who sent them is stored.":
        "Problemen die het publiek meldde bij een vermelding. Er wordt niets bewaard over wie ze stuurde.",
    "Show open reports only": "Alleen open meldingen", "Show handled reports too": "Ook afgehandelde meldingen",
    "reason:wrong_phone": "verkeerd telefoonnummer", "reason:closed": "gesloten", "reason:wrong_address":
        "verkeerd adres", "reason:other": "anders", "Handled": "Afgehandeld", "What did you do?": "Wat heb je gedaan?",
    "say what you did": "zeg wat je hebt gedaan", "Mark as handled": "Afgehandeld",
    "No open reports.": "Geen open meldingen.",
    # curators
    "New token for": "Nieuw token voor", "Copy it now and give it to them safely: it is shown only this once, and only "
    "a hash is stored.": "Kopieer het nu en geef het veilig door: het wordt alleen nu getoond, en alleen een hash "
                         "wordt bewaard.",
    "Token": "Token", "Add a curator": "Beheerder toevoegen", "Role": "Rol", "Add": "Toevoegen", "Tokens": "Tokens",
    "deactivated": "gedeactiveerd", "Role of": "Rol van", "Change role": "Rol wijzigen", "created": "aangemaakt",
    "revoked": "ingetrokken", "last used": "laatst gebruikt", "Revoke": "Intrekken", "New token": "Nieuw token",
    "Deactivate": "Deactiveren",
}


def translator(lang: str) -> Callable[[str], str]:
    """The text function of a page: English keys, Dutch unless English was chosen."""
    if lang == "en":
        return lambda key: ENGLISH_VALUES.get(key, key)
    return lambda key: DUTCH.get(key, ENGLISH_VALUES.get(key, key))


# Keys that are codes rather than English sentences: what the English interface shows for them.
ENGLISH_VALUES: dict[str, str] = {
    "notice:signed_out": "You are signed out.", "notice:saved": "Saved.", "notice:created": "Created.",
    "notice:submitted": "Submitted: a reviewer will look at it.", "notice:approved": "Approved.",
    "notice:rejected": "Rejected.", "notice:archived": "Archived.", "notice:restored": "Restored.",
    "notice:verified": "Verified today: recorded.",
    "notice:proposed": "Saved as a proposal: the public sees the change once another reviewer approves it.",
    "notice:resolved": "Report handled.", "notice:role_changed": "Role changed.", "notice:token_revoked": "Token revoked.",
    "notice:deactivated": "Curator deactivated.", "notice:language": "Language changed.",
    "state:draft": "draft", "state:in_review": "in review", "state:published": "published", "state:archived": "archived",
    "state:live": "live", "state:active": "live",
    "action:create": "created", "action:update": "edited", "action:submit": "submitted", "action:publish": "published",
    "action:reject": "rejected", "action:archive": "archived", "action:restore": "restored",
    "action:restore_version": "version restored", "action:verify": "verified", "action:propose": "proposed",
    "action:approve": "approved", "action:import": "imported",
    "field:organization_id": "Organisation", "field:name": "Name", "field:description": "Description",
    "field:url": "Website", "field:email": "E-mail", "field:status": "Status", "field:minimum_age": "Minimum age",
    "field:maximum_age": "Maximum age", "field:eligibility_description": "Who it is for (text)",
    "field:application_process": "How to apply", "field:anonymous": "anonymous", "field:police_involved":
        "with police", "field:lgbtq_friendly": "LGBTQ+ friendly", "field:crisis_24_7": "day and night (24/7)",
    "field:self_referral": "self-referral", "field:free": "free", "field:source_url": "Source",
    "field:genders": "Gender", "field:service_types": "Service types", "field:audiences": "Audiences",
    "field:situations": "Situations", "field:languages": "Languages", "field:service_areas": "Service area",
    "field:location_ids": "Locations", "field:phones": "Phones", "field:channels": "Channels",
    "field:hours": "Opening hours", "field:translations": "Translations", "field:alternate_name": "Other name",
    "field:website": "Website", "field:confidential": "Confidential", "field:municipality_code": "Municipality",
    "field:latitude": "Latitude", "field:longitude": "Longitude", "field:address": "Address",
    "field:publication": "State", "field:assured_date": "Verified on", "field:assurer": "Verified by",
    "channel:chat": "chat", "channel:whatsapp": "WhatsApp", "channel:walk_in": "walk-in", "channel:email": "e-mail",
    "channel:web_form": "web form",
    "term:service_type": "Service type", "term:audience": "Audience", "term:situation": "Situation",
    "term:gender": "Gender (only for)",
    "kind:service": "service", "kind:organization": "organisation", "kind:location": "location",
    "queue:new_listing": "new listing", "queue:revision": "change",
    "reason:wrong_phone": "wrong phone number", "reason:closed": "closed", "reason:wrong_address": "wrong address",
    "reason:other": "other",
}
