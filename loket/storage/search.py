"""The desk's search: what a typed text looks for, and the rows it finds, through the
database's own text index (migration 6).

A text of letters finds every request whose name holds each of its words anywhere
(``MUSTAFA`` finds ``ABDUL MUSTAFA``); a text with a "/", or with letters and digits
mixed, finds any part of a Suket or receipt number (``0012/``, ``LKT01``, ``III/2026``);
digits alone are the start of a NIK, except when they start with 0, which no NIK
does (province codes run from 11) and sequence numbers do (``0012``).

Parts of three characters or more go to the text index: FTS5's trigram tokenizer on
SQLite, pg_trgm's GIN indexes on PostgreSQL. Rows found through it come in the
order of their id (the order they were taken), which the index itself yields, so a
page is read without sorting however many rows match. Shorter words cannot be
looked up by trigrams: next to a longer word they are checked on the rows found;
alone, they are the start of the name (or number), read from the desk's btree
indexes like before.
"""

from __future__ import annotations

from dataclasses import dataclass

import peewee

from loket.storage import backend
from loket.storage.models import BaseModel, Request, use

MIN_INDEXED = 3  # characters a trigram index can look up
PREFIX_COLUMNS = {"nik": "nik", "number": "doc_number", "name": "name"}
# What each filter of the desk is called in ``tally``'s answer, in the order the list names them.
FILTERS = ("state", "purpose", "station", "dates")


class RequestSearch(BaseModel):
    """SQLite's FTS5 index of migration 6 (its rows hold no text of their own)."""

    rowid = peewee.IntegerField(primary_key=True)
    name = peewee.TextField()
    doc_number = peewee.TextField()

    class Meta:
        table_name = "requests_search"


@dataclass(frozen=True)
class SearchQuery:
    kind: str  # "nik" | "number" | "name"
    text: str  # as compared: upper case, spaces collapsed (and none in a NIK or number)
    indexed: tuple[str, ...] = ()  # parts looked up in the text index
    checked: tuple[str, ...] = ()  # shorter words, checked on the rows found

    @property
    def uses_text_index(self) -> bool:
        return bool(self.indexed)

    @property
    def column(self) -> str:
        return PREFIX_COLUMNS[self.kind]


def parse(text: str) -> SearchQuery | None:
    """What a search box text looks for (None when it is empty)."""
    text = " ".join(str(text or "").split()).upper()
    if not text:
        return None
    compact = text.replace(" ", "")
    ascii_text = compact.isascii()
    if ascii_text and compact.isdigit() and not compact.startswith("0"):
        return SearchQuery("nik", compact)
    mixed = ascii_text and any(c.isdigit() for c in compact) and any(c.isalpha() for c in compact)
    if "/" in compact or mixed or (ascii_text and compact.isdigit()):
        return SearchQuery("number", compact, (compact,) if len(compact) >= MIN_INDEXED else ())
    words = tuple(dict.fromkeys(text.split()))
    long_words = tuple(word for word in words if len(word) >= MIN_INDEXED)
    if not long_words:
        return SearchQuery("name", text)
    return SearchQuery("name", text, long_words, tuple(word for word in words if len(word) < MIN_INDEXED))


def has_text_index(db: peewee.Database) -> bool:
    """SQLite: whether migration 6 could make the FTS5 table (noted on the connection)."""
    found = getattr(db, "loket_text_index", None)
    if found is None:
        found = "requests_search" in backend.table_names(db)
        db.loket_text_index = found
    return found


def _like(column: peewee.Field, part: str) -> peewee.Expression:
    """``column`` holds ``part`` anywhere; LIKE's own wildcards in it are taken literally."""
    escaped = part.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return peewee.NodeList((column, peewee.SQL("LIKE"), f"%{escaped}%", peewee.SQL("ESCAPE '\\'")))


def _phrase(part: str) -> str:
    return '"' + part.replace('"', '""') + '"'


@dataclass(frozen=True)
class Source:
    """Where the rows of a text search come from: ``select(*fields)`` gives a query over
    them, ``terms`` keep the matching ones, ``key`` is the id to order and page by;
    ``upto``: the text index's rows are read up to this id (search_backlog's mark) when
    rows wait above it, read by the ``tail`` source;
    ``tail``: the few rows above the mark, best read in id order from the row id."""

    fts: bool
    terms: tuple[peewee.Node, ...]
    key: peewee.Field
    upto: int | None = None
    tail: bool = False

    def count(self, *terms: peewee.Node) -> int:
        """The matches that also meet ``terms``."""
        if self.fts and not terms and len(self.terms) == 1:
            # Nothing to check on the rows: the index counts its own matches, no row is read.
            return RequestSearch.select().where(*self.terms, *self._bound()).count()
        return self.select(self.key).where(*self.terms, *terms).count()

    def select(self, *fields) -> peewee.Select:
        if self.fts:
            # The index drives (CROSS JOIN keeps SQLite from reordering): its rowid order is the page's.
            return (RequestSearch.select(*fields).join(Request, peewee.JOIN.CROSS)
                    .where(Request.id == RequestSearch.rowid, *self._bound()))
        return Request.select(*fields)

    def _bound(self) -> tuple[peewee.Node, ...]:
        return () if self.upto is None else (RequestSearch.rowid <= self.upto,)


def sources(db: peewee.Database, query: SearchQuery) -> tuple[Source, ...]:
    """The rows matching a query of the text index (``query.uses_text_index``), in id order:
    on SQLite the index's rows up to its mark, then the rows saved since, read directly
    (the index is brought up to date after the save: search_backlog). Both against the
    one mark read here, so a row is found once, whenever it is indexed."""
    from loket.storage.search_backlog import marks

    use(db)
    column = getattr(Request, query.column)
    checked = tuple(_like(column, word) for word in query.checked)
    likes = tuple(_like(column, part) for part in query.indexed) + checked
    if backend.is_postgres(db) or not has_text_index(db):
        # pg_trgm's GIN index serves LIKE '%...%'; without an index this reads the rows.
        return (Source(False, likes, Request.id),)
    upto, newest = marks(db)
    fts_column = getattr(RequestSearch, query.column)
    terms = (peewee.Expression(fts_column, "MATCH", match_text(query)),) + checked
    if newest <= upto:
        # Every row is the index's: one query, and no bound (a row indexed meanwhile is
        # newer than this search, and found once all the same).
        return (Source(True, terms, RequestSearch.rowid),)
    return Source(True, terms, RequestSearch.rowid, upto), Source(False, (Request.id > upto,) + likes, Request.id,
                                                                 tail=True)


def match_text(query: SearchQuery) -> str:
    """FTS5's MATCH for the parts of a query the index can look up: each a phrase, all of them."""
    return " AND ".join(_phrase(part) for part in query.indexed)


# -- what the filters hide ---------------------------------------------------------------


@dataclass(frozen=True)
class Tally:
    shown: int  # matches the list shows (every filter kept)
    hidden: dict[str, int]  # filter (FILTERS) -> matches that this filter alone keeps off the list


def tally(db: peewee.Database, flt) -> Tally | None:
    """Count a search's matches: those on the list, and for each filter set, those it
    alone hides (e.g. ``{"state": 3}``: three more rows match in states the filter
    leaves out). None without a search.

    Each is a count with that one filter lifted, less the rows shown: the counts the
    desk already makes from its indexes (a state lifted from a prefix search counts
    index entries only), never a pass over the matching rows grouped by every column.
    """
    import dataclasses

    from loket.storage import desk

    if parse(flt.search) is None:
        return None
    shown = desk.count(db, flt)
    lifted = {
        "state": {"states": ()} if bool(flt.states) and set(flt.states) != set(desk.STATES) else None,
        "purpose": {"purpose": None} if flt.purpose else None,
        "station": {"station_id": None} if flt.station_id else None,
        "dates": {"created_from": None, "created_to": None}
        if flt.created_from is not None or flt.created_to is not None else None,
    }
    hidden = {}
    for name in FILTERS:
        if lifted[name] is not None:
            more = desk.count(db, dataclasses.replace(flt, **lifted[name])) - shown
            if more > 0:
                hidden[name] = more
    return Tally(shown, hidden)
