# Both alternatives of the relation pattern match a typed assignment; tree-sitter
# keeps only the one with the type.
from sqlalchemy.orm import Mapped, relationship
from sqlalchemy import Column, ForeignKey, Integer

import importlib, os.path as osp  # two names, one aliased


class Group(Base):
    __tablename__ = "groups"
    users: Mapped[list["User"]] = relationship("User", back_populates="group")
    owner = relationship("User")
    owner_id = Column(Integer, ForeignKey("users.id"), ForeignKey("orgs.id"))

    class Meta:
        db_table = "group_table"
        abstract = True


def load(name):
    plugin = __import__("plugins")  # anchored both ends
    other = __import__("a", "b")  # not: a second argument
    mod = importlib.import_module(
        # a comment before the first argument
        "x.y"
    )
    Group.objects.filter(id=1).update(name=name)
    Group.objects.select_related("owner", "users").get(pk=1)
    call("/a", "/b", inner("/c"))
    x = y = z = build(a=1, b=2, c=3)
    total += 1
    return plugin, other, mod
