"""The controlled vocabulary as a small in-memory lookup, read once per request."""

from dataclasses import dataclass

from sqlmodel import Session, select

from api.models import Taxonomy, TaxonomyTerm, stable_id

GENDERS = ("male", "female", "nonbinary")
LANGUAGE_NAMES = {"nl": "Nederlands", "en": "English", "pl": "Polski", "ro": "Română", "bg": "Български",
                  "ar": "العربية", "tr": "Türkçe", "uk": "Українська", "de": "Deutsch", "fr": "Français"}


def term_id(taxonomy: str, code: str) -> str:
    """The stable id of a vocabulary term."""
    return stable_id("taxonomy_term", taxonomy, code)


@dataclass(frozen=True)
class Term:
    """A term with its taxonomy code and labels."""

    id: str
    taxonomy: str
    code: str
    name: str
    name_en: str | None

    def label(self, lang: str) -> str:
        """The label in the requested language, Dutch when missing."""
        return (self.name_en or self.name) if lang == "en" else self.name


@dataclass(frozen=True)
class Vocabulary:
    """All terms, by id."""

    terms: dict[str, Term]

    def codes(self, term_ids: list[str], *, taxonomy: str) -> list[str]:
        """Sorted term codes of one taxonomy among these term ids."""
        return sorted(t.code for tid in term_ids if (t := self.terms.get(tid)) and t.taxonomy == taxonomy)

    def ids(self, taxonomy: str) -> dict[str, str]:
        """Term code → id for one taxonomy."""
        return {t.code: t.id for t in self.terms.values() if t.taxonomy == taxonomy}

    def by_code(self, taxonomy: str, code: str) -> Term | None:
        """Look a term up by taxonomy and code."""
        term_id = self.ids(taxonomy).get(code)
        return self.terms[term_id] if term_id else None


def load_vocabulary(session: Session) -> Vocabulary:
    """Read every term with its taxonomy code."""
    rows = session.exec(select(TaxonomyTerm, Taxonomy.code).join(Taxonomy)).all()
    return Vocabulary(
        terms={term.id: Term(id=term.id, taxonomy=code, code=term.code, name=term.name, name_en=term.name_en)
               for term, code in rows}
    )
