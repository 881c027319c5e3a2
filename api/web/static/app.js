/*
 * The help-finder page (/ in Dutch, /en/ in English; one HTML file).
 * Picks the language from the path, translates the page's own texts, wires the quick exit
 * (button and Escape key) and renders the search with window.HelpFinder from /widget.js.
 */
(function () {
  "use strict";

  var lang = /^\/en(\/|$)/.test(window.location.pathname) ? "en" : "nl";

  var EN = {
    pageTitle: "Find help – discreet and nearby",
    description: "Find discreet help for boys and men: nearby, by chat or phone, often free and anonymous.",
    skip: "Skip to the help",
    brand: "Helpfinder",
    exit: "Leave this site",
    exitKey: "or press Esc",
    langNav: "Language",
    title: "Help that fits you",
    lead: "Do you have sex for money or things, are you being pressured, or used online? You are not the only one. " +
      "Here you find people who can help you. Often for free, and often without giving your name.",
    leadOthers: "Are you worried about your son, a friend or a pupil? You can find help here too.",
    hideTitle: "How to hide your visit",
    hide1: "Use a private (incognito) window. Then your browser does not remember you were here.",
    hide2: "Clear your browsing history afterwards if you need to. You can do this in your browser's settings.",
    hide3: "Press ‘Leave this site’ or the Esc key. You go to a weather site. The Back button does not bring you back to this page.",
    privacy: "This site uses no cookies. We do not keep track of who you are or what you search for. Your postcode stays on our server."
  };

  if (lang === "en") {
    document.documentElement.lang = "en";
    document.title = EN.pageTitle;
    var description = document.querySelector('meta[name="description"]');
    if (description) description.setAttribute("content", EN.description);
    Array.prototype.forEach.call(document.querySelectorAll("[data-i18n]"), function (el) {
      var text = EN[el.getAttribute("data-i18n")];
      if (text) el.textContent = text;
    });
    Array.prototype.forEach.call(document.querySelectorAll("[data-i18n-aria-label]"), function (el) {
      var text = EN[el.getAttribute("data-i18n-aria-label")];
      if (text) el.setAttribute("aria-label", text);
    });
    var switcher = document.getElementById("lang-switch");
    if (switcher) {
      switcher.textContent = "Nederlands";
      switcher.setAttribute("href", "/");
      switcher.setAttribute("hreflang", "nl");
      switcher.setAttribute("lang", "nl");
    }
  }

  var finder = window.HelpFinder;
  var exitUrl = finder ? finder.installQuickExit() : "https://www.buienradar.nl/";
  var exitButton = document.getElementById("quick-exit");
  if (exitButton) {
    exitButton.setAttribute("href", exitUrl);
    exitButton.addEventListener("click", function (event) {
      event.preventDefault();
      if (finder) finder.quickExit(exitUrl);
      else window.location.replace(exitUrl);
    });
  }
  if (!finder) {
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape") window.location.replace(exitUrl);
    });
    return;
  }

  finder.mount(document.getElementById("finder"), {
    lang: lang,
    shadow: false,
    exitButton: false,
    hideVisit: false,
    exitUrl: exitUrl
  });
})();
