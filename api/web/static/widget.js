/*
 * helpfinder: find discreet help nearby.
 *
 * One script, two uses:
 *  - Embedded on a campaign site:
 *      <div id="helpfinder"></div>
 *      <script src="https://HOST/widget.js" data-target="#helpfinder" data-audience="parent-or-carer"
 *              data-region="GM0193" data-lang="en" async></script>
 *    The search renders inside a Shadow DOM of the target element, so the host's CSS cannot change it.
 *    Colours and shape can be set on the target element with CSS custom properties:
 *      --hf-accent, --hf-accent-text, --hf-accent-soft, --hf-text, --hf-muted, --hf-bg, --hf-surface,
 *      --hf-border, --hf-radius, --hf-font, --hf-exit-bg, --hf-exit-text, --hf-focus.
 *    Fixed filters (presets): data-audience, data-region, data-service-type, data-situation (several values
 *    separated by commas), data-gender (default "male"; "any" for no gender filter), data-lang ("nl" or "en";
 *    default: the host page's language). data-exit-url: where "Leave this site" goes (otherwise the page's
 *    <meta name="helpfinder-exit-url">, otherwise a weather site).
 *  - The help-finder page (/ and /en/) calls window.HelpFinder.mount(element, options) without a Shadow DOM.
 *
 * The API is called at the script's own origin. No cookies, no storage, no third-party requests; the
 * search is never put in the address bar or the browser history, and the form does not autofill.
 * Quick exit (button and Escape key) replaces the page with a neutral site with location.replace,
 * so the Back button does not return here.
 */
(function () {
  "use strict";

  var DEFAULT_EXIT_URL = "https://www.buienradar.nl/";
  var PER_PAGE = 20;
  var SITUATION_ORDER = ["sex-for-money", "pressured-or-forced", "loverboy-methods", "online-exploitation",
    "sextortion", "recent-sexual-assault", "labour-exploitation"];
  var CHANNEL_CHOICES = ["chat", "phone", "whatsapp", "walk_in"];

  var thisScript = document.currentScript || findOwnScript();
  var API_BASE = originOf(thisScript && thisScript.src) || window.location.origin;

  function findOwnScript() {
    var scripts = document.querySelectorAll("script[src]");
    for (var i = scripts.length - 1; i >= 0; i--) {
      if (/\/widget\.js(\?|#|$)/.test(scripts[i].src)) return scripts[i];
    }
    return null;
  }

  function originOf(url) {
    try { return url ? new URL(url, window.location.href).origin : null; } catch (e) { return null; }
  }

  /* ------------------------------------------------------------------ texts (B1 language) */

  var TEXT = {
    nl: {
      locale: "nl-NL",
      title: "Zoek hulp",
      exit: "Snel weg",
      exitKey: "of druk op Esc",
      emergencyStrong: "In gevaar?",
      emergencyCall: "Bel 112",
      emergencyRest: "bij nood.",
      presetIntro: "Je ziet hulp voor:",
      age: "Je leeftijd",
      ageHint: "Niet verplicht. Dan zie je alleen hulp die past bij je leeftijd.",
      ageOther: "Leeftijd van de jongen of man",
      ageOtherHint: "Niet verplicht. Dan zie je alleen hulp die past bij zijn leeftijd.",
      ageError: "Vul je leeftijd in met cijfers, bijvoorbeeld 16.",
      place: "Postcode of woonplaats",
      placeHint: "Niet verplicht. Bijvoorbeeld 5611 of Eindhoven. Leeg laten? Dan zie je hulp in heel Nederland.",
      situations: "Waar gaat het over?",
      situationsHint: "Kies wat bij je past. Meer kiezen mag, niets kiezen ook.",
      words: "Waar gaat het over? In je eigen woorden",
      wordsHint: "Bijvoorbeeld: iemand dwingt me.",
      moreChoices: "Plaats, leeftijd",
      understood: "We zochten naar hulp bij:",
      removeChip: function (name) { return "Haal \u2018" + name + "\u2019 weg en zoek opnieuw"; },
      situationFirst: function (names) { return "Hulp bij " + names + " staat bovenaan."; },
      contact: "Hoe wil je contact?",
      contactHint: "Niet verplicht.",
      channelChoice: { chat: "Chatten", phone: "Bellen", whatsapp: "WhatsApp", walk_in: "Langsgaan" },
      anonymousOnly: "Alleen hulp waarbij je je naam niet hoeft te geven",
      search: "Zoek hulp",
      searching: "Bezig met zoeken…",
      resultsTitle: "Hier kun je terecht",
      found: function (n) { return n === 1 ? "1 plek gevonden." : n + " plekken gevonden."; },
      nearFirst: function (place) {
        return "Hulp dicht bij " + place + " staat bovenaan, met de afstand. Daarna hulp die je kunt bellen of chatten.";
      },
      nationalFirst: "Hulp die dag en nacht bereikbaar is, staat bovenaan.",
      none: "Geen hulp gevonden met deze keuzes. Haal een vinkje weg, of laat de plaats leeg.",
      more: function (n) { return "Meer laten zien (nog " + n + ")"; },
      loadingMore: "Meer hulp laden…",
      errorPrefix: "Fout: ",
      postcodeUnknown: function (v) {
        return "We kennen postcode " + v + " niet. Kijk of je hem goed hebt getypt, of vul je woonplaats in.";
      },
      placeUnknown: function (v) {
        return "We kennen de plaats \u201c" + v + "\u201d niet. Kijk of je het goed hebt getypt, of vul je postcode in.";
      },
      placeSuggest: function (v, s) { return "We kennen \u201c" + v + "\u201d niet. Bedoel je " + s + "?"; },
      searchIn: function (s) { return "Zoek in " + s; },
      network: "Het lukt nu niet om hulp te laden. Kijk of je internet werkt en probeer het opnieuw. Bij nood: bel 112.",
      generic: "Er ging iets mis bij het zoeken. Probeer het opnieuw. Bij nood: bel 112.",
      badges: {
        anonymous: "Anoniem", crisis: "Dag en nacht", free: "Gratis", selfReferral: "Zonder verwijzing",
        lgbtq: "LHBTIQ+-vriendelijk", police: "Dit is de politie"
      },
      distance: "Afstand:",
      km: "km",
      nationwide: "Heel Nederland",
      offers: "Wat ze doen:",
      whoFor: "Voor wie:",
      also: "Ook voor:",
      audience: {
        self: "jongens en mannen zelf", "parent-or-carer": "ouders en verzorgers", friend: "vrienden",
        school: "scholen", professional: "hulpverleners"
      },
      genders: { all: "iedereen", male: "jongens en mannen", maleNonbinary: "jongens, mannen en non-binaire mensen" },
      ages: {
        all: "alle leeftijden",
        range: function (a, b) { return a + " tot en met " + b + " jaar"; },
        from: function (a) { return "vanaf " + a + " jaar"; },
        upTo: function (b) { return "tot en met " + b + " jaar"; }
      },
      whereTitle: "Adres:",
      confidential: "Het adres is geheim. Je hoort het als je contact hebt.",
      contactTitle: "Zo neem je contact op",
      call: "Bel",
      freeCall: "gratis",
      paidCall: "betaald nummer",
      hours: "Bereikbaar:",
      channel: { chat: "Chatten", whatsapp: "WhatsApp", email: "Mail", web_form: "Contactformulier", walk_in: "Langsgaan:" },
      website: function (org) { return "Website van " + org; },
      newTab: "(opent in een nieuw tabblad)",
      noContact: "Geen contactgegevens bekend.",
      verified: function (d) { return "Gecontroleerd op " + d; },
      notVerified: "Nog niet gecontroleerd",
      reportToggle: "Klopt er iets niet? Meld het",
      reportLegend: "Wat klopt er niet?",
      reasons: {
        wrong_phone: "Het telefoonnummer klopt niet", closed: "Deze hulp bestaat niet meer of is gesloten",
        wrong_address: "Het adres klopt niet", other: "Iets anders"
      },
      reportMessage: "Wat moeten we nog weten? (niet verplicht)",
      reportMessageHint: "Schrijf hier niet je naam of telefoonnummer.",
      reportSend: "Verstuur melding",
      reportSending: "Bezig met versturen…",
      reportChoose: "Kies wat er niet klopt.",
      reportThanks: "Bedankt voor je melding. We kijken ernaar.",
      reportTooMany: "Er zijn net veel meldingen verstuurd. Probeer het later opnieuw.",
      reportFailed: "Versturen lukte niet. Probeer het later opnieuw.",
      hideTitle: "Je bezoek verbergen",
      hideItems: [
        "Gebruik een privévenster (incognito). Dan onthoudt je browser niet dat je hier was.",
        "Wis daarna je geschiedenis, als je dat nodig vindt.",
        "Snel weg of de Esc-toets brengt je naar een weersite. Met de terugknop kom je niet terug op deze pagina."
      ]
    },
    en: {
      locale: "en-GB",
      title: "Find help",
      exit: "Leave this site",
      exitKey: "or press Esc",
      emergencyStrong: "In danger?",
      emergencyCall: "Call 112",
      emergencyRest: "in an emergency.",
      presetIntro: "Showing help for:",
      age: "Your age",
      ageHint: "Optional. Then you only see help that fits your age.",
      ageOther: "Age of the boy or man",
      ageOtherHint: "Optional. Then you only see help that fits his age.",
      ageError: "Enter your age in numbers, for example 16.",
      place: "Postcode or town",
      placeHint: "Optional. For example 5611 or Eindhoven. Leave it empty to see help in the whole of the Netherlands.",
      situations: "What is it about?",
      situationsHint: "Choose what fits you. You can choose more than one, or none.",
      words: "What is it about? In your own words",
      wordsHint: "For example: someone is forcing me.",
      moreChoices: "Place, age",
      understood: "We searched for help with:",
      removeChip: function (name) { return "Remove \u2018" + name + "\u2019 and search again"; },
      situationFirst: function (names) { return "Help with " + names + " comes first."; },
      contact: "How do you want to get in touch?",
      contactHint: "Optional.",
      channelChoice: { chat: "Chat", phone: "Phone", whatsapp: "WhatsApp", walk_in: "Walk in" },
      anonymousOnly: "Only help where you do not have to give your name",
      search: "Find help",
      searching: "Searching…",
      resultsTitle: "Where you can get help",
      found: function (n) { return n === 1 ? "Found 1 place." : "Found " + n + " places."; },
      nearFirst: function (place) {
        return "Help near " + place + " comes first, with the distance. Then help you can call or chat with.";
      },
      nationalFirst: "Help you can reach day and night comes first.",
      none: "No help found with these choices. Untick something, or leave the town empty.",
      more: function (n) { return "Show more (" + n + " left)"; },
      loadingMore: "Loading more help…",
      errorPrefix: "Error: ",
      postcodeUnknown: function (v) {
        return "We do not know postcode " + v + ". Check that you typed it correctly, or enter your town.";
      },
      placeUnknown: function (v) {
        return "We do not know the place \u201c" + v + "\u201d. Check that you typed it correctly, or enter your postcode.";
      },
      placeSuggest: function (v, s) { return "We do not know \u201c" + v + "\u201d. Did you mean " + s + "?"; },
      searchIn: function (s) { return "Search in " + s; },
      network: "We cannot load help right now. Check your internet connection and try again. In an emergency: call 112.",
      generic: "Something went wrong while searching. Please try again. In an emergency: call 112.",
      badges: {
        anonymous: "Anonymous", crisis: "Day and night", free: "Free", selfReferral: "No referral needed",
        lgbtq: "LGBTQ+ friendly", police: "This is the police"
      },
      distance: "Distance:",
      km: "km",
      nationwide: "Whole country",
      offers: "What they offer:",
      whoFor: "Who it is for:",
      also: "Also for:",
      audience: {
        self: "boys and men themselves", "parent-or-carer": "parents and carers", friend: "friends",
        school: "schools", professional: "professionals"
      },
      genders: { all: "everyone", male: "boys and men", maleNonbinary: "boys, men and non-binary people" },
      ages: {
        all: "all ages",
        range: function (a, b) { return "ages " + a + " to " + b; },
        from: function (a) { return "ages " + a + " and up"; },
        upTo: function (b) { return "up to age " + b; }
      },
      whereTitle: "Address:",
      confidential: "The address is secret. You will hear it once you are in touch.",
      contactTitle: "How to reach them",
      call: "Call",
      freeCall: "free call",
      paidCall: "paid call",
      hours: "Open:",
      channel: { chat: "Chat online", whatsapp: "WhatsApp", email: "Email", web_form: "Contact form", walk_in: "Walk in:" },
      website: function (org) { return org + " website"; },
      newTab: "(opens in a new tab)",
      noContact: "No contact details known.",
      verified: function (d) { return "Last checked on " + d; },
      notVerified: "Not yet verified",
      reportToggle: "Report a problem with this listing",
      reportLegend: "What is wrong?",
      reasons: {
        wrong_phone: "The phone number is wrong", closed: "This service has closed or no longer exists",
        wrong_address: "The address is wrong", other: "Something else"
      },
      reportMessage: "What else should we know? (optional)",
      reportMessageHint: "Please do not write your name or phone number here.",
      reportSend: "Send report",
      reportSending: "Sending…",
      reportChoose: "Choose what is wrong.",
      reportThanks: "Thank you for your report. We will check it.",
      reportTooMany: "Many reports were sent just now. Please try again later.",
      reportFailed: "Sending did not work. Please try again later.",
      hideTitle: "How to hide your visit",
      hideItems: [
        "Use a private (incognito) window. Then your browser does not remember you were here.",
        "Clear your browsing history afterwards if you need to.",
        "Leave this site or the Esc key takes you to a weather site. The Back button does not bring you back here."
      ]
    }
  };

  function pickLang(value) {
    var v = String(value || "").toLowerCase();
    return v.indexOf("en") === 0 ? "en" : "nl";
  }

  /* ------------------------------------------------------------------ styles */

  var CSS = [
    ":host{display:block}",
    ".hf{all:initial;display:block;box-sizing:border-box;",
    "--_accent:var(--hf-accent,#0b5d57);--_accent-text:var(--hf-accent-text,#fff);",
    "--_accent-soft:var(--hf-accent-soft,#e4f1ee);--_text:var(--hf-text,#1c2326);--_muted:var(--hf-muted,#4f5b62);",
    "--_bg:var(--hf-bg,#fff);--_surface:var(--hf-surface,#f6f4ef);--_border:var(--hf-border,#d3d9d7);",
    "--_field:var(--hf-field-border,#6b7780);--_radius:var(--hf-radius,12px);--_exit:var(--hf-exit-bg,#b42318);",
    "--_exit-text:var(--hf-exit-text,#fff);--_focus:var(--hf-focus,#ffd23f);--_error:#b42318;",
    "font-family:var(--hf-font,system-ui,-apple-system,'Segoe UI',Roboto,'Helvetica Neue',Arial,sans-serif);",
    "font-size:max(16px,1rem);line-height:1.5;color:var(--_text);text-align:start;",
    "overflow-wrap:anywhere;-webkit-text-size-adjust:100%;container-type:inline-size;container-name:hf}",
    ".hf *,.hf *::before,.hf *::after{box-sizing:border-box}",
    ".hf[data-mode=widget]{background:var(--_bg);border:1px solid var(--_border);border-radius:var(--_radius);",
    "padding:0 1em 1em}",
    ".hf [hidden]{display:none!important}",
    /* base rules with zero specificity (:where), so the component rules below always win */
    ":where(.hf) :where(h2,h3,h4,p,ul,ol,fieldset,legend){margin:0;padding:0}",
    ":where(.hf) :where(ul,ol){list-style:none}",
    ":where(.hf) :where(a){color:var(--_accent);text-decoration:underline;text-underline-offset:.15em}",
    ":where(.hf) :where(a:hover){text-decoration-thickness:.15em}",
    ":where(.hf) :where(:focus-visible){outline:3px solid transparent;",
    "box-shadow:0 0 0 3px var(--_focus),0 0 0 6px #111;border-radius:4px}",
    ":where(.hf) :where(a:focus-visible){background:var(--_focus);color:#111;text-decoration:none}",
    ".hf-vh{position:absolute!important;width:1px!important;height:1px!important;margin:-1px!important;",
    "padding:0!important;overflow:hidden!important;clip:rect(0 0 0 0)!important;white-space:nowrap!important;border:0!important}",
    /* widget top: quick exit + title */
    ".hf-top{position:sticky;top:0;z-index:5;display:flex;flex-wrap:wrap;align-items:center;",
    "justify-content:space-between;gap:.5em;margin:0 -1em 1em;padding:.75em 1em;background:var(--_bg);",
    "border-bottom:1px solid var(--_border);border-radius:var(--_radius) var(--_radius) 0 0}",
    ".hf-title{font-size:1.25em;font-weight:700;line-height:1.25}",
    ".hf .hf-exit{flex:none;white-space:nowrap;display:inline-flex;flex-direction:column;align-items:center;min-height:44px;justify-content:center;",
    "padding:.4em 1em;border-radius:8px;background:var(--_exit);color:var(--_exit-text);font-weight:700;",
    "text-decoration:none;line-height:1.2;border:2px solid var(--_exit)}",
    ".hf .hf-exit:hover{background:#8f1c13;border-color:#8f1c13}",
    ".hf .hf-exit:focus-visible{background:var(--_focus);color:#111;border-color:#111}",
    ".hf-exit small{font-weight:400;font-size:.8em}",
    ".hf .hf-exit--float{position:fixed;top:.75em;right:.75em;z-index:2147483000;box-shadow:0 2px 8px rgba(0,0,0,.35)}",
    ".hf-top .hf-emergency{flex-basis:100%;margin:0}",
    /* emergency and preset notes */
    ".hf-emergency{margin:0 0 1em;padding:.6em .85em;",
    "border-radius:8px;background:#fff4e5;color:#5c2a0a;border-left:6px solid #b54708}",
    ".hf-emergency a{color:#7a2e0e;font-weight:700}",
    /* the page: the 112 line stays on screen, fixed under the page's top bar (the page keeps room for it) */
    ".hf[data-mode=page] .hf-emergency{position:fixed;left:0;right:0;top:var(--hf-fixed-top,0);z-index:40;margin:0;",
    "border-radius:0;border-left:0;border-bottom:2px solid #b54708;height:var(--emergency-height,2.75rem);",
    "display:flex;align-items:center;justify-content:center;gap:.3em;padding:0 1em;white-space:nowrap}",
    /* free text, the understood situations as chips, the collapsible choices */
    ".hf-words{margin:0 0 1em}",
    ".hf-more-toggle{margin:0 0 1em;width:100%;justify-content:space-between}",
    ".hf-more-toggle::after{content:'+';font-size:1.3em;line-height:1}",
    ".hf-more-toggle[aria-expanded=true]::after{content:'\\2212'}",
    ".hf-understood{display:flex;flex-wrap:wrap;align-items:center;gap:.5em;margin:0 0 1em}",
    ".hf-understood ul{display:flex;flex-wrap:wrap;gap:.5em}",
    ".hf-chip{display:inline-flex;align-items:center;gap:.5em;min-height:44px;padding:.35em .8em;font:inherit;",
    "font-weight:600;border:2px solid var(--_accent);border-radius:999px;background:var(--_accent-soft);",
    "color:var(--_text);cursor:pointer}",
    ".hf-chip:focus-visible{background:var(--_focus);color:#111;border-color:#111}",
    ".hf-preset{margin:0 0 1em;color:var(--_muted)}",
    ".hf-preset strong{color:var(--_text)}",
    /* layout */
    ".hf-layout{display:grid;grid-template-columns:minmax(0,1fr);gap:1.5em}",
    ".hf-layout>*{min-width:0}",
    "@container hf (min-width:52em){.hf-layout{grid-template-columns:minmax(17em,22em) minmax(0,1fr);align-items:start}}",
    /* form */
    ".hf-form{background:var(--_bg);border:1px solid var(--_border);border-radius:var(--_radius);padding:1.25em}",
    ".hf[data-mode=widget] .hf-form{background:var(--_surface);border-color:transparent}",
    ".hf-form-title{font-size:1.3em;line-height:1.3;margin:0 0 .75em}",
    /* a narrow page: the form's heading is for screen readers only, and the form is compact */
    "@container hf (max-width:40em){.hf[data-mode=page] .hf-form-title{position:absolute;width:1px;height:1px;",
    "overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}.hf[data-mode=page] .hf-form{padding:1em}",
    ".hf-words{margin-bottom:.75em}.hf-layout{gap:1em}",
    /* folded: the toggle and the search button share one row */
    ".hf-form:has(.hf-more-toggle[aria-expanded=false]){display:grid;grid-template-columns:auto minmax(0,1fr);",
    "column-gap:.5em}.hf-form:has(.hf-more-toggle[aria-expanded=false])>*{grid-column:1/-1}",
    ".hf-form:has(.hf-more-toggle[aria-expanded=false])>.hf-more-toggle{grid-column:1;margin:0;padding:.6em .8em}",
    ".hf-form:has(.hf-more-toggle[aria-expanded=false])>.hf-button--wide{grid-column:2}}",
    ".hf-more-toggle{gap:.75em}",
    ".hf-field{margin:0 0 1.25em}",
    ".hf-label,.hf-legend{display:block;font-weight:700;margin:0 0 .15em}",
    ".hf-legend{font-size:1em}",
    ".hf-hint{color:var(--_muted);font-size:.9em;margin:0 0 .4em}",
    ".hf-input{display:block;width:100%;max-width:100%;font:inherit;color:var(--_text);background:#fff;",
    "border:2px solid var(--_field);border-radius:8px;padding:.5em .65em;min-height:44px;margin:0}",
    ".hf-input--age{max-width:6em}",
    ".hf-input:focus-visible{border-color:#111}",
    ".hf-input[aria-invalid=true]{border-color:var(--_error);border-width:3px}",
    ".hf-error{color:var(--_error);font-weight:700;margin:0 0 .4em}",
    ".hf-suggest{display:inline-block;margin:.4em 0 0}",
    ".hf-fieldset{border:0;margin:0 0 1.25em;min-width:0}",
    ".hf-checks{display:grid;gap:.35em}",
    ".hf-check{display:grid;grid-template-columns:1.5em 1fr;column-gap:.6em;align-items:start;",
    "padding:.35em .5em;border-radius:8px}",
    ".hf-check:hover{background:var(--_accent-soft)}",
    ".hf-check input{width:1.35em;height:1.35em;margin:.1em 0 0;accent-color:var(--_accent);cursor:pointer}",
    ".hf-check label{cursor:pointer;font-weight:600}",
    ".hf-check .hf-hint{grid-column:2;margin:0;font-size:.85em}",
    ".hf-chips{display:flex;flex-wrap:wrap;gap:.5em}",
    ".hf-chips .hf-check{grid-template-columns:1.35em auto;border:2px solid var(--_border);background:#fff;",
    "padding:.4em .7em;min-height:44px;align-items:center}",
    ".hf-chips .hf-check input{margin:0}",
    ".hf-chips .hf-check:has(input:checked){border-color:var(--_accent);background:var(--_accent-soft)}",
    ".hf-anon{margin:0 0 1.25em}",
    ".hf-button{display:inline-flex;align-items:center;justify-content:center;gap:.5em;font:inherit;font-weight:700;",
    "min-height:48px;padding:.6em 1.4em;border-radius:8px;border:2px solid var(--_accent);",
    "background:var(--_accent);color:var(--_accent-text);cursor:pointer;margin:0;line-height:1.2}",
    ".hf-button:hover{filter:brightness(.9)}",
    ".hf-button:focus-visible{background:var(--_focus);color:#111;border-color:#111}",
    ".hf-button--wide{width:100%}",
    ".hf-button--secondary{background:#fff;color:var(--_accent)}",
    ".hf-button[disabled]{opacity:.7;cursor:progress}",
    /* results */
    ".hf-results-title{font-size:1.3em;line-height:1.3;margin:0 0 .25em}",
    /* keep headings that are scrolled to or focused clear of the widget's sticky top bar */
    ".hf[data-mode=widget] .hf-results-title,.hf[data-mode=widget] .hf-card-title{scroll-margin-top:5.5em}",
    ".hf-summary{color:var(--_muted);margin:0 0 1em}",
    ".hf-summary.hf-is-error{color:var(--_error);font-weight:700}",
    ".hf-list{display:grid;grid-template-columns:minmax(0,1fr);gap:1em}",
    ".hf-results[aria-busy=true] .hf-list{opacity:.55}",
    ".hf-card{background:#fff;border:1px solid var(--_border);border-radius:var(--_radius);padding:1.1em 1.2em;",
    "box-shadow:0 1px 2px rgba(16,24,40,.06)}",
    ".hf-card-head{display:flex;flex-wrap:wrap;justify-content:space-between;align-items:baseline;gap:.25em 1em}",
    ".hf-card-title{font-size:1.15em;line-height:1.3;margin:0}",
    ".hf-card-title:focus{outline:none}",
    ".hf-card-title:focus-visible{box-shadow:0 0 0 3px var(--_focus),0 0 0 6px #111}",
    ".hf-distance{font-weight:700;color:var(--_accent);white-space:nowrap}",
    ".hf-org{color:var(--_muted);margin:.1em 0 .6em}",
    ".hf-badges{display:flex;flex-wrap:wrap;gap:.4em;margin:0 0 .75em}",
    ".hf-badge{display:inline-block;padding:.15em .6em;border-radius:999px;background:var(--_accent-soft);",
    "color:#0b4a45;font-size:.85em;font-weight:600}",
    ".hf-badge--police{background:#eef0f7;color:#27305a}",
    ".hf-desc{margin:0 0 .75em}",
    ".hf-facts{display:grid;gap:.3em;margin:0 0 .9em;font-size:.95em}",
    ".hf-facts strong{font-weight:700}",
    ".hf-contact-title{font-size:1em;margin:0 0 .4em}",
    ".hf-channels{display:grid;gap:.5em;margin:0 0 .9em}",
    ".hf-channel{display:flex;flex-wrap:wrap;align-items:center;gap:.25em .75em}",
    ".hf-channel a,.hf-channel .hf-walkin{display:inline-flex;align-items:center;gap:.25em .5em;min-height:44px;max-width:100%;",
    "padding:.35em .9em .35em .6em;border:2px solid var(--_accent);border-radius:8px;font-weight:700;",
    "text-decoration:none;color:var(--_accent);background:#fff}",
    ".hf-channel a:hover{background:var(--_accent-soft)}",
    ".hf-channel a>span:not(.hf-tag):not(.hf-vh),.hf-walkin>span{min-width:0}",
    ".hf-channel a.hf-phone{flex-wrap:wrap}",
    ".hf-channel .hf-walkin{border-color:var(--_border);color:var(--_text);font-weight:400}",
    ".hf-channel a:focus-visible{background:var(--_focus);color:#111;border-color:#111}",
    ".hf-nowrap{white-space:nowrap}",
    ".hf-icon{width:1.25em;height:1.25em;flex:none}",
    ".hf-tag{white-space:nowrap;font-weight:600;font-size:.85em;padding:.05em .5em;border-radius:999px;background:var(--_accent-soft);color:#0b4a45}",
    ".hf-tag--paid{background:#f2f4f7;color:#344054}",
    ".hf-hours{color:var(--_muted);font-size:.9em}",
    ".hf-meta{display:flex;flex-wrap:wrap;justify-content:space-between;gap:.5em 1em;align-items:center;",
    "border-top:1px solid var(--_border);padding-top:.6em;font-size:.9em;color:var(--_muted)}",
    ".hf-verified{display:inline-flex;align-items:center;gap:.35em}",
    ".hf-report{margin:0}",
    ".hf-report summary{cursor:pointer;color:var(--_accent);text-decoration:underline;min-height:44px;",
    "display:inline-flex;align-items:center}",
    ".hf-report summary:focus-visible{background:var(--_focus);color:#111}",
    ".hf-report[open]{flex-basis:100%}",
    ".hf-report-form{margin:.5em 0 0;padding:1em;border-radius:8px;background:var(--_surface);color:var(--_text);font-size:1rem}",
    ".hf-report-form .hf-check{padding:.2em .25em}",
    ".hf-textarea{min-height:5em;resize:vertical}",
    ".hf-report-done{margin:.5em 0 0;font-weight:700;color:var(--_text)}",
    ".hf-more-wrap{margin:1.25em 0 0;text-align:center}",
    /* hide your visit */
    ".hf-hide{margin:1.25em 0 0;padding:.75em 1em;border-radius:8px;background:var(--_surface)}",
    ".hf-hide summary{cursor:pointer;font-weight:700;min-height:44px;display:flex;align-items:center}",
    ".hf-hide ul{list-style:disc;padding-left:1.25em;margin:.25em 0 0}",
    ".hf-hide li{margin:.25em 0}",
    "@media (prefers-reduced-motion:no-preference){.hf a,.hf-button,.hf-check{transition:background-color .15s,filter .15s}}",
    "@media (forced-colors:active){.hf-badge,.hf-tag,.hf-card,.hf-form{border:1px solid CanvasText}",
    ".hf :focus-visible{outline:3px solid Highlight}}"
  ].join("\n");

  var documentSheet = null;

  // A constructed stylesheet: no <style> element and no style attribute, so a strict
  // Content-Security-Policy (style-src 'self') on the host page does not block it.
  function adoptStyles(root) { // root: the Document (page) or a ShadowRoot (widget)
    try {
      var sheet;
      if (root.nodeType === 9) {
        if (!documentSheet) {
          documentSheet = new CSSStyleSheet();
          documentSheet.replaceSync(CSS);
        } else if (root.adoptedStyleSheets.indexOf(documentSheet) !== -1) {
          return;
        }
        sheet = documentSheet;
      } else {
        sheet = new CSSStyleSheet();
        sheet.replaceSync(CSS);
      }
      root.adoptedStyleSheets = root.adoptedStyleSheets.concat([sheet]);
    } catch (e) {
      // Older browsers: a <style> element (needs a CSP that allows it on the host page).
      var style = document.createElement("style");
      style.textContent = CSS;
      (root.nodeType === 9 ? root.head : root).appendChild(style);
    }
  }

  /* ------------------------------------------------------------------ small DOM helpers */

  function h(tag, attrs) {
    var el = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (key) {
        var value = attrs[key];
        if (value === null || value === undefined || value === false) return;
        if (key === "text") el.textContent = value;
        else if (key === "class") el.className = value;
        else if (key.indexOf("on") === 0) el.addEventListener(key.slice(2), value);
        else if (value === true) el.setAttribute(key, "");
        else el.setAttribute(key, String(value));
      });
    }
    for (var i = 2; i < arguments.length; i++) append(el, arguments[i]);
    return el;
  }

  function append(el, child) {
    if (child === null || child === undefined || child === false) return;
    if (Array.isArray(child)) { child.forEach(function (c) { append(el, c); }); return; }
    el.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
  }

  var SVG_NS = "http://www.w3.org/2000/svg";
  var ICONS = {
    phone: [["path", { d: "M22 16.9v3a2 2 0 0 1-2.2 2 19.8 19.8 0 0 1-8.6-3.1 19.5 19.5 0 0 1-6-6A19.8 19.8 0 0 1 2.1 4.2 2 2 0 0 1 4.1 2h3a2 2 0 0 1 2 1.7c.1 1 .4 1.9.7 2.8a2 2 0 0 1-.5 2.1L8.1 9.9a16 16 0 0 0 6 6l1.3-1.3a2 2 0 0 1 2.1-.4c.9.3 1.8.6 2.8.7a2 2 0 0 1 1.7 2z" }]],
    chat: [["path", { d: "M21 11.5a8.4 8.4 0 0 1-.9 3.8 8.5 8.5 0 0 1-7.6 4.7 8.4 8.4 0 0 1-3.8-.9L3 21l1.9-5.7a8.4 8.4 0 0 1-.9-3.8 8.5 8.5 0 0 1 4.7-7.6 8.4 8.4 0 0 1 3.8-.9h.5a8.5 8.5 0 0 1 8 8v.5z" }]],
    whatsapp: [["path", { d: "M21 11.5a8.4 8.4 0 0 1-.9 3.8 8.5 8.5 0 0 1-7.6 4.7 8.4 8.4 0 0 1-3.8-.9L3 21l1.9-5.7a8.4 8.4 0 0 1-.9-3.8 8.5 8.5 0 0 1 4.7-7.6 8.4 8.4 0 0 1 3.8-.9h.5a8.5 8.5 0 0 1 8 8v.5z" }],
      ["path", { d: "M9 9.5c.5 2.2 2.3 4 4.5 4.5l1-1" }]],
    walk_in: [["path", { d: "M20 10c0 6-8 12-8 12s-8-6-8-12a8 8 0 0 1 16 0z" }], ["circle", { cx: "12", cy: "10", r: "3" }]],
    email: [["rect", { x: "2", y: "4", width: "20", height: "16", rx: "2" }], ["path", { d: "m22 7-10 6L2 7" }]],
    web: [["circle", { cx: "12", cy: "12", r: "10" }], ["path", { d: "M2 12h20M12 2a15.3 15.3 0 0 1 4 10 15.3 15.3 0 0 1-4 10 15.3 15.3 0 0 1-4-10 15.3 15.3 0 0 1 4-10z" }]],
    check: [["path", { d: "M22 11.1V12a10 10 0 1 1-5.9-9.1" }], ["path", { d: "M22 4 12 14l-3-3" }]],
    clock: [["circle", { cx: "12", cy: "12", r: "10" }], ["path", { d: "M12 6v6l4 2" }]]
  };
  ICONS.web_form = ICONS.web;

  function icon(name) {
    var svg = document.createElementNS(SVG_NS, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("class", "hf-icon");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    svg.setAttribute("fill", "none");
    svg.setAttribute("stroke", "currentColor");
    svg.setAttribute("stroke-width", "2");
    svg.setAttribute("stroke-linecap", "round");
    svg.setAttribute("stroke-linejoin", "round");
    (ICONS[name] || ICONS.web).forEach(function (part) {
      var node = document.createElementNS(SVG_NS, part[0]);
      Object.keys(part[1]).forEach(function (k) { node.setAttribute(k, part[1][k]); });
      svg.appendChild(node);
    });
    return svg;
  }

  function listText(items, lang) {
    try { return new Intl.ListFormat(TEXT[lang].locale, { style: "long", type: "conjunction" }).format(items); }
    catch (e) { return items.join(", "); }
  }

  function formatKm(km, lang) {
    return new Intl.NumberFormat(TEXT[lang].locale, { maximumFractionDigits: 1 }).format(km);
  }

  function formatDate(iso, lang) {
    var m = /^(\d{4})-(\d{2})-(\d{2})/.exec(String(iso));
    if (!m) return String(iso);
    var date = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
    return date.toLocaleDateString(TEXT[lang].locale, { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
  }

  var idCounter = 0;
  function uid(prefix) { idCounter += 1; return "hf" + idCounter + "-" + prefix; }

  /* ------------------------------------------------------------------ quick exit */

  function exitUrlFrom(value) {
    var v = (value || "").trim();
    if (!v || v === "__EXIT_URL__" || !/^https?:\/\//i.test(v)) return null;
    return v;
  }

  function pageExitUrl() {
    var meta = document.querySelector('meta[name="helpfinder-exit-url"]');
    return exitUrlFrom(meta && meta.getAttribute("content")) || DEFAULT_EXIT_URL;
  }

  var exitState = { url: null, escapeInstalled: false };

  function quickExit(url) {
    var target = exitUrlFrom(url) || exitState.url || pageExitUrl();
    // Hide the page at once, in case the neutral site takes a moment to load.
    try { document.documentElement.style.setProperty("visibility", "hidden", "important"); } catch (e) { /* ignore */ }
    try { document.title = ""; } catch (e) { /* ignore */ }
    window.location.replace(target);
  }

  function installQuickExit(url) {
    exitState.url = exitUrlFrom(url) || exitState.url || pageExitUrl();
    if (exitState.escapeInstalled) return exitState.url;
    exitState.escapeInstalled = true;
    document.addEventListener("keydown", function (event) {
      if ((event.key === "Escape" || event.key === "Esc") && !event.isComposing) {
        event.preventDefault();
        quickExit();
      }
    }, true);
    return exitState.url;
  }

  function exitLink(t, url) {
    return h("a", {
      class: "hf-exit", href: url, rel: "nofollow noreferrer",
      onclick: function (event) { event.preventDefault(); quickExit(url); }
    }, h("span", { text: t.exit }), h("small", { text: t.exitKey }));
  }

  /* ------------------------------------------------------------------ API */

  function ApiError(status, body) {
    this.status = status;
    this.body = body;
  }

  function apiUrl(path, params) {
    var url = new URL(path, API_BASE);
    (params || []).forEach(function (pair) { url.searchParams.append(pair[0], pair[1]); });
    return url.toString();
  }

  function request(path, params, init) {
    var options = Object.assign({ credentials: "omit", referrerPolicy: "no-referrer", headers: { Accept: "application/json" } }, init || {});
    return fetch(apiUrl(path, params), options).then(function (response) {
      return response.text().then(function (text) {
        var body = null;
        try { body = text ? JSON.parse(text) : null; } catch (e) { body = null; }
        if (!response.ok) throw new ApiError(response.status, body);
        return body;
      });
    });
  }

  var taxonomyCache = {};
  function taxonomy(name, lang) {
    var key = name + ":" + lang;
    if (!taxonomyCache[key]) {
      taxonomyCache[key] = request("/v1/taxonomy_terms", [["taxonomy", name], ["lang", lang], ["per_page", "100"]])
        .then(function (body) { return (body && body.contents) || []; })
        .catch(function () { delete taxonomyCache[key]; return []; });
    }
    return taxonomyCache[key];
  }

  /* ------------------------------------------------------------------ the finder */

  function splitList(value) {
    return String(value || "").split(",").map(function (s) { return s.trim(); }).filter(Boolean);
  }

  function parsePlace(raw) {
    var value = String(raw || "").trim().replace(/\s+/g, " ");
    if (!value) return null;
    var m = /^(\d{4})\s?([a-zA-Z]{2})?$/.exec(value);
    if (m) return { kind: "postcode", value: m[2] ? m[1] + " " + m[2].toUpperCase() : m[1] };
    return { kind: "near", value: value };
  }

  /* ------------------------------------------------------------------ one result card
   * ctx: { t: texts of the language, lang, serviceTypeNames: code -> name (filled once loaded) } */

  function renderCard(ctx, s) {
    var t = ctx.t, lang = ctx.lang;
    var titleId = uid("svc");
    var title = h("h3", { class: "hf-card-title", id: titleId, tabindex: "-1", text: s.name });
    var head = h("div", { class: "hf-card-head" }, title);
    if (typeof s.distance_km === "number") {
      head.appendChild(h("p", { class: "hf-distance" },
        h("span", { class: "hf-vh", text: t.distance + " " }), formatKm(s.distance_km, lang) + " " + t.km));
    }
    var orgLine = [s.organization && s.organization.name].filter(Boolean);
    var cities = uniq((s.locations || []).map(function (l) { return l.city; }).filter(Boolean));
    if (cities.length) orgLine.push(cities.join(", "));
    else if ((s.service_areas || []).some(function (a) { return a.kind === "country"; })) orgLine.push(t.nationwide);

    var badges = [];
    if (s.anonymous) badges.push([t.badges.anonymous]);
    if (s.crisis_24_7) badges.push([t.badges.crisis]);
    if (s.free) badges.push([t.badges.free]);
    if (s.self_referral) badges.push([t.badges.selfReferral]);
    if (s.lgbtq_friendly) badges.push([t.badges.lgbtq]);
    if (s.police_involved) badges.push([t.badges.police, "hf-badge--police"]);

    var facts = [];
    var offers = (s.service_types || []).map(function (c) { return ctx.serviceTypeNames[c] || c.replace(/-/g, " "); });
    if (offers.length) facts.push(fact(t.offers, offers.join(" · ")));
    facts.push(fact(t.whoFor, whoFor(ctx, s)));
    var others = (s.audiences || []).filter(function (a) { return a !== "self"; }).map(function (a) { return t.audience[a] || a; });
    if (others.length && (s.audiences || []).indexOf("self") !== -1) facts.push(fact(t.also, listText(others, lang)));
    var addresses = (s.locations || []).map(function (l) {
      if (l.confidential) return (l.city ? l.city + ": " : "") + t.confidential;
      return l.address ? [l.address, l.city].filter(Boolean).join(", ") : null;
    }).filter(Boolean);
    if (addresses.length) facts.push(fact(t.whereTitle, uniq(addresses).join(" · ")));

    var contactId = uid("contact");
    var item = h("li", null,
      h("article", { class: "hf-card", "aria-labelledby": titleId },
        head,
        orgLine.length ? h("p", { class: "hf-org", text: orgLine.join(" · ") }) : null,
        badges.length ? h("ul", { class: "hf-badges", role: "list" }, badges.map(function (b) {
          return h("li", { class: "hf-badge" + (b[1] ? " " + b[1] : ""), text: b[0] });
        })) : null,
        s.description ? h("p", { class: "hf-desc", text: s.description }) : null,
        h("div", { class: "hf-facts" }, facts),
        h("h4", { class: "hf-contact-title", id: contactId, text: t.contactTitle }),
        h("ul", { class: "hf-channels", role: "list", "aria-labelledby": contactId }, renderChannels(ctx, s)),
        h("div", { class: "hf-meta" },
          h("p", { class: "hf-verified" }, icon(s.assured_date ? "check" : "clock"),
            s.assured_date ? t.verified(formatDate(s.assured_date, lang)) : t.notVerified),
          renderReportForm(ctx, s))));
    return { item: item, title: title };
  }

  function fact(label, value) {
    return h("p", null, h("strong", { text: label }), " " + value);
  }

  function whoFor(ctx, s) {
    var t = ctx.t, lang = ctx.lang;
    var g = s.genders || [];
    var gText = !g.length || (g.indexOf("female") !== -1 && g.indexOf("male") !== -1) ? t.genders.all
      : g.indexOf("nonbinary") !== -1 ? t.genders.maleNonbinary : t.genders.male;
    var min = s.minimum_age, max = s.maximum_age;
    var aText = (min === null || min === undefined || min === 0) && (max === null || max === undefined) ? t.ages.all
      : (min !== null && min !== undefined && min > 0 && max !== null && max !== undefined) ? t.ages.range(min, max)
        : (max !== null && max !== undefined) ? t.ages.upTo(max) : t.ages.from(min);
    var text = gText + ", " + aText;
    var aud = s.audiences || [];
    if (aud.length && aud.indexOf("self") === -1) {
      text = listText(aud.map(function (a) { return t.audience[a] || a; }), lang) + " (" + text + ")";
    }
    return text;
  }

  function renderChannels(ctx, s) {
    var t = ctx.t;
    var out = (s.channels || []).map(function (c) { return renderChannel(ctx, c, s); });
    if (!out.length && s.organization && s.organization.website) {
      out.push(h("li", { class: "hf-channel" }, externalLink(ctx, s.organization.website, "web", t.website(s.organization.name), null)));
    }
    if (!out.length) out.push(h("li", { class: "hf-channel hf-hours", text: t.noContact }));
    return out;
  }

  function renderChannel(ctx, c, s) {
    var t = ctx.t;
    var li = h("li", { class: "hf-channel" });
    var extra = c.label ? " (" + c.label + ")" : "";
    if (c.type === "phone") {
      var tag = c.free === true ? h("span", { class: "hf-tag", text: t.freeCall })
        : c.free === false ? h("span", { class: "hf-tag hf-tag--paid", text: t.paidCall }) : null;
      li.appendChild(h("a", { class: "hf-phone", href: c.href || "tel:" + String(c.value).replace(/[^\d+]/g, "") },
        icon("phone"), h("span", null, t.call + " ", h("span", { class: "hf-nowrap", text: c.value }), extra),
        tag ? " " : null, tag));
    } else if (c.type === "walk_in") {
      li.appendChild(h("span", { class: "hf-walkin" }, icon("walk_in"), h("span", { text: t.channel.walk_in + " " + c.value + extra })));
    } else if (c.type === "email") {
      li.appendChild(h("a", { href: c.href || "mailto:" + c.value }, icon("email"), h("span", { text: t.channel.email + " " + c.value + extra })));
    } else if (c.href) {
      var label = (t.channel[c.type] || c.type) + (c.type === "whatsapp" ? " " + c.value : "") + extra;
      li.appendChild(externalLink(ctx, c.href, c.type, label, s.name));
    } else {
      li.appendChild(h("span", { class: "hf-walkin" }, icon(c.type), h("span", { text: (t.channel[c.type] || c.type) + " " + c.value })));
    }
    if (c.hours) li.appendChild(h("span", { class: "hf-hours", text: t.hours + " " + c.hours }));
    return li;
  }

  function externalLink(ctx, href, kind, label, context) {
    var t = ctx.t;
    var safe = /^(https?:|mailto:|tel:)/i.test(String(href)) ? href : null;
    if (!safe) return h("span", { class: "hf-walkin" }, icon(kind), h("span", { text: label }));
    return h("a", { href: safe, target: "_blank", rel: "noopener noreferrer" },
      icon(kind), h("span", { text: label }),
      h("span", { class: "hf-vh", text: (context ? " \u2013 " + context : "") + " " + t.newTab }));
  }

  function renderReportForm(ctx, s) {
    var t = ctx.t;
    var details = h("details", { class: "hf-report" });
    var summaryEl = h("summary", null, t.reportToggle, h("span", { class: "hf-vh", text: " \u2013 " + s.name }));
    details.appendChild(summaryEl);
    var name = uid("reason");
    var legendId = name + "-legend";
    var errorEl = h("p", { class: "hf-error", id: name + "-error", hidden: true });
    var radios = Object.keys(t.reasons).map(function (code) {
      var id = name + "-" + code;
      return h("div", { class: "hf-check" },
        h("input", { type: "radio", id: id, name: name, value: code }),
        h("label", { for: id, text: t.reasons[code] }));
    });
    var messageId = name + "-message";
    var message = h("textarea", {
      id: messageId, class: "hf-input hf-textarea", maxlength: "1000", rows: "3", autocomplete: "off",
      "aria-describedby": messageId + "-hint"
    });
    var send = h("button", { type: "submit", class: "hf-button", text: t.reportSend });
    var status = h("p", { class: "hf-report-done", role: "status", tabindex: "-1" });
    var reportFormEl = h("form", { class: "hf-report-form", novalidate: true, autocomplete: "off" },
      h("fieldset", { class: "hf-fieldset", "aria-describedby": name + "-error" },
        h("legend", { class: "hf-legend", id: legendId, text: t.reportLegend }),
        errorEl,
        h("div", { class: "hf-checks" }, radios)),
      h("div", { class: "hf-field" },
        h("label", { class: "hf-label", for: messageId, text: t.reportMessage }),
        h("p", { class: "hf-hint", id: messageId + "-hint", text: t.reportMessageHint }),
        message),
      send);
    details.appendChild(reportFormEl);
    details.appendChild(status);

    reportFormEl.addEventListener("submit", function (event) {
      event.preventDefault();
      var chosen = reportFormEl.querySelector('input[name="' + name + '"]:checked');
      if (!chosen) {
        errorEl.textContent = "";
        append(errorEl, [h("span", { class: "hf-vh", text: t.errorPrefix }), t.reportChoose]);
        errorEl.hidden = false;
        var first = reportFormEl.querySelector('input[type="radio"]');
        if (first) first.focus();
        return;
      }
      errorEl.hidden = true;
      var payload = { reason: chosen.value };
      var text = message.value.trim();
      if (text) payload.message = text.slice(0, 1000);
      send.disabled = true;
      send.textContent = t.reportSending;
      request("/v1/services/" + encodeURIComponent(s.id) + "/feedback", [], {
        method: "POST", headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify(payload)
      }).then(function () {
        reportFormEl.hidden = true;
        status.textContent = t.reportThanks;
        status.focus();
      }).catch(function (err) {
        send.disabled = false;
        send.textContent = t.reportSend;
        status.textContent = err instanceof ApiError && err.status === 429 ? t.reportTooMany : t.reportFailed;
      });
    });
    return details;
  }

  /* ------------------------------------------------------------------ the page's parts */

  /** The top bar (widget only: title and quick exit) and the 112 line, as the options ask. */
  function renderTop(t, options, exitUrl) {
    var parts = [];
    var emergency = options.emergency === false ? null : h("p", { class: "hf-emergency" },
      h("strong", { text: t.emergencyStrong }), " ",
      h("span", null, h("a", { href: "tel:112", text: t.emergencyCall }), " " + t.emergencyRest));
    if (options.exitButton) {
      // The widget's top stays in view while its results scroll: title, quick exit and the 112 line.
      // Until the widget itself is in view (it often sits below the host page's own text), a copy of
      // the quick exit floats in the corner of the screen, so it is there from the first moment.
      var topExit = exitLink(t, exitUrl);
      var floating = exitLink(t, exitUrl);
      floating.classList.add("hf-exit--float");
      parts.push(floating);
      parts.push(h("div", { class: "hf-top" },
        options.heading === false ? h("span") : h("h2", { class: "hf-title", text: t.title }),
        topExit, emergency));
      if (typeof IntersectionObserver === "function") {
        new IntersectionObserver(function (entries) {
          floating.hidden = entries[entries.length - 1].isIntersecting;
        }).observe(topExit);
      }
    } else if (emergency) {
      parts.push(emergency);
    }
    return parts;
  }

  /** The search form; returns it with the controls the search reads and marks. */
  function renderForm(t, options, fixed, forOthers) {
    var ids = { age: uid("age"), place: uid("place"), anon: uid("anon"), words: uid("words"), more: uid("more") };
    var wordsInput = h("input", {
      id: ids.words, class: "hf-input", type: "text", autocomplete: "off", spellcheck: "true", name: "q",
      maxlength: "200", "aria-describedby": ids.words + "-hint"
    });
    // On a small screen the choices fold away, so the help itself is on the first screen.
    var narrow = typeof window.matchMedia === "function" && window.matchMedia("(max-width: 40em)").matches;
    var moreToggle = h("button", {
      type: "button", class: "hf-button hf-button--secondary hf-more-toggle", "aria-controls": ids.more,
      "aria-expanded": narrow ? "false" : "true", text: t.moreChoices
    });
    var ageInput = h("input", {
      id: ids.age, class: "hf-input hf-input--age", type: "text", inputmode: "numeric", autocomplete: "off",
      spellcheck: "false", maxlength: "3", name: "age", "aria-describedby": ids.age + "-hint"
    });
    var ageError = h("p", { id: ids.age + "-error", class: "hf-error", hidden: true });
    var placeInput = h("input", {
      id: ids.place, class: "hf-input", type: "text", autocomplete: "off", spellcheck: "false",
      autocapitalize: "off", name: "place", "aria-describedby": ids.place + "-hint"
    });
    var placeError = h("p", { id: ids.place + "-error", class: "hf-error", hidden: true });
    var situationsBox = h("div", { class: "hf-checks" });
    var situationsSet = h("fieldset", { class: "hf-fieldset", hidden: true, "aria-describedby": ids.place + "-sit-hint" },
      h("legend", { class: "hf-legend", text: t.situations }),
      h("p", { class: "hf-hint", id: ids.place + "-sit-hint", text: t.situationsHint }),
      situationsBox);
    var channelBoxes = CHANNEL_CHOICES.map(function (code) {
      var id = uid("ch-" + code);
      return h("div", { class: "hf-check" },
        h("input", { type: "checkbox", id: id, name: "channel", value: code }),
        h("label", { for: id, text: t.channelChoice[code] }));
    });
    var anonInput = h("input", { type: "checkbox", id: ids.anon, name: "anonymous", value: "true" });
    var submit = h("button", { type: "submit", class: "hf-button hf-button--wide", text: t.search });

    // The widget has its title in the top bar; the page gives the form its own heading.
    var formTitleId = uid("form-title");
    var form = h("form", {
      class: "hf-form", novalidate: true, autocomplete: "off", role: "search",
      "aria-labelledby": options.exitButton ? null : formTitleId, "aria-label": options.exitButton ? t.title : null
    },
      options.exitButton ? null : h("h2", { class: "hf-form-title", id: formTitleId, text: t.title }),
      h("div", { class: "hf-field hf-words" },
        h("label", { class: "hf-label", for: ids.words, text: t.words }),
        h("p", { class: "hf-hint", id: ids.words + "-hint", text: t.wordsHint }),
        wordsInput),
      moreToggle,
      h("div", { id: ids.more, class: "hf-more-fields", hidden: narrow },
      h("div", { class: "hf-field" },
        h("label", { class: "hf-label", for: ids.age, text: forOthers ? t.ageOther : t.age }),
        h("p", { class: "hf-hint", id: ids.age + "-hint", text: forOthers ? t.ageOtherHint : t.ageHint }),
        ageError, ageInput),
      h("div", { class: "hf-field" },
        h("label", { class: "hf-label", for: ids.place, text: t.place }),
        h("p", { class: "hf-hint", id: ids.place + "-hint", text: t.placeHint }),
        placeError, placeInput),
      fixed.situations.length ? null : situationsSet,
      h("fieldset", { class: "hf-fieldset", "aria-describedby": ids.place + "-ch-hint" },
        h("legend", { class: "hf-legend", text: t.contact }),
        h("p", { class: "hf-hint", id: ids.place + "-ch-hint", text: t.contactHint }),
        h("div", { class: "hf-chips" }, channelBoxes)),
      h("div", { class: "hf-check hf-anon" }, anonInput, h("label", { for: ids.anon, text: t.anonymousOnly }))),
      submit);
    var moreFields = form.querySelector("#" + ids.more);
    moreToggle.addEventListener("click", function () {
      var open = moreToggle.getAttribute("aria-expanded") !== "true";
      moreToggle.setAttribute("aria-expanded", open ? "true" : "false");
      moreFields.hidden = !open;
    });
    return {
      form: form, wordsInput: wordsInput, moreToggle: moreToggle, moreFields: moreFields,
      ageInput: ageInput, ageError: ageError, placeInput: placeInput, placeError: placeError,
      situationsBox: situationsBox, situationsSet: situationsSet, anonInput: anonInput, submit: submit
    };
  }

  /** The results section: heading, summary, live region, list and the "more" button. */
  function renderResults(t, options) {
    var resultsTitleId = uid("results-title");
    var parts = {
      summary: h("p", { class: "hf-summary" }),
      understood: h("div", { class: "hf-understood", hidden: true }),
      live: h("p", { class: "hf-vh", role: "status", "aria-live": "polite", "aria-atomic": "true" }),
      list: h("ol", { class: "hf-list", role: "list", id: uid("results") }),
      moreButton: h("button", { type: "button", class: "hf-button hf-button--secondary", hidden: true }),
      title: h(options.exitButton ? "h3" : "h2", { class: "hf-results-title", id: resultsTitleId, text: t.resultsTitle, tabindex: "-1" })
    };
    parts.section = h("section", { class: "hf-results", "aria-labelledby": resultsTitleId },
      parts.title, parts.summary, parts.understood, parts.live, parts.list, h("div", { class: "hf-more-wrap" }, parts.moreButton));
    return parts;
  }

  /** Tips on hiding the visit to this page. */
  function renderHideVisit(t) {
    return h("details", { class: "hf-hide" },
      h("summary", { text: t.hideTitle }),
      h("ul", null, t.hideItems.map(function (item) { return h("li", { text: item }); })));
  }

  /** The situation checkboxes: SITUATION_ORDER first, then any other term. */
  function renderSituationChoices(terms, forOthers) {
    var byCode = {};
    terms.forEach(function (term) { byCode[term.code] = term; });
    var ordered = SITUATION_ORDER.filter(function (c) { return byCode[c]; }).map(function (c) { return byCode[c]; })
      .concat(terms.filter(function (term) { return SITUATION_ORDER.indexOf(term.code) === -1; }));
    return ordered.map(function (term) {
      var id = uid("sit-" + term.code);
      var hintId = id + "-hint";
      var hint = forOthers ? null : term.description; // the descriptions speak to the boy himself
      return h("div", { class: "hf-check" },
        h("input", { type: "checkbox", id: id, name: "situation", value: term.code, "aria-describedby": hint ? hintId : null }),
        h("label", { for: id, text: term.name }),
        hint ? h("p", { class: "hf-hint", id: hintId, text: hint }) : null);
    });
  }

  /**
   * Render the search into container.
   * options: lang ("nl"|"en"), shadow (bool), exitButton (bool), exitUrl, heading (bool: show the title),
   *          audience, region, serviceTypes [], situations [], gender ("male" default, "any" for none).
   */
  function mount(container, options) {
    options = options || {};
    var lang = pickLang(options.lang);
    var t = TEXT[lang];
    var gender = options.gender === undefined || options.gender === null || options.gender === "" ? "male" : options.gender;
    var fixed = {
      audience: splitList(options.audience),
      region: splitList(options.region),
      serviceTypes: splitList(options.serviceTypes),
      situations: splitList(options.situations)
    };
    var exitUrl = installQuickExit(options.exitUrl);
    // A site for parents, friends or professionals: ask about him, not about "you".
    var forOthers = fixed.audience.length > 0 && fixed.audience.indexOf("self") === -1;

    var host;
    if (options.shadow) {
      var shadow = container.shadowRoot || container.attachShadow({ mode: "open" });
      while (shadow.firstChild) shadow.removeChild(shadow.firstChild);
      adoptStyles(shadow);
      host = shadow;
    } else {
      adoptStyles(document);
      while (container.firstChild) container.removeChild(container.firstChild);
      host = container;
    }

    var root = h("div", { class: "hf", lang: lang, "data-mode": options.shadow ? "widget" : "page" });
    host.appendChild(root);

    renderTop(t, options, exitUrl).forEach(function (part) { root.appendChild(part); });
    var presetNote = h("p", { class: "hf-preset", hidden: true });
    root.appendChild(presetNote);

    var f = renderForm(t, options, fixed, forOthers);
    var form = f.form, ageInput = f.ageInput, ageError = f.ageError, placeInput = f.placeInput,
      placeError = f.placeError, anonInput = f.anonInput, submit = f.submit;
    var r = renderResults(t, options);
    var wordsInput = f.wordsInput, understoodBox = r.understood;
    var ignoredSituations = []; // chips the user removed: situations of the typed words to leave out
    var results = r.section, resultsTitle = r.title, summary = r.summary, live = r.live, list = r.list,
      moreButton = r.moreButton;
    root.appendChild(h("div", { class: "hf-layout" }, form, results));
    if (options.hideVisit !== false) root.appendChild(renderHideVisit(t));

    /* state */
    var serviceTypeNames = {};
    var ctx = { t: t, lang: lang, serviceTypeNames: serviceTypeNames };
    var controller = null;
    var lastParams = null;
    var page = 1;
    var shown = 0;

    var situationTerms = taxonomy("situation", lang);
    var serviceTypeTerms = taxonomy("service_type", lang).then(function (terms) {
      terms.forEach(function (term) { serviceTypeNames[term.code] = term.name; });
    });

    situationTerms.then(function (terms) {
      renderSituationChoices(terms, forOthers).forEach(function (choice) { f.situationsBox.appendChild(choice); });
      f.situationsSet.hidden = terms.length === 0;
    });

    describePresets();

    function describePresets() {
      var parts = fixed.audience.map(function (a) { return t.audience[a] || a; });
      var regionPromise = fixed.region.length
        ? Promise.all(fixed.region.map(function (code) {
          return request("/v1/regions/" + encodeURIComponent(code), [["lang", lang]])
            .then(function (r) { return (r && r.name) || code; })
            .catch(function () { return code; });
        }))
        : Promise.resolve([]);
      Promise.all([regionPromise, serviceTypeTerms]).then(function (res) {
        var all = parts.concat(res[0]).concat(fixed.serviceTypes.map(function (c) { return serviceTypeNames[c] || c; }));
        if (!all.length) return;
        presetNote.textContent = "";
        append(presetNote, [t.presetIntro + " ", h("strong", { text: all.join(" · ") })]);
        presetNote.hidden = false;
      });
    }

    /* validation */
    function setError(input, errorEl, message, extra) {
      var hintId = input.id + "-hint";
      errorEl.textContent = "";
      if (message) {
        append(errorEl, [h("span", { class: "hf-vh", text: t.errorPrefix }), message]);
        if (extra) append(errorEl, [" ", extra]);
        errorEl.hidden = false;
        input.setAttribute("aria-invalid", "true");
        input.setAttribute("aria-describedby", hintId + " " + errorEl.id);
      } else {
        errorEl.hidden = true;
        input.removeAttribute("aria-invalid");
        input.setAttribute("aria-describedby", hintId);
      }
    }

    function clearErrors() {
      setError(ageInput, ageError, null);
      setError(placeInput, placeError, null);
      summary.classList.remove("hf-is-error");
    }

    function checked(name) {
      return Array.prototype.slice.call(form.querySelectorAll('input[name="' + name + '"]:checked'))
        .map(function (input) { return input.value; });
    }

    function buildParams() {
      var params = [["lang", lang], ["per_page", String(PER_PAGE)]];
      if (gender && gender !== "any") params.push(["gender", gender]);
      var words = wordsInput.value.trim();
      if (words) {
        params.push(["q", words]);
        ignoredSituations.forEach(function (code) { params.push(["q_ignore", code]); });
      }
      var age = ageInput.value.trim();
      if (age) params.push(["age", age]);
      var place = parsePlace(placeInput.value);
      if (place) params.push([place.kind, place.value]);
      (fixed.situations.length ? fixed.situations : checked("situation")).forEach(function (s) { params.push(["situation", s]); });
      checked("channel").forEach(function (c) { params.push(["channel", c]); });
      if (anonInput.checked) params.push(["anonymous", "true"]);
      fixed.audience.forEach(function (a) { params.push(["audience", a]); });
      fixed.region.forEach(function (r) { params.push(["region", r]); });
      fixed.serviceTypes.forEach(function (s) { params.push(["service_type", s]); });
      return params;
    }

    function showChoices() {
      if (f.moreFields.hidden) {
        f.moreFields.hidden = false;
        f.moreToggle.setAttribute("aria-expanded", "true");
      }
    }

    function validate() {
      var age = ageInput.value.trim();
      if (age && (!/^\d{1,3}$/.test(age) || +age > 120)) {
        showChoices();
        setError(ageInput, ageError, t.ageError);
        return ageInput;
      }
      return null;
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      clearErrors();
      var invalid = validate();
      if (invalid) {
        live.textContent = t.errorPrefix + t.ageError;
        invalid.focus();
        return;
      }
      ignoredSituations = [];
      search(buildParams(), { announce: true, reveal: true });
    });

    moreButton.addEventListener("click", function () {
      if (!lastParams) return;
      loadPage(page + 1);
    });

    function setBusy(busy, message) {
      results.setAttribute("aria-busy", busy ? "true" : "false");
      if (busy && message) live.textContent = message;
    }

    function search(params, how) {
      lastParams = params;
      page = 1;
      shown = 0;
      if (controller) controller.abort();
      controller = typeof AbortController === "function" ? new AbortController() : null;
      var signal = controller ? controller.signal : undefined;
      setBusy(true, how.announce ? t.searching : null);
      Promise.all([request("/v1/services", params, { signal: signal }), serviceTypeTerms]).then(function (res) {
        var body = res[0];
        list.textContent = "";
        renderPage(body, { focusFirst: false });
        var text = summaryText(body);
        summary.textContent = text;
        renderUnderstood(body);
        if (how.announce) live.textContent = text;
        setBusy(false);
        if (how.reveal) reveal();
      }).catch(function (err) {
        if (err && err.name === "AbortError") return;
        setBusy(false);
        showSearchError(err, how);
      });
    }

    function loadPage(number) {
      var params = lastParams.filter(function (p) { return p[0] !== "page"; }).concat([["page", String(number)]]);
      moreButton.disabled = true;
      live.textContent = t.loadingMore;
      request("/v1/services", params).then(function (body) {
        page = number;
        moreButton.disabled = false;
        renderPage(body, { focusFirst: true });
        live.textContent = "";
      }).catch(function (err) {
        moreButton.disabled = false;
        live.textContent = t.errorPrefix + (err instanceof ApiError ? t.generic : t.network);
      });
    }

    function reveal() {
      var rect = resultsTitle.getBoundingClientRect();
      var viewport = window.innerHeight || document.documentElement.clientHeight;
      if (rect.top < 0 || rect.top > viewport * 0.6) {
        try {
          var smooth = window.matchMedia && !window.matchMedia("(prefers-reduced-motion: reduce)").matches;
          resultsTitle.scrollIntoView({ behavior: smooth ? "smooth" : "auto", block: "start" });
        } catch (e) { resultsTitle.scrollIntoView(); }
      }
    }

    function understoodSituations(body) {
      return (body && body.interpreted_query && body.interpreted_query.situations) || [];
    }

    /* The order the API uses (README, "sort"): the situations the words name first; with a place the
       nearest help; otherwise help reachable day and night. The summary says which. */
    function summaryText(body) {
      var total = body.total_items || 0;
      if (!total) return t.none;
      var loc = body.interpreted_location;
      var where = loc && (loc.municipality || loc.query);
      var named = understoodSituations(body).map(function (s) { return s.name.toLowerCase(); });
      if (named.length && !where) return t.found(total) + " " + t.situationFirst(listText(named, lang));
      return t.found(total) + " " + (where ? t.nearFirst(where) : t.nationalFirst);
    }

    /* What the typed words were understood as, each a chip that can be removed. */
    function renderUnderstood(body) {
      var situations = understoodSituations(body);
      understoodBox.textContent = "";
      understoodBox.hidden = situations.length === 0;
      if (!situations.length) return;
      var chips = situations.map(function (situation) {
        return h("li", null, h("button", {
          type: "button", class: "hf-chip", "aria-label": t.removeChip(situation.name),
          onclick: function () {
            ignoredSituations.push(situation.code);
            search(buildParams(), { announce: true, reveal: false });
            resultsTitle.focus();
          }
        }, situation.name, h("span", { "aria-hidden": "true", text: "\u2715" })));
      });
      append(understoodBox, [h("p", { text: t.understood }), h("ul", { role: "list" }, chips)]);
    }

    function renderPage(body, how) {
      var items = (body && body.contents) || [];
      var firstNew = null;
      items.forEach(function (service) {
        var card = renderCard(ctx, service);
        list.appendChild(card.item);
        if (!firstNew) firstNew = card.title;
      });
      shown += items.length;
      var left = Math.max(0, (body.total_items || 0) - shown);
      moreButton.hidden = left === 0 || !items.length;
      moreButton.textContent = t.more(left);
      if (how.focusFirst && firstNew) firstNew.focus();
    }

    function showSearchError(err, how) {
      var message = t.generic;
      var focusTarget = null;
      if (err instanceof ApiError && err.status === 422 && err.body && err.body.error) {
        var fields = err.body.error.fields || [];
        fields.forEach(function (f) {
          var problem = String(f.problem || "");
          if (f.field === "postcode" || f.field === "near") {
            var typed = placeInput.value.trim();
            var suggestion = /did you mean ([^?]+)\?/i.exec(problem);
            if (f.field === "near" && suggestion) {
              var name = suggestion[1].trim();
              message = t.placeSuggest(typed, name);
              var btn = h("button", {
                type: "button", class: "hf-button hf-button--secondary hf-suggest", text: t.searchIn(name),
                onclick: function () { placeInput.value = name; form.requestSubmit ? form.requestSubmit(submit) : submit.click(); }
              });
              setError(placeInput, placeError, message, btn);
            } else {
              message = f.field === "postcode" ? t.postcodeUnknown(typed) : t.placeUnknown(typed);
              setError(placeInput, placeError, message);
            }
            focusTarget = placeInput;
          } else if (f.field === "age") {
            message = t.ageError;
            setError(ageInput, ageError, message);
            focusTarget = focusTarget || ageInput;
          }
        });
      } else if (!(err instanceof ApiError)) {
        message = t.network;
      }
      summary.textContent = message;
      summary.classList.add("hf-is-error");
      understoodBox.hidden = true;
      list.textContent = "";
      moreButton.hidden = true;
      if (how.announce) live.textContent = t.errorPrefix + message;
      if (focusTarget) showChoices();
      if (focusTarget && how.announce) focusTarget.focus();
    }

    /* first view: help reachable day and night, before anything is typed (not announced) */
    search(buildParams(), { announce: false, reveal: false });

    return {
      root: root,
      search: function () { form.requestSubmit ? form.requestSubmit(submit) : submit.click(); }
    };
  }

  function uniq(values) {
    return values.filter(function (v, i) { return values.indexOf(v) === i; });
  }

  /* ------------------------------------------------------------------ embedding */

  function autoMount(script) {
    var data = script.dataset;
    var go = function () {
      var target = null;
      try { target = document.querySelector(data.target); } catch (e) { target = null; }
      if (!target) {
        if (window.console) window.console.warn("helpfinder widget: no element matches data-target " + data.target);
        return;
      }
      mount(target, {
        shadow: true,
        exitButton: true,
        lang: data.lang || document.documentElement.lang,
        audience: data.audience,
        region: data.region,
        serviceTypes: data.serviceType,
        situations: data.situation,
        gender: data.gender,
        exitUrl: exitUrlFrom(data.exitUrl) || pageExitUrl()
      });
    };
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", go);
    else go();
  }

  var api = window.HelpFinder || {};
  api.mount = mount;
  api.quickExit = quickExit;
  api.installQuickExit = installQuickExit;
  api.pageExitUrl = pageExitUrl;
  api.pickLang = pickLang;
  window.HelpFinder = api;

  if (thisScript && thisScript.dataset && thisScript.dataset.target) autoMount(thisScript);
})();
