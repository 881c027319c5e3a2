"""HSDS organization, with translations."""

from datetime import datetime

from sqlmodel import Field, Relationship, SQLModel

from api.models.base import new_id, utcnow


class Organization(SQLModel, table=True):
    """An organisation that provides services (HSDS organization)."""

    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    name: str = Field(max_length=200, index=True)
    alternate_name: str | None = Field(default=None, max_length=200)
    description: str = Field(default="", max_length=4000)
    website: str | None = Field(default=None, max_length=500)
    email: str | None = Field(default=None, max_length=254)
    source_url: str | None = Field(default=None, max_length=500)
    version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})
    archived_at: datetime | None = Field(default=None, description="Set when archived (soft delete)")
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)

    services: list["Service"] = Relationship(back_populates="organization")  # noqa: F821
    translations: list["OrganizationTranslation"] = Relationship(
        sa_relationship_kwargs={"cascade": "all, delete-orphan"}
    )


class OrganizationTranslation(SQLModel, table=True):
    """The organisation's name and description in another language (extension)."""

    __tablename__ = "organization_translation"

    organization_id: str = Field(foreign_key="organization.id", primary_key=True, max_length=36, ondelete="CASCADE")
    language: str = Field(primary_key=True, max_length=2)
    name: str | None = Field(default=None, max_length=200)
    description: str | None = Field(default=None, max_length=4000)
