"""HSDS taxonomy and taxonomy_term, with Dutch and English labels."""

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from api.models.base import new_id


class Taxonomy(SQLModel, table=True):
    """A vocabulary: service_type, audience, situation or gender."""

    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    code: str = Field(max_length=40, unique=True)
    name: str = Field(max_length=120)
    name_en: str | None = Field(default=None, max_length=120)
    description: str | None = Field(default=None, max_length=1000)
    description_en: str | None = Field(default=None, max_length=1000)
    uri: str | None = Field(default=None, max_length=500)
    version: str | None = Field(default=None, max_length=40)


class TaxonomyTerm(SQLModel, table=True):
    """One term of a vocabulary, identified in the API by its code (e.g. `helpline`)."""

    __tablename__ = "taxonomy_term"
    __table_args__ = (UniqueConstraint("taxonomy_id", "code"),)

    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    taxonomy_id: str = Field(foreign_key="taxonomy.id", index=True, max_length=36)
    code: str = Field(max_length=60, index=True)
    name: str = Field(max_length=120)
    name_en: str | None = Field(default=None, max_length=120)
    description: str | None = Field(default=None, max_length=1000)
    description_en: str | None = Field(default=None, max_length=1000)
    parent_id: str | None = Field(default=None, foreign_key="taxonomy_term.id", max_length=36)
